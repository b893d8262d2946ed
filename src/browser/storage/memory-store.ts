import type { Store } from './store';

/** The last resort: lives as long as the page, works when cookies and localStorage are blocked or not consented. */
export function memoryStore(): Store {
  const values: Record<string, string> = {};
  return {
    get: (key) => values[key] || null,
    set: (key, value) => {
      values[key] = value;
    },
    remove: (key) => {
      delete values[key];
    },
  };
}
