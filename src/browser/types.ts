/** Consent to store identifiers in cookies and localStorage (Google Consent Mode's `ad_storage`). */
export type ConsentState = 'granted' | 'denied';

/** The identifiers, under the names they carry on every layer (dataLayer, GA4 parameter, sGTM event data). */
export interface Identity {
  /** The Rokt click ID, exactly as captured (case kept). */
  rtid?: string;
  /** Lowercase hex SHA-256 of the trimmed, lowercased email. The raw email is never kept. */
  emailsha256?: string;
}

/** Options read from `window.roktBridgeConfig` before the bundle loads. Every option is optional. */
export interface RoktBridgeConfig {
  /**
   * `'auto'` follows Google Consent Mode's `ad_storage` from `consent` commands on the dataLayer (granted when the
   * page has none); `'granted'` stores at once; `'denied'` waits for `roktBridge.consent('granted')`.
   * @defaultValue `'auto'`
   */
  consent?: 'auto' | ConsentState;
  /** Event names whose dataLayer pushes get `rtid` and `emailsha256` attached. @defaultValue `['purchase']` */
  conversionEvents?: string[];
  /** Name of the GTM dataLayer array on `window`. @defaultValue `'dataLayer'` */
  dataLayerName?: string;
  /** URL parameters carrying the Rokt ID, in priority order; the query is searched before the fragment. @defaultValue `['rtid', 'rclid']` */
  idParams?: string[];
  /** Attribution window in days, counted from when the ID was first seen (1–400). @defaultValue `90` */
  attributionDays?: number;
  /** Cookie domain, such as `'example.com'`. Empty: the registrable domain, found by probing. @defaultValue `''` */
  cookieDomain?: string;
  /** Also keep the email hash in a cookie (by default it stays in localStorage and memory). @defaultValue `false` */
  emailCookie?: boolean;
  /** Log each decision to the console; `?rokt_debug=1` in the URL does the same. @defaultValue `false` */
  debug?: boolean;
}

/** A call queued before the bundle loaded: `['setEmail', 'a@b.com']`. */
export type QueuedCall = [string, ...unknown[]];

/** The public API, as `window.roktBridge` and as the ES module's named exports. */
export interface RoktBridge {
  /** Stores a Rokt ID (last click wins). Returns false, and changes nothing, when the ID breaks the rule. */
  setRoktId(id: string): boolean;
  /** Hashes and stores an email, or stores a SHA-256 hex digest as is. Returns false for anything else. */
  setEmail(email: string): boolean;
  /** Reads the Rokt ID from the current URL again (for single-page apps). Returns true when one was accepted. */
  capture(): boolean;
  /** The known identifiers, unknown ones left out: `{rtid: 'abc'}`. */
  get(): Identity;
  /** The known identifiers, to spread into gtag parameters: `gtag('event', 'purchase', {...order, ...roktBridge.params()})`. */
  params(): Identity;
  /** Pushes `{event: name, ...params, rtid, emailsha256}` to the dataLayer and returns it. */
  conversion(name: string, params?: Record<string, unknown>): Record<string, unknown> | undefined;
  /** Grants or revokes storage consent (for consent-platform callbacks). Revoking deletes every stored key. */
  consent(state: ConsentState): void;
  /** Forgets both identifiers everywhere they are stored, and tells the dataLayer (`{rtid: null, emailsha256: null}`). */
  clear(): void;
  /** Runs a queued-style call, so `roktBridge.push(['setEmail', email])` works before and after loading. */
  push(...calls: QueuedCall[]): void;
  /** The bundle version; its presence marks an installed instance. */
  readonly version: string;
}

declare global {
  interface Window {
    /** The API once loaded; before that, an array of queued calls. */
    roktBridge?: RoktBridge | QueuedCall[];
    roktBridgeConfig?: RoktBridgeConfig;
  }
}
