import type { Log } from '../log.js';

/**
 * One place an identifier can live (a cookie, localStorage), after Segment analytics-next's storage layer: named
 * read, write and remove. Missing and empty both read as `undefined`, so an empty value left by a consent tool that
 * blanks cookies instead of deleting them never wins over a real one (segmentio/analytics-next#706).
 */
export interface Store {
  read(key: string): string | undefined;
  write(key: string, value: string, expires: Date): void;
  remove(key: string): void;
}

/**
 * The priority rule, in this one place: of the values read from stores listed in priority order (cookie first, shared
 * by every subdomain; then localStorage, one origin only), the first non-empty one wins.
 */
export function firstValue(values: (string | undefined)[]): string | undefined {
  for (let i = 0; i < values.length; i++) if (values[i]) return values[i];
}

/**
 * The store with every call isolated: what throws (cookies disabled in a sandboxed iframe, localStorage in a privacy
 * mode or over quota) is reported and reads as missing, so one broken store never stops the others.
 */
export function guarded(store: Store, name: string, report: Log): Store {
  // One wrapper per method name, so the three share one compiled function and no call allocates a closure.
  const attempt =
    (method: keyof Store) =>
    (key: string, value?: string, expires?: Date): never => {
      try {
        return (store[method] as (key: string, value?: string, expires?: Date) => never)(key, value, expires);
      } catch (error) {
        report(name + ': ' + error);
        return undefined as never;
      }
    };
  return { read: attempt('read'), write: attempt('write'), remove: attempt('remove') };
}
