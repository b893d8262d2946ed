import type { ConsentEvent } from './consent.js';
import type { Log } from './log.js';
import type { Identity } from './types.js';

/** A dataLayer entry: an object push (`{event: 'purchase'}`) or a gtag command (an `arguments` object). */
export type Entry = Record<string | number, unknown>;
type Params = Record<string, unknown>;

/** The dataLayer array, created when missing (`window.dataLayer = window.dataLayer || []`). */
export const dataLayerOf = (host: Record<string, Entry[]>, name: string): Entry[] => (host[name] = host[name] || []);

/**
 * Calls `inspect` with the values of every push from now on, before the push goes through, then hands the same
 * values to the previous `push`. So what `inspect` attaches is seen by GTM whichever wrapped `push` first: if GTM
 * wrapped before us, its wrapper runs after ours; if GTM wraps after us, it calls ours first and then processes the
 * values (that is how google/data-layer-helper wraps `push`). `inspect` must not throw.
 *
 * A site that later replaces the array (`window.dataLayer = []`) leaves this hook on the old one, as it leaves GTM's:
 * Google's data layer guide (developers.google.com/tag-manager/web/datalayer, "Troubleshooting") says never to
 * overwrite `window.dataLayer`.
 */
export function interceptPushes(layer: Entry[], inspect: (entries: ArrayLike<Entry>) => void): void {
  const previous = layer.push;
  layer.push = function (this: Entry[]) {
    inspect(arguments);
    return previous.apply(this, arguments as unknown as Entry[]);
  };
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

/** The `ad_storage` value a gtag `('consent', 'default' | 'update', {ad_storage})` command sets, if it is one. */
export function adStorage(entry: Entry): unknown {
  return isGtagCommand(entry) && entry[0] === 'consent' && entry[2] && (entry[2] as Params).ad_storage;
}

/** The consent event a gtag consent command carries. GTM accepts only `granted` and `denied`: anything else is none. */
export function consentEvent(entry: Entry, log: Log): ConsentEvent | undefined {
  const value = adStorage(entry);
  if (value !== 'granted' && value !== 'denied') {
    if (value) log('ignored ad_storage value');
    return;
  }
  return entry[1] === 'default' ? (('default ' + value) as ConsentEvent) : value;
}

/**
 * The parameters object of a gtag `('event', name, params)` command whose name is in `names`, created when the
 * call had none (gtag.js sites without GTM report conversions this way), and `length` grown, since GTM reads an
 * Arguments object up to its length.
 */
export function gtagEventParams(entry: Entry, names: string[]): Params | undefined {
  if (!isGtagCommand(entry) || entry[0] !== 'event' || names.indexOf(entry[1] as string) < 0) return;
  if (entry[2] === undefined) {
    entry[2] = {};
    entry.length = 3;
  }
  return entry[2] && typeof entry[2] === 'object' ? (entry[2] as Params) : undefined;
}

/** Where a conversion's identifiers go: a `{event: name}` push itself, or a gtag event's parameters. */
export function conversionTarget(entry: Entry, names: string[]): Params | undefined {
  return names.indexOf(entry.event as string) >= 0 ? entry : gtagEventParams(entry, names);
}

/** Adds the known identifiers to a conversion, keeping any value the site set itself. */
export function attach(target: Params, known: Identity): void {
  for (const key in known) target[key] = target[key] || known[key as keyof Identity];
}

/**
 * The email in GA4-style `user_data`: a push of `{user_data: {email}}`, or gtag's `gtag('set', 'user_data', {email})`.
 * GA4 accepts a list of addresses; the first one is used. `undefined` when the entry carries no email at all (every
 * other gtag command, a push without `user_data`), so that only an email that was given can be reported as rejected.
 */
export function userDataEmail(entry: Entry): unknown {
  const data = (isGtagCommand(entry) ? entry[0] === 'set' && entry[1] === 'user_data' && entry[2] : entry.user_data) as
    | Params
    | undefined;
  const email = data ? data.sha256_email_address || data.email || data.email_address : undefined;
  return Array.isArray(email) ? email[0] : email;
}
