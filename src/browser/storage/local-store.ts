import type { Store } from './store.js';

/**
 * localStorage. Reaching `localStorage` itself throws in sandboxed iframes and some privacy modes, so it is read on
 * every call; the layered store catches what throws.
 */
export const localStore: Store = (key, value) =>
  value === undefined
    ? localStorage.getItem(key)
    : value
      ? localStorage.setItem(key, value)
      : localStorage.removeItem(key);
