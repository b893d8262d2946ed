import type { Config } from './config.js';
import { adStorage, dataLayerOf, type Entry, gtagEventParams, interceptPushes, userDataEmail } from './data-layer.js';
import { emailSha256 } from './email.js';
import { debugLog, warn } from './log.js';
import { findRoktId, isRoktId } from './rokt-id.js';
import { cookieStore } from './storage/cookie-store.js';
import { layeredStore } from './storage/layered-store.js';
import { localStore } from './storage/local-store.js';
import type { ConsentState, Identity, QueuedCall, RoktBridge } from './types.js';
import { VERSION } from './version.js';

// Size notes (every byte here is paid on every page view of the advertiser's site): strings are joined with `+`,
// because TypeScript down-levels template literals to longer `.concat()` calls; state lives in closure variables,
// whose names the minifier shortens; debug messages are terse.

/** Storage keys. `RoktTransactionId` is also what Rokt's own web SDK reads. */
export const ID_KEY = 'RoktTransactionId';
export const SEEN_KEY = 'RoktTransactionIdSeen';
export const EMAIL_KEY = 'RoktEmailSha256';
/**
 * When the identifiers were last cleared (clear() or a revoke), in ms: a registrable-domain cookie every subdomain sees,
 * and a localStorage copy per origin saying which clear that origin has applied to its own localStorage.
 */
export const CLEARED_KEY = 'RoktTransactionIdCleared';
/** How long the clear marker lives: 400 days, the longest any attribution window (or a browser) keeps a cookie. */
const CLEARED_MS = 400 * 864e5;

/**
 * Starts the page's one bridge and publishes it as `window.roktBridge`, replaying the calls queued there. The
 * identifiers live in memory (this closure) for the page's lifetime, which is also the fallback when cookies and
 * localStorage are blocked or not consented; with consent they are mirrored to storage.
 */
export function startBridge(win: Window, config: Config, queue: QueuedCall[]): RoktBridge {
  const location = win.location;
  const log = debugLog(config.debug || /[?&]rokt_debug=1/.test(location.search));
  const dataLayer = () => dataLayerOf(win as unknown as Record<string, Entry[]>, config.dataLayerName);
  const windowMs = config.attributionDays * 864e5;
  const cookies = cookieStore(config.cookieDomain);
  const ids = layeredStore([cookies, localStore], log);
  const emails = layeredStore(config.emailCookie ? [cookies, localStore] : [localStore], log);
  const clearMarkers = [layeredStore([cookies], log), layeredStore([localStore], log)];

  let granted = config.consent !== 'denied';
  // Consent Mode defaults can be scoped to regions the bundle cannot see; so a denied default for any region keeps
  // storage denied until an update (the visitor's choice) grants it. Defaults never grant over a denied default.
  let defaultDenied = false;
  // clear() while storage is not allowed cannot delete what is stored; this keeps a later grant from restoring it.
  let forgotten = false;
  let starting = true;
  let announced: string | undefined;
  let rtid: string | undefined;
  let seen = 0;
  let emailsha256: string | undefined;

  // The JSON round trip leaves out the identifiers not known yet.
  const identity = (): Identity => JSON.parse(JSON.stringify({ rtid, emailsha256 }));

  function push(entry: Entry): void {
    dataLayer().push(entry);
    // The event name only: a site's conversion parameters may hold personal data that must not reach the console.
    log('pushed ' + (entry.event || 'nulls'));
  }

  /** Pushes `rokt_identity` when an identifier is known and differs from the last one pushed. */
  function announce(): void {
    const known = identity() as Entry;
    const key = JSON.stringify(known);
    if (key !== announced && key !== '{}') {
      announced = key;
      known.event = 'rokt_identity';
      push(known);
    }
  }

  /**
   * Writes the given identifiers (by default, memory's) to every store; an unknown one is removed. The expiry is the
   * end of the attribution window counted from first seen: re-writing on each visit restores a cookie the browser
   * dropped, resyncs the stores and renews Safari's 7-day cap on script-written cookies, but never extends the
   * window. Without consent nothing is written, not even the domain probe.
   */
  function persist(id = rtid, hash = emailsha256): void {
    if (!granted) {
      log('held for consent');
      return;
    }
    const expires = new Date((id ? seen : Date.now()) + windowMs);
    ids(ID_KEY, id || '', expires);
    ids(SEEN_KEY, id ? '' + seen : '', expires);
    emails(EMAIL_KEY, hash || '', expires);
    log(id || hash ? 'stored' : 'cleared');
  }

  /** Tells every subdomain that the identifiers were cleared here (their own localStorage copies are now stale). */
  function markCleared(): void {
    const now = '' + Date.now();
    for (let i = 0; i < 2; i++) clearMarkers[i](CLEARED_KEY, now, new Date(+now + CLEARED_MS));
  }

  /**
   * Applies a clear made on another subdomain to this origin's localStorage, once: without this, www.'s localStorage
   * would restore (and re-write to the shared cookie) what checkout.'s clear() deleted.
   */
  function applyClearFromElsewhere(): void {
    const cleared = clearMarkers[0](CLEARED_KEY);
    if (cleared && clearMarkers[1](CLEARED_KEY) !== cleared) {
      for (const key of [ID_KEY, SEEN_KEY, EMAIL_KEY]) clearMarkers[1](key, '');
      clearMarkers[1](CLEARED_KEY, cleared);
      log('applied a clear from another subdomain');
    }
  }

  /**
   * Fills memory from storage (the cookie wins over localStorage) and forgets an ID past its window. What memory
   * already holds wins: when consent arrives, it is what this page captured, newer than anything stored.
   */
  function restore(): void {
    if (forgotten) return;
    applyClearFromElsewhere();
    const storedId = ids(ID_KEY);
    const storedHash = emails(EMAIL_KEY);
    if (isRoktId(storedId) && (!rtid || rtid === storedId)) {
      rtid = storedId;
      seen = +(ids(SEEN_KEY) as string) || seen || Date.now();
    }
    // Only a lowercase hex digest comes back from emailSha256 unchanged (not an address, which it would hash).
    if (!emailsha256 && emailSha256(storedHash) === storedHash) emailsha256 = storedHash as string;
    if (rtid && seen + windowMs < Date.now()) {
      rtid = undefined;
      persist();
    }
  }

  /** Keeps a new value of one identifier; an invalid one is logged (never echoed: it may be an address) and ignored. */
  function update(value: unknown, kind: 'rtid' | 'email'): boolean {
    if (!value) log('rejected ' + kind);
    else if (value !== (kind === 'rtid' ? rtid : emailsha256)) {
      if (kind === 'email') emailsha256 = value as string;
      else {
        rtid = value as string;
        seen = Date.now();
      }
      // While starting, the end of startBridge stores and announces once for the whole page load.
      if (!starting) {
        persist();
        announce();
      }
    }
    return !!value;
  }

  const setEmail = (email: string) => update(emailSha256(email), 'email');
  const setRoktId = (id: string) => update(isRoktId(id) && id, 'rtid');

  function capture(): boolean {
    // findRoktId returns only a valid ID (and has logged why it refused the others).
    const id = findRoktId(location.search, location.hash, config.idParams, log);
    return !!id && update(id, 'rtid');
  }

  function clear(): void {
    forgotten = !granted;
    persist('', '');
    if (granted) markCleared();
    rtid = emailsha256 = announced = undefined;
    // GTM's data model keeps the last values pushed; nulls make it forget them too.
    push({ rtid: null, emailsha256: null });
  }

  /**
   * A withdrawal (`consent('denied')`, a Consent Mode update) deletes everything and forgets it. A Consent Mode
   * default that denies after the bundle already stored (the default came late) only takes back the stored copies:
   * the IDs stay in memory, still reach the dataLayer, and are stored again if consent is granted.
   */
  function consent(state: ConsentState, byDefault?: boolean): void {
    if (state !== 'granted' && state !== 'denied') warn('consent() takes granted or denied');
    else if ((state === 'granted') !== granted) {
      log('consent ' + state);
      if (granted) byDefault ? persist('', '') : clear();
      if ((granted = !granted)) {
        restore();
        // Mirrors memory exactly: after a clear() without consent, this deletes what was stored before.
        if (rtid || emailsha256 || forgotten) persist();
        forgotten = false;
        announce();
      }
    }
  }

  /**
   * Sees every value on the dataLayer, the page's history at start-up and the values of each push after: Consent
   * Mode commands, GA4 user_data, and conversions to attach the identifiers to. Never throws into the site's `push`.
   */
  function inspect(entries: ArrayLike<Entry>): void {
    for (let i = 0; i < entries.length; i++) {
      try {
        const entry = entries[i] || {};
        let state = config.consent === 'auto' && adStorage(entry);
        const email = userDataEmail(entry);
        // GTM itself accepts only these two values; anything else is not a consent decision.
        if (state && state !== 'granted' && state !== 'denied') {
          log('ignored ad_storage value');
          state = false;
        }
        if (state) {
          const byDefault = entry[1] === 'default';
          if (byDefault) defaultDenied = defaultDenied || state !== 'granted';
          const allowed = byDefault ? !defaultDenied : state === 'granted';
          // At start-up only the outcome counts: there is nothing stored yet to delete or flush.
          if (starting) granted = allowed;
          else consent(allowed ? 'granted' : 'denied', byDefault);
        }
        if (email !== undefined) setEmail(email as string);
        const conversion =
          !starting &&
          (config.conversionEvents.indexOf(entry.event as string) >= 0
            ? entry
            : gtagEventParams(entry, config.conversionEvents));
        if (conversion) {
          const known = identity() as Entry;
          for (const key in known) conversion[key] = conversion[key] || known[key];
          log('attached to a conversion');
        }
      } catch (error) {
        warn('dataLayer: ' + error);
      }
    }
  }

  const api = { version: VERSION } as RoktBridge & Record<string, unknown>;
  const methods: Record<string, (...args: never[]) => unknown> = {
    setRoktId,
    setEmail,
    capture,
    get: identity,
    params: identity,
    conversion(name: string, params?: Record<string, unknown>) {
      if (!name || typeof name !== 'string') return warn('conversion() takes an event name');
      // The identity event goes first, so GTM's data model holds the identifiers for tags reading them there.
      announce();
      const entry = Object.assign({ event: name }, params, identity());
      push(entry);
      return entry;
    },
    consent,
    clear,
    push() {
      for (let i = 0; i < arguments.length; i++) {
        const call: QueuedCall = arguments[i] || [];
        // Own names only (not toString…). The warning echoes nothing the caller passed: a mistyped call may hold an
        // email anywhere, its first element included. Each api method catches its own errors, so one bad call never
        // stops the rest of the queue.
        if ({}.hasOwnProperty.call(methods, call[0]))
          (api[call[0]] as (...args: unknown[]) => void).apply(0, [].slice.call(call, 1));
        else warn('push(): unknown call; calls are ' + Object.keys(methods).join(', '));
      }
    },
  };
  // No exception escapes into the host page: every public call is caught and reported.
  for (const name in methods) {
    api[name] = function () {
      try {
        return methods[name].apply(0, arguments as unknown as never[]);
      } catch (error) {
        warn('' + error);
      }
    };
  }

  // Published before anything is pushed, so a GTM trigger on rokt_identity already finds window.roktBridge.
  win.roktBridge = api;
  inspect(dataLayer());
  // Stored values before the URL, so that a recaptured ID keeps the first-seen time stored with it.
  if (granted) restore();
  capture();
  // Queued calls belong to the page load: their identifiers join the one start-up rokt_identity push.
  api.push.apply(0, queue);
  interceptPushes(dataLayer(), inspect);
  starting = false;
  // A visitor with no identifier (most of them) costs no storage write at all.
  if (rtid || emailsha256) persist();
  announce();
  return api;
}
