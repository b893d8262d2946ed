import type { ConsentEvent } from './consent.js';
import type { Log } from './log.js';
import type { Identity } from './types.js';

/** A dataLayer entry: an object push (`{event: 'purchase'}`) or a gtag command (an `arguments` object). */
export type Entry = Record<string | number, unknown>;
type Params = Record<string, unknown>;

/** The dataLayer array, created when missing (`window.dataLayer = window.dataLayer || []`). */
export const dataLayerOf = (host: Record<string, Entry[]>, name: string): Entry[] => (host[name] = host[name] || []);

/**
 * Hooks `layer.push`: `inspect` sees the values of every push from now on, before the push goes through, and the
 * previous `push` then gets the same values. So what `inspect` attaches is seen by GTM whichever wrapped `push` first:
 * if GTM wrapped before us, its wrapper runs after ours; if GTM wraps after us, it calls ours first and then processes
 * the values (that is how google/data-layer-helper wraps `push`). `inspect` must not throw.
 *
 * Returns the push for the bridge's own entries, which keeps the dataLayer in order: an entry the bridge makes while
 * a site's push is inspected or forwarded (the `rokt_identity` a consent update released, say) waits until that push
 * has gone through, and then follows it. Why: GTM evaluates triggers message by message, in the dataLayer's order,
 * with the consent state the earlier messages set, so an identity pushed ahead of the consent update that released
 * it would be evaluated while `ad_storage` still reads denied, and a tag on `rokt_identity` that requires ad_storage
 * would not fire. google/data-layer-helper, whose processing GTM's follows, keeps the same order for what is pushed
 * while it processes a message: it joins the queue behind that message (src/helper/data-layer-helper.js,
 * `processStates_`: "This can happen if the listener itself is causing new states to be pushed onto the dataLayer"),
 * and each message is seen with "the abstract model at the time of the message" (its README, "Processing the Past").
 *
 * When GTM wrapped `push` after us (a script tag that ran before gtm.js), GTM calls our `push` first and processes
 * the site's values only when it returns: the dataLayer's order is then right, but GTM has already processed our
 * entries, which went through its wrapper from inside ours. Ordering GTM's processing there too would take deferring
 * our entries past GTM's wrapper (a microtask), which is not done. The Custom HTML tag (the import file's install)
 * runs after gtm.js wrapped `push`, and there GTM processes our entries after the site's.
 *
 * A site that later replaces the array (`window.dataLayer = []`) leaves this hook on the old one, as it leaves GTM's:
 * Google's data layer guide (developers.google.com/tag-manager/web/datalayer, "Troubleshooting") says never to
 * overwrite `window.dataLayer`.
 */
export function interceptPushes(
  layer: Entry[],
  inspect: (entries: ArrayLike<Entry>) => void,
  forward: (entry: Entry) => void,
): (entry: Entry) => void {
  const previous = layer.push;
  // The bridge's entries made while the site's push on top of the stack is read or forwarded; undefined when none is.
  let held: Entry[] | undefined;
  const push = (entry: Entry) => (held ? held.push(entry) : forward(entry));
  layer.push = function (this: Entry[]) {
    const outer = held;
    held = [];
    try {
      inspect(arguments);
      return previous.apply(this, arguments as unknown as Entry[]);
    } finally {
      // A push made inside another (a GTM tag's, while GTM processes the outer one) hands its entries to the outer.
      const entries = held;
      held = outer;
      entries.forEach(push);
    }
  };
  return push;
}

/**
 * True for a gtag command: the `arguments` object `gtag()` pushes. Only those are commands to GTM: its dataLayer
 * processing (google/data-layer-helper, `processStates_`) runs the registered command processors (`consent`, `set`,
 * `event`, …) for an Arguments object, while a plain array is a "command array" that calls a method on a data-model
 * value (`['abc.push', 4]`), so `dataLayer.push(['consent', 'update', {…}])` changes no consent state in GTM.
 * The bundle reads the dataLayer the way GTM does.
 */
function isGtagCommand(entry: Entry): boolean {
  return {}.toString.call(entry) === '[object Arguments]';
}

/** What one dataLayer entry means to the bridge; each part is missing when the entry does not carry it. */
export interface EntryMeaning {
  /** A Consent Mode `ad_storage` decision. */
  consent?: ConsentEvent;
  /**
   * An email given in GA4-style `user_data`, as given (the bridge checks and hashes it). Missing when the entry
   * gives none, so that only an email that was given can be reported as rejected.
   */
  email?: unknown;
  /** A conversion's parameters, where its identifiers go. */
  conversion?: Params;
}

/**
 * What an entry means, read as GTM reads it. An object push: GA4 `user_data` (`{user_data: {email}}`), and a
 * conversion when its `event` is one of `conversionEvents` (the push itself carries the identifiers). A gtag command:
 * `('consent', 'default' | 'update', {ad_storage})` when `followConsentMode` (GTM accepts only `granted` and
 * `denied`: any other value means nothing), `('set', 'user_data', {email})`, and `('event', name, params)` for a
 * conversion name (gtag.js sites without GTM report conversions this way; params are created when the call had none,
 * and `length` grown, since GTM reads an Arguments object up to its length).
 */
export function readEntry(
  entry: Entry,
  followConsentMode: boolean,
  conversionEvents: string[],
  log: Log,
): EntryMeaning {
  if (!isGtagCommand(entry))
    return {
      email: userDataEmail(entry.user_data),
      conversion: conversionEvents.indexOf(entry.event as string) >= 0 ? entry : undefined,
    };
  const name = entry[1];
  const params = entry[2] as Params | undefined;
  if (entry[0] === 'consent' && followConsentMode) {
    const value = params && params.ad_storage;
    if (value === 'granted' || value === 'denied')
      return { consent: name === 'default' ? (('default ' + value) as ConsentEvent) : value };
    if (value) log('ignored ad_storage value');
  }
  if (entry[0] === 'set' && name === 'user_data') return { email: userDataEmail(params) };
  if (entry[0] === 'event' && conversionEvents.indexOf(name as string) >= 0) {
    if (params === undefined) {
      entry[2] = {};
      entry.length = 3;
    }
    return { conversion: entry[2] && typeof entry[2] === 'object' ? (entry[2] as Params) : undefined };
  }
  return {};
}

/** GA4 accepts a hashed or a plain address, and a list of them: the first one is used. */
function userDataEmail(data: unknown): unknown {
  const fields = data as Params | null | undefined;
  const email = fields ? fields.sha256_email_address || fields.email || fields.email_address : undefined;
  return Array.isArray(email) ? email[0] : email;
}

/** Adds the known identifiers to a conversion, keeping any value the site set itself. */
export function attach(target: Params, known: Identity): void {
  for (const key in known) target[key] = target[key] || known[key as keyof Identity];
}
