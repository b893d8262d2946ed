import type { ConsentState } from './types';

/** A dataLayer entry: an object push (`{event: 'purchase'}`) or a gtag command (an `arguments` object or array). */
export type Entry = Record<string | number, unknown>;

/** The dataLayer array, created when missing (`window.dataLayer = window.dataLayer || []`). */
export function dataLayerOf(win: Window, name: string): Entry[] {
  const host = win as unknown as Record<string, Entry[]>;
  return (host[name] = host[name] || []);
}

/**
 * Calls `inspect` on every object pushed from now on, before the push goes through, then hands the same objects to
 * the previous `push`. So whatever `inspect` attaches is seen by GTM whichever wrapped `push` first: if GTM wrapped
 * before us, its wrapper runs after ours; if GTM wraps after us, it calls ours first and then processes the objects
 * (that is how google/data-layer-helper wraps `push`). `inspect` errors never reach the site's `push` call.
 */
export function interceptPushes(dataLayer: Entry[], inspect: (entry: Entry) => void, report: (error: unknown) => void): void {
  const previous = dataLayer.push;
  dataLayer.push = function (this: Entry[]) {
    for (let i = 0; i < arguments.length; i++) {
      try {
        if (arguments[i] && typeof arguments[i] === 'object') inspect(arguments[i]);
      } catch (error) {
        report(error);
      }
    }
    // biome-ignore lint/complexity/noArguments: forwards the caller's arguments unchanged, as GTM's wrapper does
    return previous.apply(this, arguments as unknown as Entry[]);
  };
}

/** `['consent', 'default' | 'update', {ad_storage}]`, as gtag pushes it: the `ad_storage` state it sets, if any. */
export function consentCommand(entry: Entry): ConsentState | undefined {
  const settings = entry[2] as Entry | undefined;
  if (entry[0] === 'consent' && settings && settings.ad_storage) {
    return settings.ad_storage === 'granted' ? 'granted' : 'denied';
  }
}

/**
 * The email GA4-style `user_data` carries, from `{user_data: {...}}` or gtag's `['set', 'user_data', {...}]`. GA4
 * accepts a list of addresses; the first one is used.
 */
export function userDataEmail(entry: Entry): unknown {
  const data = (entry[0] === 'set' && entry[1] === 'user_data' ? entry[2] : entry.user_data) as Entry | undefined;
  if (!data || typeof data !== 'object') return;
  const email = data.sha256_email_address || data.email || data.email_address;
  return Object.prototype.toString.call(email) === '[object Array]' ? (email as unknown[])[0] : email;
}

/**
 * The parameters object of a conversion the site pushes: `{event: name, …}` itself, or the parameters of gtag's
 * `['event', name, {…}]`. Undefined for anything else.
 */
export function conversionParams(entry: Entry, conversionEvents: string[]): Entry | undefined {
  if (entry[0] === 'event') {
    const params = entry[2] as Entry | undefined;
    if (conversionEvents.indexOf(entry[1] as string) >= 0 && params && typeof params === 'object') return params;
  } else if (conversionEvents.indexOf(entry.event as string) >= 0) return entry;
}
