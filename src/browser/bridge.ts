import { IDENTITY_EVENT } from '../vocabulary/index.js';
import { publicApi } from './api.js';
import type { Config } from './config.js';
import { CONSENT_EFFECTS, type ConsentEvent, type ConsentSteps, initialConsent, nextConsent } from './consent.js';
import { attach, dataLayerOf, type Entry, interceptPushes, readEntry } from './data-layer.js';
import { emailSha256 } from './email.js';
import { identityKeeper } from './identity.js';
import { debugLog, warn } from './log.js';
import { findRoktId, isRoktId } from './rokt-id.js';
import { cookieStore } from './storage/cookie-store.js';
import { localStore } from './storage/local-store.js';
import { guarded } from './storage/store.js';
import type { QueuedCall, RoktBridge } from './types.js';
import { VERSION } from './version.js';

/**
 * Starts the page's one bridge and publishes it as `window.roktBridge`, replaying the calls queued there. Wiring only:
 * the identifiers and their storage live in identity.ts, the consent rules in consent.ts, the reading of dataLayer
 * entries in data-layer.ts. The identifiers stay in memory for the page's lifetime, which is also the fallback when
 * cookies and localStorage are blocked or not consented.
 */
export function startBridge(win: Window, config: Config, queue: QueuedCall[]): RoktBridge {
  const location = win.location;
  const log = debugLog(config.debug || /[?&]rokt_debug=1/.test(location.search));
  const layer = () => dataLayerOf(win as unknown as Record<string, Entry[]>, config.dataLayerName);
  const stores = {
    cookie: guarded(cookieStore(config.cookieDomain), 'cookie', log),
    local: guarded(localStore, 'localStorage', log),
    emailCookie: config.emailCookie,
  };
  const identity = identityKeeper(stores, config.attributionDays * 864e5, log);
  let consent = initialConsent(config.consent);
  // While starting, the end of startBridge stores and announces once for the whole page load.
  let starting = true;
  let announced: string | undefined;

  /**
   * Pushes one of the bridge's own entries now; see `push` below for when that is. It catches its own errors: an entry
   * held back behind a site's push is pushed from inside that push, where no other guard is.
   */
  function pushNow(entry: Entry): void {
    try {
      layer().push(entry);
      // The event name only: a site's conversion parameters may hold personal data that must not reach the console.
      log('pushed ' + (entry.event || 'nulls'));
    } catch (error) {
      warn('dataLayer: ' + error);
    }
  }
  // Until the hook is on (start-up), nothing of the site's is being read: the bridge's entries go straight in.
  let push = pushNow;

  /** Pushes `rokt_identity` when an identifier is known and differs from the last one pushed. */
  function announce(): void {
    const known = identity.known() as Entry;
    const key = JSON.stringify(known);
    if (key !== announced && key !== '{}') {
      announced = key;
      known.event = IDENTITY_EVENT;
      push(known);
    }
  }

  /** After an identifier changed: store it if allowed, and tell the dataLayer. */
  function changed(): void {
    if (starting) return;
    if (consent.allowed) identity.store();
    else log('held for consent');
    announce();
  }

  /** The steps of consent.ts's effects table: the identity keeper's, and the two that tell the dataLayer. */
  const steps: ConsentSteps = Object.assign(
    {
      announce,
      announceNone() {
        announced = undefined;
        // GTM's data model keeps the last values pushed; nulls make it forget them too.
        push({ rtid: null, emailsha256: null });
      },
    },
    identity,
  );

  /** Moves the consent state machine; at start-up a dataLayer command only sets where the page starts. */
  function decide(event: ConsentEvent, fromHistory: boolean): void {
    const [next, effect] = nextConsent(consent, event);
    consent = next;
    if (fromHistory) return;
    log('consent: ' + effect);
    CONSENT_EFFECTS[effect](steps);
  }

  /**
   * Sees every value on the dataLayer, the page's history at start-up and the values of each push after, and acts on
   * what each means: Consent Mode commands, GA4 user_data, and conversions to attach the identifiers to. Never throws
   * into the site's `push`.
   */
  function inspect(entries: ArrayLike<Entry>): void {
    for (let i = 0; i < entries.length; i++) {
      try {
        const meaning = readEntry(
          entries[i] || {},
          config.consent === 'auto',
          // The page's history is not a conversion of this page load's bridge: those were sent before it loaded.
          starting ? [] : config.conversionEvents,
          log,
        );
        if (meaning.consent) decide(meaning.consent, starting);
        if (meaning.email !== undefined) methods.setEmail(meaning.email as string);
        if (meaning.conversion) {
          attach(meaning.conversion, identity.known());
          log('attached to a conversion');
        }
      } catch (error) {
        warn('dataLayer: ' + error);
      }
    }
  }

  const methods = {
    setRoktId(id: string): boolean {
      if (!isRoktId(id)) log('rejected rtid');
      else if (identity.setId(id)) changed();
      return isRoktId(id);
    },
    setEmail(email: string): boolean {
      const hash = emailSha256(email);
      if (!hash) log('rejected email');
      else if (identity.setEmailHash(hash)) changed();
      return !!hash;
    },
    capture(): boolean {
      // findRoktId returns only a valid ID (and has logged why it refused the others).
      const id = findRoktId(location.search, location.hash, config.idParams, log);
      return !!id && methods.setRoktId(id);
    },
    get: identity.known,
    params: identity.known,
    conversion(name: string, params?: Record<string, unknown>) {
      if (!name || typeof name !== 'string') {
        warn('conversion() takes an event name');
        return;
      }
      // The identity event goes first, so GTM's data model holds the identifiers for tags reading them there.
      announce();
      const entry = Object.assign({ event: name }, params, identity.known());
      push(entry);
      return entry;
    },
    consent(state: 'granted' | 'denied'): void {
      if (state !== 'granted' && state !== 'denied') warn('consent() takes granted or denied');
      else decide(state, false);
    },
    clear: () => decide('clear', false),
  };
  const api = publicApi(methods, VERSION);

  // Published before anything is pushed, so a GTM trigger on rokt_identity already finds window.roktBridge.
  win.roktBridge = api;
  inspect(layer());
  // Stored values before the URL, so that a recaptured ID keeps the first-seen time stored with it.
  if (consent.allowed) identity.restore();
  methods.capture();
  // Queued calls belong to the page load: their identifiers join the one start-up rokt_identity push.
  api.push.apply(0, queue);
  // From here on an entry of ours made while a site's push is read follows that push: the rokt_identity a consent
  // update released lands after the update, so GTM evaluates it with ad_storage granted (interceptPushes says why).
  push = interceptPushes(layer(), inspect, pushNow);
  starting = false;
  // A visitor with no identifier (most of them) costs one read of each store and no write.
  const known = identity.known();
  if (known.rtid || known.emailsha256) changed();
  return api;
}
