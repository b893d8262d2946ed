import type { Store } from './store.js';

/**
 * Several stores read in priority order and written together. The first store holding a non-empty value wins, so
 * with `[cookie, localStorage]` the cookie (shared by every subdomain) beats localStorage (one origin only). Each
 * store call is isolated: a store that throws is reported and skipped, never allowed to stop the others.
 */
export function layeredStore(stores: Store[], report: (what: string) => void): Store {
  return (key, value, expires) => {
    for (let i = 0; i < stores.length; i++) {
      try {
        const found = stores[i](key, value, expires);
        if (found) return found;
      } catch (error) {
        report(key + ': ' + error);
      }
    }
  };
}
