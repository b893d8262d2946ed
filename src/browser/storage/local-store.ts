import type { Store } from './store';

/**
 * localStorage. Reaching `window.localStorage` itself throws in sandboxed iframes and some privacy modes, so the
 * property is read on every call; the composite store catches what throws.
 */
export function localStore(win: Window): Store {
  return {
    get: (key) => win.localStorage.getItem(key) || null,
    set: (key, value) => win.localStorage.setItem(key, value),
    remove: (key) => win.localStorage.removeItem(key),
  };
}
