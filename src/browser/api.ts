import { warn } from './log.js';
import type { QueuedCall, RoktBridge } from './types.js';

type Method = (...args: never[]) => unknown;
export type Methods = Omit<RoktBridge, 'push' | 'version'>;

/**
 * The public object over the bridge's methods: no exception escapes into the host page (each call catches and reports
 * its own), and `push` runs queued-style calls (`['setEmail', email]`) by name, one bad call never stopping the rest.
 */
export function publicApi(methods: Methods, version: string): RoktBridge {
  const table = methods as unknown as Record<string, Method>;
  const api = { version } as unknown as Record<string, unknown>;
  table.push = function () {
    for (let i = 0; i < arguments.length; i++) {
      const call: QueuedCall = arguments[i] || [];
      // Own names only (not toString…). The warning echoes nothing the caller passed: a mistyped call may hold an
      // email anywhere, its first element included.
      if ({}.hasOwnProperty.call(table, call[0])) (api[call[0]] as Method).apply(0, [].slice.call(call, 1) as never[]);
      else warn('push(): unknown call; calls are ' + Object.keys(table).join(', '));
    }
  };
  Object.keys(table).forEach((name) => {
    api[name] = function () {
      try {
        return table[name].apply(0, arguments as unknown as never[]);
      } catch (error) {
        warn('' + error);
      }
    };
  });
  return api as unknown as RoktBridge;
}
