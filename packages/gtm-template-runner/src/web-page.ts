/**
 * The page a web template runs on, as the web sandbox APIs reach it: the global object, `document.cookie`,
 * localStorage, the URL and referrer, and GTM's consent state. Two ways to get one:
 * - {@link simulatedBrowser}: an in-memory browser (a cookie jar with domains, paths and expiry, localStorage per
 *   origin), for unit tests and `gtm-template-test`; `open(url)` starts a page load that shares the jar and storage;
 * - {@link pageFromWindow}: a real DOM window (happy-dom in tests, a browser), so a template and page scripts share
 *   one cookie jar and one localStorage.
 */

/** localStorage as a template reaches it (`Storage` of the DOM). Any method may throw, as in a privacy mode. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `granted` / `denied` per consent type, as Consent Mode commands carry them. */
export type ConsentValues = Record<string, 'granted' | 'denied'>;

/**
 * GTM's consent state for one page: per type granted, denied or unset (unset counts as granted), with the
 * listeners `addConsentListener` registers. Source: https://developers.google.com/tag-platform/tag-manager/templates/api
 * (`addConsentListener`, `isConsentGranted`, `setDefaultConsentState`, `updateConsentState`).
 */
export class ConsentState {
  private readonly state = new Map<string, boolean>();
  private readonly updated = new Set<string>();
  private readonly listeners: { type: string; listener: (type: string, granted: boolean) => void }[] = [];

  /** @param defaults the `default` command of the page (what GTM applies for this visitor's region). */
  constructor(defaults: ConsentValues = {}) {
    this.apply(defaults, 'default');
  }

  /** "Consent is considered granted if set to 'granted' or not set at all" (isConsentGranted). */
  isGranted(type: string): boolean {
    return this.state.get(type) !== false;
  }

  listen(type: string, listener: (type: string, granted: boolean) => void): void {
    this.listeners.push({ type, listener });
  }

  /** A Consent Mode `update` (the visitor's choice): listeners run for each type whose granted state changed. */
  update(values: ConsentValues): void {
    this.apply(values, 'update');
  }

  /** A `default` sets only the types no update has set: an update is the visitor's later choice. */
  setDefault(values: ConsentValues): void {
    this.apply(values, 'default');
  }

  private apply(values: ConsentValues, command: 'default' | 'update'): void {
    for (const [type, value] of Object.entries(values)) {
      if (value !== 'granted' && value !== 'denied') continue;
      if (command === 'default' && this.updated.has(type)) continue;
      if (command === 'update') this.updated.add(type);
      const before = this.isGranted(type);
      this.state.set(type, value === 'granted');
      // "invoked every time the state … changes from denied to granted or from granted to denied. A consent type
      // with no state is considered granted, so the listener won't be called if an unset consent type is updated
      // to granted" (addConsentListener).
      if (before !== this.isGranted(type)) {
        for (const l of this.listeners.filter((l) => l.type === type)) l.listener(type, !before);
      }
    }
  }
}

/** What the web APIs need of a page. */
export interface WebPage {
  /** The global object: `copyFromWindow`, `setInWindow`, `callInWindow`, `createQueue` and the dataLayer live here. */
  readonly window: Record<string, unknown>;
  /** `document.cookie`: reading gives `name=value; …`, writing sets or deletes one cookie. */
  cookie: string;
  /** This origin's localStorage; `undefined` when the page has none. */
  readonly localStorage: StorageLike | undefined;
  /** The page's URL (`location.href`), read live. */
  readonly href: string;
  readonly referrer: string;
  readonly title: string;
  readonly characterSet: string;
  readonly consent: ConsentState;
  /**
   * `templateStorage` of each template on the page, keyed by the template's code: "shared across executions of a
   * single template", for "the lifetime of the page" (API reference).
   */
  readonly templateStorage: Map<string, Map<string, unknown>>;
}

/** A cookie as the jar keeps it (RFC 6265 §5.3, the fields a script can set). */
interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  hostOnly: boolean;
  path: string;
  expires: number;
  secure: boolean;
  created: number;
}

/**
 * Two-label public suffixes the jar refuses as a cookie domain, like a browser that holds the Public Suffix List
 * (a short list, as in the runner's `computeEffectiveTldPlusOne`; a one-label domain is always refused).
 */
const PUBLIC_SUFFIXES = new Set([
  'co.uk',
  'org.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'net.au',
  'org.au',
  'co.nz',
  'co.jp',
  // The Public Suffix List's private section: the host of GTM's test environment (see session.ts) is on it.
  'appspot.com',
]);

/**
 * A browser's cookie jar for script access (`document.cookie`), after RFC 6265 §5.2–5.4: Domain must cover the page's
 * host and must not be a public suffix or a bare label; no Domain means host-only; Path defaults to the URL's
 * directory; Max-Age beats Expires; a cookie whose expiry is past is deleted; a Secure cookie is refused on http.
 */
export class CookieJar {
  private cookies: StoredCookie[] = [];
  private serial = 0;

  constructor(private readonly now: () => number) {}

  /** `document.cookie` for a page at `url`. */
  read(url: URL): string {
    const t = this.now();
    this.cookies = this.cookies.filter((c) => c.expires > t);
    return this.cookies
      .filter((c) => domainMatches(url.hostname, c) && pathMatches(url.pathname, c.path))
      .filter((c) => !c.secure || url.protocol === 'https:')
      .sort((a, b) => b.path.length - a.path.length || a.created - b.created)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /** `document.cookie = text` on a page at `url`. */
  write(url: URL, text: string): void {
    const [pair = '', ...attributes] = String(text).split(';');
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? '' : pair.slice(0, eq)).trim();
    const value = (eq < 0 ? pair : pair.slice(eq + 1)).trim();
    let domain = '';
    let path = '';
    let expires = Number.POSITIVE_INFINITY;
    let maxAge: number | undefined;
    let secure = false;
    for (const attribute of attributes) {
      const at = attribute.indexOf('=');
      const key = (at < 0 ? attribute : attribute.slice(0, at)).trim().toLowerCase();
      const arg = at < 0 ? '' : attribute.slice(at + 1).trim();
      if (key === 'domain') domain = arg.replace(/^\./, '').toLowerCase();
      else if (key === 'path' && arg.startsWith('/')) path = arg;
      else if (key === 'expires' && !Number.isNaN(Date.parse(arg))) expires = Date.parse(arg);
      else if (key === 'max-age' && /^-?\d+$/.test(arg)) maxAge = Number(arg);
      else if (key === 'secure') secure = true;
    }
    const host = url.hostname.toLowerCase();
    if (domain && (domain.indexOf('.') < 0 || PUBLIC_SUFFIXES.has(domain))) return;
    if (domain && host !== domain && !host.endsWith(`.${domain}`)) return;
    if (secure && url.protocol !== 'https:') return;
    const cookie: StoredCookie = {
      name,
      value,
      domain: domain || host,
      hostOnly: !domain,
      path: path || defaultPath(url.pathname),
      expires: maxAge === undefined ? expires : this.now() + maxAge * 1000,
      secure,
      created: this.serial++,
    };
    const same = (c: StoredCookie) => c.name === name && c.domain === cookie.domain && c.path === cookie.path;
    const old = this.cookies.find(same);
    if (old) cookie.created = old.created;
    this.cookies = this.cookies.filter((c) => !same(c));
    if (cookie.expires > this.now()) this.cookies.push(cookie);
  }
}

function domainMatches(host: string, c: StoredCookie): boolean {
  return c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  return (
    requestPath === cookiePath ||
    (requestPath.startsWith(cookiePath) && (cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'))
  );
}

function defaultPath(pathname: string): string {
  const last = pathname.lastIndexOf('/');
  return last <= 0 ? '/' : pathname.slice(0, last);
}

/** An in-memory localStorage. */
export function memoryStorage(
  initial: Record<string, string> = {},
): StorageLike & { readonly items: Map<string, string> } {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key) => items.get(String(key)) ?? null,
    setItem: (key, value) => {
      items.set(String(key), String(value));
    },
    removeItem: (key) => {
      items.delete(String(key));
    },
  };
}

/** What a simulated page load starts with. */
export interface PageLoad {
  referrer?: string;
  title?: string;
  /** Globals already on the page (e.g. `{dataLayer: [...]}`). */
  globals?: Record<string, unknown>;
  /** The Consent Mode default GTM applies for this visitor; unset types count as granted. */
  consent?: ConsentValues;
}

/** One simulated browser profile: a cookie jar and localStorage per origin, shared by its page loads. */
export interface SimulatedBrowser {
  readonly jar: CookieJar;
  /** localStorage of an origin (`https://www.shop.test`). */
  storage(origin: string): ReturnType<typeof memoryStorage>;
  /** A new page load at `url`: a fresh global object, consent state and template storage. */
  open(url: string, load?: PageLoad): WebPage;
}

/** @param now the clock cookie expiry is judged by (the run's clock). */
export function simulatedBrowser(now: () => number = Date.now): SimulatedBrowser {
  const jar = new CookieJar(now);
  const storages = new Map<string, ReturnType<typeof memoryStorage>>();
  const storage = (origin: string) => {
    let s = storages.get(origin);
    if (!s) {
      s = memoryStorage();
      storages.set(origin, s);
    }
    return s;
  };
  return {
    jar,
    storage,
    open(href, load = {}) {
      const url = new URL(href);
      return {
        window: { ...load.globals },
        get cookie() {
          return jar.read(url);
        },
        set cookie(text: string) {
          jar.write(url, text);
        },
        localStorage: storage(url.origin),
        href: url.href,
        referrer: load.referrer ?? '',
        title: load.title ?? '',
        characterSet: 'UTF-8',
        consent: new ConsentState(load.consent),
        templateStorage: new Map(),
      };
    },
  };
}

/** The parts of a DOM window a page needs (happy-dom's `Window` or a browser's). */
interface DomWindow {
  document: { cookie: string; referrer: string; title: string; characterSet: string };
  location: { href: string };
  localStorage: StorageLike;
}

/**
 * A page over a real DOM window: the template's cookies and localStorage are the window's own, so scripts on the
 * page (the browser bundle) and the template see each other's writes.
 */
export function pageFromWindow(win: DomWindow, consent: ConsentState = new ConsentState()): WebPage {
  return {
    window: win as unknown as Record<string, unknown>,
    get cookie() {
      return win.document.cookie;
    },
    set cookie(text: string) {
      win.document.cookie = text;
    },
    get localStorage() {
      return win.localStorage;
    },
    get href() {
      return win.location.href;
    },
    get referrer() {
      return win.document.referrer;
    },
    get title() {
      return win.document.title;
    },
    get characterSet() {
      return win.document.characterSet;
    },
    consent,
    templateStorage: new Map(),
  };
}
