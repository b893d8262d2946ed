import type { Store } from './store';

/**
 * Several stores read in priority order and written together. The first store holding a non-empty value wins, so
 * with `[cookie, localStorage, memory]` the cookie (shared by every subdomain) beats localStorage (one origin only)
 * and memory catches what both lose when they are blocked. Each store call is isolated: a store that throws is
 * reported and skipped, never allowed to stop the others. `usable` decides, per call, which stores may be touched;
 * that is where consent gates every write and read of persistent storage.
 */
export function layeredStore(
  stores: Store[],
  usable: (store: Store) => boolean,
  report: (message: string) => void,
): Store {
  function each(action: 'get' | 'set' | 'remove', key: string, value?: string, expires?: Date): string | null {
    for (let i = 0; i < stores.length; i++) {
      if (!usable(stores[i])) continue;
      try {
        const found = stores[i][action](key, value as string, expires as Date);
        if (found) return found;
      } catch (error) {
        report(`store ${i} failed to ${action} ${key}: ${error}`);
      }
    }
    return null;
  }
  return {
    get: (key) => each('get', key),
    set: (key, value, expires) => {
      each('set', key, value, expires);
    },
    remove: (key) => {
      each('remove', key);
    },
  };
}
