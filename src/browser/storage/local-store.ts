import type { Store } from './store.js';

/**
 * localStorage, one origin's copy. Reaching `localStorage` itself throws in sandboxed iframes and some privacy modes,
 * so it is looked up on every call (and `guarded` catches what throws). It keeps no expiry: the identity module
 * checks the attribution window on every read.
 */
export const localStore: Store = {
  read: (key) => localStorage.getItem(key) || undefined,
  write: (key, value) => localStorage.setItem(key, value),
  remove: (key) => localStorage.removeItem(key),
};
