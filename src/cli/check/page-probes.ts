/**
 * Code the check runs inside the site's pages. Each function is serialised by Playwright (`toString()`), so it must
 * not refer to anything outside itself.
 */

/** A string only the bundle's code holds (a storage key, so it never changes between versions). */
export const BUNDLE_SIGNATURE = 'RoktTransactionIdSeen';

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
  /** `window.roktBridge` is an installed bridge (not missing, not a queue of calls). */
  present: boolean;
  version?: string;
  /** What the bridge holds in memory (`roktBridge.get()`). */
  memory: { rtid?: string; emailsha256?: string };
  /** `roktBridgeConfig.consent` as the page set it (`undefined`: the default, auto). */
  configuredConsent?: unknown;
  /** Consent Mode `ad_storage` commands on the dataLayer, in order: `default denied`, `update granted`. */
  consentCommands: string[];
  /** The `rokt_identity` pushes on the dataLayer. */
  identityPushes: { rtid?: unknown; emailsha256?: unknown }[];
  /** `localStorage.RoktTransactionId` (null when missing or unreadable). */
  localStorageId: string | null;
  /** Scripts that read `window.roktBridge` while running: a URL, or the inline code's signature test. */
  readers: { src: string; inlineHasSignature: boolean }[];
}

/** Reads the {@link PageState}; never throws (a hostile page gets "not present"). */
export function readPageState(signature: string): PageState {
  const win = window as unknown as Record<string, unknown>;
  const api = win.roktBridge as Record<string, unknown> | undefined;
  const config = (win.roktBridgeConfig || {}) as Record<string, unknown>;
  const layerName = typeof config.dataLayerName === 'string' ? config.dataLayerName : 'dataLayer';
  const layer = Array.isArray(win[layerName]) ? (win[layerName] as Record<string | number, unknown>[]) : [];
  const present = !!api && typeof api.get === 'function';
  let memory: PageState['memory'] = {};
  try {
    memory = present ? (api.get as () => PageState['memory'])() || {} : {};
  } catch {}
  let localStorageId: string | null = null;
  try {
    localStorageId = localStorage.getItem('RoktTransactionId');
  } catch {}
  const consentCommands: string[] = [];
  const identityPushes: PageState['identityPushes'] = [];
  for (const entry of layer) {
    if (!entry || typeof entry !== 'object') continue;
    const settings = entry[2] as Record<string, unknown> | undefined;
    if (entry[0] === 'consent' && settings && settings.ad_storage !== undefined) {
      consentCommands.push(`${String(entry[1])} ${String(settings.ad_storage)}`);
    }
    if (entry.event === 'rokt_identity') identityPushes.push({ rtid: entry.rtid, emailsha256: entry.emailsha256 });
  }
  const readers = ((win.__roktCheckReaders || []) as HTMLScriptElement[]).map((script) => ({
    src: script.src,
    inlineHasSignature: !script.src && (script.text || '').indexOf(signature) >= 0,
  }));
  return {
    present,
    version: present && typeof api.version === 'string' ? api.version : undefined,
    memory,
    configuredConsent: config.consent,
    consentCommands,
    identityPushes,
    localStorageId,
    readers,
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
  const config = (win.roktBridgeConfig || {}) as Record<string, unknown>;
  const name = typeof config.dataLayerName === 'string' ? config.dataLayerName : 'dataLayer';
  win[name] = win[name] || [];
  (win[name] as unknown[]).push({ event: args.event, transaction_id: args.transactionId });
}
