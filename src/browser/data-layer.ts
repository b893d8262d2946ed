/** A dataLayer entry: an object push (`{event: 'purchase'}`) or a gtag command (an `arguments` object or array). */
export type Entry = Record<string | number, unknown>;
type Params = Record<string, unknown>;

/** The dataLayer array, created when missing (`window.dataLayer = window.dataLayer || []`). */
export const dataLayerOf = (host: Record<string, Entry[]>, name: string): Entry[] => (host[name] = host[name] || []);

/**
 * Calls `inspect` with the values of every push from now on, before the push goes through, then hands the same
 * values to the previous `push`. So what `inspect` attaches is seen by GTM whichever wrapped `push` first: if GTM
 * wrapped before us, its wrapper runs after ours; if GTM wraps after us, it calls ours first and then processes the
 * values (that is how google/data-layer-helper wraps `push`). `inspect` must not throw.
 */
export function interceptPushes(layer: Entry[], inspect: (entries: ArrayLike<Entry>) => void): void {
  const previous = layer.push;
  layer.push = function (this: Entry[]) {
    inspect(arguments);
    return previous.apply(this, arguments as unknown as Entry[]);
  };
}

/** The `ad_storage` value a gtag `['consent', 'default' | 'update', {ad_storage}]` command sets, if it is one. */
export function adStorage(entry: Entry): unknown {
  return entry[0] === 'consent' && entry[2] && (entry[2] as Params).ad_storage;
}

/**
 * The email in GA4-style `user_data`: a push of `{user_data: {email}}`, or gtag's `gtag('set', 'user_data', {email})`.
 * GA4 accepts a list of addresses; the first one is used.
 */
export function userDataEmail(entry: Entry): unknown {
  const data = (entry[0] === 'set' && entry[1] === 'user_data' ? entry[2] : entry.user_data) as Params | undefined;
  const email = data && (data.sha256_email_address || data.email || data.email_address);
  return Array.isArray(email) ? email[0] : email;
}
