import type { Store } from './store';

/**
 * localStorage. Reaching `window.localStorage` itself throws in sandboxed iframes and some privacy modes, so the
 * property is read on every call; the layered store catches what throws.
 */
export function localStore(win: Window): Store {
  return (key, value) => {
    const storage = win.localStorage;
    return value === undefined ? storage.getItem(key) : value ? storage.setItem(key, value) : storage.removeItem(key);
  };
}
