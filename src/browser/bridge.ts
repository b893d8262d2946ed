import type { Config } from './config';
import { conversionParams, consentCommand, dataLayerOf, type Entry, interceptPushes, userDataEmail } from './data-layer';
import { emailSha256, isSha256Hex } from './email';
import { debugLog, warn } from './log';
import { isRoktId, urlCandidates } from './rokt-id';
import { cookieStore } from './storage/cookie-store';
import { layeredStore } from './storage/layered-store';
import { localStore } from './storage/local-store';
import { memoryStore } from './storage/memory-store';
import { registrableDomain } from './storage/registrable-domain';
import type { Store } from './storage/store';
import type { ConsentState, Identity, QueuedCall, RoktBridge } from './types';

/** Kept equal to package.json's version by a unit test. */
export const VERSION = '0.1.0';

/** Storage keys. `RoktTransactionId` is also what Rokt's own web SDK reads. */
export const ID_KEY = 'RoktTransactionId';
export const SEEN_KEY = 'RoktTransactionIdSeen';
export const EMAIL_KEY = 'RoktEmailSha256';

const DAY_MS = 864e5;

/** A bridge before it starts: `start` captures, replays the queued calls and announces the identity. */
export interface PendingBridge {
  api: RoktBridge;
  start(queue: QueuedCall[]): void;
}

/**
 * One bridge per page: reads stored identifiers, watches the dataLayer, and exposes the public API. Nothing is pushed
 * until `start`, so the caller can publish `api` as `window.roktBridge` before the first `rokt_identity` event.
 */
export function createBridge(win: Window, config: Config): PendingBridge {
  const log = debugLog(config.debug || /[?&]rokt_debug=1/.test(win.location.search));
  const dataLayer = () => dataLayerOf(win, config.dataLayerName);
  const windowMs = config.attributionDays * DAY_MS;
  const expiry = (seen: number) => new Date(seen + windowMs);

  // Consent: in 'auto' mode, the last Consent Mode command already on the dataLayer decides; none means granted.
  let consentMode: ConsentState | undefined = config.consent === 'auto' ? undefined : config.consent;
  for (const entry of dataLayer()) consentMode = (config.consent === 'auto' && consentCommand(entry)) || consentMode;
  let granted = consentMode !== 'denied';

  const memory = memoryStore();
  const cookies = cookieStore(
    win.document,
    () => config.cookieDomain || registrableDomain(win.location.hostname),
    win.location.protocol === 'https:',
  );
  const local = localStore(win);
  // Without consent only memory may be touched: no cookie or localStorage write of any key, the domain probe included.
  const usable = (store: Store) => granted || store === memory;
  const ids = layeredStore([cookies, local, memory], usable, log);
  const emails = layeredStore(config.emailCookie ? [cookies, local, memory] : [local, memory], usable, log);

  let starting = true;
  let announced = '';

  function identity(): Identity {
    const found: Identity = {};
    const rtid = ids.get(ID_KEY);
    const emailsha256 = emails.get(EMAIL_KEY);
    if (isRoktId(rtid)) found.rtid = rtid;
    if (isSha256Hex(emailsha256)) found.emailsha256 = emailsha256;
    return found;
  }

  function push(entry: Entry): void {
    dataLayer().push(entry);
    log(`pushed ${JSON.stringify(entry.event || entry)}`);
  }

  /** Pushes `rokt_identity` when an identifier is known and differs from the last one pushed. */
  function announce(): void {
    const known = identity();
    const key = `${known.rtid} ${known.emailsha256}`;
    if ((known.rtid || known.emailsha256) && key !== announced) {
      announced = key;
      push(Object.assign({ event: 'rokt_identity' } as Entry, known));
    }
  }

  const noteStored = (what: string) => log(granted ? `stored ${what}` : `held ${what} in memory until consent`);

  function setRoktId(id: string): boolean {
    if (!isRoktId(id)) {
      log(`rejected rtid ${JSON.stringify(id)}: not 1-100 characters of [A-Za-z0-9._~-]`);
      return false;
    }
    if (id !== ids.get(ID_KEY)) {
      const now = Date.now();
      ids.set(ID_KEY, id, expiry(now));
      ids.set(SEEN_KEY, String(now), expiry(now));
      noteStored('rtid');
    }
    if (!starting) announce();
    return true;
  }

  function setEmail(email: string): boolean {
    const hash = emailSha256(email);
    if (!hash) {
      // Say why without echoing the input: it may be a real address.
      log(`rejected email: ${typeof email === 'string' && email.trim() ? 'neither an address nor a SHA-256 hex digest' : 'empty'}`);
      return false;
    }
    if (hash !== emails.get(EMAIL_KEY)) {
      emails.set(EMAIL_KEY, hash, expiry(Date.now()));
      noteStored('emailsha256');
    }
    if (!starting) announce();
    return true;
  }

  function capture(): boolean {
    for (const { source, value } of urlCandidates(win.location.href, config.idParams)) {
      if (isRoktId(value)) {
        log(`captured rtid from ${source}`);
        return setRoktId(value);
      }
      log(`rejected ${source}: ${value === null ? 'malformed percent-encoding' : 'not 1-100 characters of [A-Za-z0-9._~-]'}`);
    }
    return false;
  }

  /**
   * Brings every store in line with the winning value and re-writes the cookies so their expiry rolls, but never
   * past the attribution window counted from first seen. Memory wins first: when consent arrives, it holds what this
   * page captured, which is newer than anything stored before.
   */
  function restore(): void {
    const now = Date.now();
    const id = memory.get(ID_KEY) || ids.get(ID_KEY);
    const seen = Number(memory.get(SEEN_KEY) || ids.get(SEEN_KEY)) || now;
    if (isRoktId(id) && seen + windowMs > now) {
      ids.set(ID_KEY, id, expiry(seen));
      ids.set(SEEN_KEY, String(seen), expiry(seen));
    } else if (id) {
      ids.remove(ID_KEY);
      ids.remove(SEEN_KEY);
      log('removed a stored rtid: expired or invalid');
    }
    const hash = memory.get(EMAIL_KEY) || emails.get(EMAIL_KEY);
    if (isSha256Hex(hash)) emails.set(EMAIL_KEY, hash, expiry(now));
  }

  function forget(): void {
    ids.remove(ID_KEY);
    ids.remove(SEEN_KEY);
    emails.remove(EMAIL_KEY);
    announced = '';
    // GTM's data model keeps the last values pushed; nulls make it forget them too.
    push({ rtid: null, emailsha256: null });
  }

  function consent(state: ConsentState): void {
    if (state !== 'granted' && state !== 'denied') {
      warn(`consent() expects 'granted' or 'denied'; got ${JSON.stringify(state)}`);
    } else if ((state === 'granted') !== granted) {
      if (granted) forget();
      granted = !granted;
      log(`consent ${state}`);
      if (granted) {
        restore();
        announce();
      }
    }
  }

  function conversion(name: string, params?: Record<string, unknown>): Record<string, unknown> | undefined {
    if (typeof name !== 'string' || !name) {
      warn(`conversion() expects an event name; got ${JSON.stringify(name)}`);
      return;
    }
    // The identity event goes first, so GTM's data model holds the identifiers even for tags that ignore the event's own keys.
    announce();
    const entry = Object.assign({ event: name }, params, identity());
    push(entry);
    return entry;
  }

  /** Sees every object the site pushes: Consent Mode commands, GA4 user_data, and conversions to attach the IDs to. */
  function inspect(entry: Entry): void {
    const state = config.consent === 'auto' && consentCommand(entry);
    if (state) consent(state);
    const email = userDataEmail(entry);
    if (email !== undefined) setEmail(email as string);
    const params = conversionParams(entry, config.conversionEvents);
    if (params) {
      const known = identity() as Entry;
      for (const key in known) if (!params[key]) params[key] = known[key];
      log(`attached identifiers to ${String(entry.event || entry[1])}`);
    }
  }

  function run(call: QueuedCall): void {
    const method = api[call && (call[0] as keyof RoktBridge)];
    if (typeof method === 'function' && call[0] !== 'push') (method as (...args: unknown[]) => void).apply(api, call.slice(1));
    else warn(`unknown call ${JSON.stringify(call)}`);
  }

  const api: RoktBridge = {
    setRoktId: guard(setRoktId),
    setEmail: guard(setEmail),
    capture: guard(capture),
    get: guard(() => Object.assign(identity(), { consent: (granted ? 'granted' : 'denied') as ConsentState })),
    params: guard(identity),
    conversion: guard(conversion),
    consent: guard(consent),
    clear: guard(() => {
      forget();
      log('cleared');
    }),
    push: guard(function () {
      for (let i = 0; i < arguments.length; i++) run(arguments[i]);
    }),
    version: VERSION,
  };

  return {
    api,
    start(queue) {
      if (granted) restore();
      else log('consent not granted: identifiers stay in memory');
      capture();
      for (const entry of dataLayer()) {
        const email = userDataEmail(entry);
        if (email !== undefined) setEmail(email as string);
      }
      interceptPushes(dataLayer(), inspect, (error) => warn(`dataLayer hook: ${error}`));
      // Queued calls belong to the page load: their identifiers join the one start-up rokt_identity push, unless a
      // queued conversion needs it earlier.
      for (const call of queue) api.push(call);
      starting = false;
      announce();
    },
  };
}

/** No exception escapes into the host page: every public call is caught and reported. */
// biome-ignore lint/suspicious/noExplicitAny: wraps functions of any signature
function guard<F extends (...args: any[]) => any>(fn: F): F {
  return function (this: unknown) {
    try {
      // biome-ignore lint/complexity/noArguments: forwards whatever the caller passed
      return fn.apply(this, arguments as unknown as Parameters<F>);
    } catch (error) {
      warn(`${error}`);
    }
  } as F;
}
