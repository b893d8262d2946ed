/**
 * Code the check runs inside the site's pages. Each function is serialised by Playwright (`toString()`), so it must
 * not refer to anything outside itself.
 */

import { IDENTITY_EVENT, STORAGE_KEYS } from '../../vocabulary/index.js';

/** The shared names {@link readPageState} looks for, handed to it as an argument since it cannot import. */
export interface PageNames {
  /** A string only the bundle's code holds (a storage key, so it never changes between versions). */
  signature: string;
  /** The storage key of the Rokt ID. */
  idKey: string;
  /** The dataLayer event that carries the identifiers. */
  identityEvent: string;
}

export const PAGE_NAMES: PageNames = {
  signature: STORAGE_KEYS.seen,
  idKey: STORAGE_KEYS.id,
  identityEvent: IDENTITY_EVENT,
};

/**
 * Runs before any script of every page: turns `window.roktBridge` into an accessor that notes each script element
 * that reads it while running. Every copy of the bundle reads it first thing (a second copy finds the first and
 * stops there, which is why it is otherwise invisible); the check later keeps the scripts holding the bundle's code.
 */
export function watchBridgeReaders(): void {
  const readers: HTMLScriptElement[] = [];
  let value: unknown = (window as unknown as Record<string, unknown>).roktBridge;
  Object.defineProperty(window, '__roktCheckReaders', { value: readers });
  Object.defineProperty(window, 'roktBridge', {
    configurable: true,
    enumerable: true,
    get() {
      const script = document.currentScript;
      if (script instanceof HTMLScriptElement && readers.indexOf(script) < 0) readers.push(script);
      return value;
    },
    set(next) {
      value = next;
    },
  });
}

/** What the page shows of the bundle, its configuration, its dataLayer and its storage. */
export interface PageState {
  /** `window.roktBridge` is this bundle: it has the whole API and answers as the bundle does (see {@link readPageState}). */
  present: boolean;
  /**
   * What `window.roktBridge` is when it is not this bundle: `missing`, `queue` (calls queued for a bundle that never
   * ran), or `other` (an old integration, a stub) with what gave it away in `mismatches`.
   */
  found?: 'missing' | 'queue' | 'other';
  mismatches?: string[];
  /**
   * No bundle, but the GTM web templates run: `window.roktBridge` is missing (or a queue) and a `rokt_identity` push is on the
   * dataLayer (the *Rokt Capture* tag's). `memory` then holds what those pushes told GTM's data model.
   */
  templates?: boolean;
  version?: string;
  /** What the bridge holds in memory (`roktBridge.get()`); only strings are kept. */
  memory: { rtid?: string; emailsha256?: string };
  /** `roktBridgeConfig.consent` as the page set it (`undefined`: the default, auto), as text. */
  configuredConsent?: string;
  /** Consent Mode `ad_storage` commands on the dataLayer, in order: `default denied`, `update granted`. */
  consentCommands: string[];
  /** The `rokt_identity` pushes on the dataLayer (string values only). */
  identityPushes: { rtid?: string; emailsha256?: string }[];
  /** `localStorage.RoktTransactionId` (null when missing or unreadable). */
  localStorageId: string | null;
  /** Scripts that read `window.roktBridge` while running: a URL, or the inline code's signature test. */
  readers: { src: string; inlineHasSignature: boolean }[];
  /** What the page made impossible to read (a getter that throws): named, so the report can say so. */
  unreadable: string[];
}

/**
 * Reads the {@link PageState}. Never throws: whatever the page defines (a getter that throws, a Proxy, a stub) is
 * read inside a guard and reported. The bridge is recognised by its contract, not its name: every documented method,
 * a version, `get()` and `params()` holding only string identifiers, and `setRoktId` / `setEmail` refusing
 * a value that breaks their rules (documented to change nothing). An old integration or a stub that took the name
 * fails one of these, and matters: the bundle leaves an existing `window.roktBridge` with a version alone.
 */
export function readPageState(names: PageNames): PageState {
  const win = window as unknown as Record<string, unknown>;
  const unreadable: string[] = [];
  const read = <T>(what: string, get: () => T, fallback: T): T => {
    try {
      return get();
    } catch {
      if (unreadable.indexOf(what) < 0) unreadable.push(what);
      return fallback;
    }
  };
  const text = (value: unknown): string => read('a value', () => String(value).slice(0, 200), '(unreadable)');
  const idKeys = ['rtid', 'emailsha256'];
  /** The identifiers of an object as the bundle returns them, or why it is not that. */
  const identity = (value: unknown): { rtid?: string; emailsha256?: string } | string => {
    if (!value || typeof value !== 'object') return 'not an object';
    const out: Record<string, string> = {};
    for (const key of Object.keys(value)) {
      const field = (value as Record<string, unknown>)[key];
      if (idKeys.indexOf(key) < 0) return `an unknown key "${text(key)}"`;
      if (typeof field !== 'string') return `a ${typeof field} ${key}`;
      out[key] = field;
    }
    return out;
  };

  const api = read('window.roktBridge', () => win.roktBridge, undefined) as Record<string, unknown> | undefined;
  const mismatches: string[] = [];
  let found: PageState['found'];
  let memory: PageState['memory'] = {};
  let version: string | undefined;
  if (api === undefined || api === null) found = 'missing';
  else if (read('window.roktBridge', () => Array.isArray(api), false)) found = 'queue';
  else {
    const readable = read(
      'window.roktBridge',
      () => {
        const methods = ['setRoktId', 'setEmail', 'capture', 'get', 'params', 'conversion', 'consent', 'clear', 'push'];
        const missing = methods.filter((name) => typeof api[name] !== 'function');
        if (missing.length) mismatches.push(`no ${missing.join(', ')}`);
        const rawVersion = api.version;
        // The bundle treats a `version` as "already installed", so it always has a non-empty one.
        if (typeof rawVersion !== 'string' || rawVersion === '') mismatches.push(`version is ${text(rawVersion)}`);
        else version = rawVersion.slice(0, 40);
        if (missing.length) return true;
        const call = (name: string, ...args: unknown[]): unknown => {
          try {
            return (api[name] as (...a: unknown[]) => unknown).apply(api, args);
          } catch {
            mismatches.push(`${name}() throws`);
            return undefined;
          }
        };
        const got = identity(call('get'));
        const params = identity(call('params'));
        if (typeof got === 'string') mismatches.push(`get() returns ${got}`);
        if (typeof params === 'string') mismatches.push(`params() returns ${params}`);
        else if (typeof got !== 'string' && (got.rtid !== params.rtid || got.emailsha256 !== params.emailsha256)) {
          mismatches.push('params() differs from get()');
        }
        if (call('setRoktId', 'not a Rokt ID!') !== false) mismatches.push('setRoktId() accepts an invalid ID');
        if (call('setEmail', 'not an email address') !== false) mismatches.push('setEmail() accepts a non-address');
        if (typeof got !== 'string') memory = got;
        return true;
      },
      false,
    );
    if (!readable) mismatches.push('reading it throws');
    found = mismatches.length ? 'other' : undefined;
  }
  const present = found === undefined;
  if (!present) memory = {};

  const config = read('window.roktBridgeConfig', () => (win.roktBridgeConfig || {}) as Record<string, unknown>, {});
  const layerName = read(
    'roktBridgeConfig.dataLayerName',
    () => (typeof config.dataLayerName === 'string' ? config.dataLayerName : 'dataLayer'),
    'dataLayer',
  );
  const layer = read(
    `window.${layerName}`,
    () => (Array.isArray(win[layerName]) ? (win[layerName] as Record<string | number, unknown>[]).slice(0, 10000) : []),
    [],
  );
  const localStorageId = read('localStorage', () => localStorage.getItem(names.idKey), null);
  const consentCommands: string[] = [];
  const identityPushes: PageState['identityPushes'] = [];
  for (const entry of layer) {
    read(
      `an entry of ${layerName}`,
      () => {
        if (!entry || typeof entry !== 'object') return;
        const settings = entry[2] as Record<string, unknown> | undefined;
        if (entry[0] === 'consent' && settings && settings.ad_storage !== undefined) {
          consentCommands.push(`${text(entry[1])} ${text(settings.ad_storage)}`);
        }
        if (entry.event === names.identityEvent) {
          const push: PageState['identityPushes'][number] = {};
          if (typeof entry.rtid === 'string') push.rtid = entry.rtid;
          if (typeof entry.emailsha256 === 'string') push.emailsha256 = entry.emailsha256;
          identityPushes.push(push);
        }
      },
      undefined,
    );
  }
  const readers = read(
    'the scripts reading window.roktBridge',
    () =>
      ((win.__roktCheckReaders || []) as HTMLScriptElement[]).map((script) => ({
        src: String(script.src),
        inlineHasSignature: !script.src && String(script.text || '').indexOf(names.signature) >= 0,
      })),
    [],
  );
  const consent = read('roktBridgeConfig.consent', () => config.consent, undefined);
  // The web templates keep the identifiers in GTM's memory, which the page reads only through their pushes: the last
  // value of each wins, as in GTM's data model.
  // (A queue may be the check's own `--email` on the conversion page, which no bundle takes there.)
  const templates = (found === 'missing' || found === 'queue') && identityPushes.length > 0;
  if (templates) {
    for (const push of identityPushes) {
      if (push.rtid !== undefined) memory.rtid = push.rtid;
      if (push.emailsha256 !== undefined) memory.emailsha256 = push.emailsha256;
    }
  }
  return {
    present,
    found,
    templates: templates || undefined,
    mismatches: found === 'other' ? mismatches : undefined,
    version: present ? version : undefined,
    memory,
    configuredConsent: consent === undefined ? undefined : text(consent),
    consentCommands,
    identityPushes,
    localStorageId: typeof localStorageId === 'string' ? localStorageId : null,
    readers,
    unreadable,
  };
}

/**
 * The widest domain this page may set cookies on, found the way the bundle finds it: a probe cookie on each candidate
 * from the shortest up; the browser refuses public suffixes. `null` for an IP address or a single-label host.
 */
export function probeRegistrableDomain(probe: string): string | null {
  const host = location.hostname;
  if (/^[\d.]+$|:/.test(host)) return null;
  const labels = host.split('.');
  for (let i = labels.length - 2; i >= 0; i--) {
    const domain = labels.slice(i).join('.');
    // biome-ignore lint/suspicious/noDocumentCookie: the probe must go through the page, where the browser's rules apply
    document.cookie = `${probe}=1; path=/; domain=${domain}`;
    const accepted = document.cookie.indexOf(`${probe}=`) >= 0;
    // biome-ignore lint/suspicious/noDocumentCookie: removes the probe
    document.cookie = `${probe}=; path=/; domain=${domain}; max-age=0`;
    if (accepted) return domain;
  }
  return null;
}

/** Hands the email to the bundle (`setEmail` may be async); resolves to what it answered. */
export async function setEmail(email: string): Promise<unknown> {
  const api = (window as unknown as Record<string, { setEmail?: (email: string) => unknown }>).roktBridge;
  return api && typeof api.setEmail === 'function' ? await api.setEmail(email) : undefined;
}

/** Queues `setEmail` for the bundle (its documented queue), which replays it when it starts. */
export function queueEmail(email: string): void {
  const win = window as unknown as Record<string, unknown>;
  const queue = Array.isArray(win.roktBridge) ? win.roktBridge : [];
  queue.push(['setEmail', email]);
  win.roktBridge = queue;
}

/** Pushes a conversion the way a site does: `dataLayer.push({event, transaction_id})`. */
export function pushConversion(args: { event: string; transactionId: string }): void {
  const win = window as unknown as Record<string, unknown>;
  let name = 'dataLayer';
  try {
    const config = (win.roktBridgeConfig || {}) as Record<string, unknown>;
    if (typeof config.dataLayerName === 'string') name = config.dataLayerName;
  } catch {
    // An unreadable configuration leaves the default name, as the bundle does.
  }
  win[name] = win[name] || [];
  (win[name] as unknown[]).push({ event: args.event, transaction_id: args.transactionId });
}
