// Test helpers for the browser bundle: a clean page per test, spies on every storage write, blocked stores, and a
// stand-in for GTM's dataLayer processing.
import { createHash } from 'node:crypto';
import { vi } from 'vitest';
import { install } from '../../src/browser/install';
import type { RoktBridge, RoktBridgeConfig } from '../../src/browser/types';

type Host = Window & Record<string, unknown> & { happyDOM: { setURL(url: string): void } };
export const page = window as unknown as Host;

/** Node's SHA-256 of `text` as lowercase hex: the reference the bundle's hash is checked against. */
export const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every cookie the page can see, as a name → value map. */
export function cookies(): Record<string, string> {
  const jar: Record<string, string> = {};
  for (const pair of document.cookie.split('; ').filter(Boolean)) {
    const at = pair.indexOf('=');
    jar[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return jar;
}

function expireAllCookies(): void {
  const host = location.hostname.split('.');
  for (const name of Object.keys(cookies())) {
    for (let i = 0; i < host.length; i++) {
      const domain = host.slice(i).join('.');
      document.cookie = `${name}=; path=/; domain=${domain}; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    }
    document.cookie = `${name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  }
}

/** Navigates the test window to `url` with empty storage, no dataLayer and no bridge. */
export function freshPage(url = 'https://www.shop.test/'): void {
  vi.restoreAllMocks();
  // Our own document.cookie overrides (below): an own property shadowing Document.prototype's accessor.
  delete (document as unknown as Record<string, unknown>).cookie;
  restoreLocalStorage();
  for (const origin of ['https://www.shop.test/', 'https://checkout.shop.test/', url]) {
    page.happyDOM.setURL(origin);
    expireAllCookies();
    localStorage.clear();
  }
  page.happyDOM.setURL(url);
  delete page.dataLayer;
  delete page.roktBridge;
  delete page.roktBridgeConfig;
  delete page.customLayer;
}

/** Moves to another URL of the same browser (cookies and per-origin localStorage stay), as a new page load would. */
export function navigate(url: string): void {
  page.happyDOM.setURL(url);
  delete page.dataLayer;
  delete page.roktBridge;
}

/** Installs the bridge on the test window, as the IIFE does. */
export function load(config?: RoktBridgeConfig): RoktBridge {
  if (config) page.roktBridgeConfig = config;
  return install(window);
}

export function dataLayer(name = 'dataLayer'): Record<string, unknown>[] {
  return page[name] as Record<string, unknown>[];
}

/** The `rokt_identity` events pushed so far. */
export const identityEvents = (name?: string) => dataLayer(name).filter((entry) => entry.event === 'rokt_identity');

export interface StorageWrite {
  store: 'cookie' | 'localStorage';
  what: string;
}

/** Records every cookie write and every localStorage setItem/removeItem/clear, whatever triggers them. */
export function spyOnStorageWrites(): StorageWrite[] {
  const writes: StorageWrite[] = [];
  const real = realCookie();
  overrideCookie(
    () => real.get?.call(document),
    (value) => {
      writes.push({ store: 'cookie', what: value });
      real.set?.call(document, value);
    },
  );
  const storage = window.localStorage;
  overrideLocalStorage({
    getItem: (key: string) => storage.getItem(key),
    setItem: (key: string, value: string) => {
      writes.push({ store: 'localStorage', what: `setItem(${key}, ${value})` });
      storage.setItem(key, value);
    },
    removeItem: (key: string) => {
      writes.push({ store: 'localStorage', what: `removeItem(${key})` });
      storage.removeItem(key);
    },
    clear: () => {
      writes.push({ store: 'localStorage', what: 'clear()' });
      storage.clear();
    },
  });
  return writes;
}

// window.localStorage is replaced (not its prototype spied on: vitest's spies on Storage.prototype do not come back
// reliably after a restore), and freshPage() puts the real one back.
const realLocalStorage = Object.getOwnPropertyDescriptor(window, 'localStorage');

function overrideLocalStorage(fake: Partial<Storage>): void {
  Object.defineProperty(window, 'localStorage', { configurable: true, get: () => fake });
}

function restoreLocalStorage(): void {
  if (realLocalStorage) Object.defineProperty(window, 'localStorage', realLocalStorage);
  else delete (window as unknown as Record<string, unknown>).localStorage;
}

export function realCookie(): PropertyDescriptor {
  for (let proto: object | null = Object.getPrototypeOf(document); proto; proto = Object.getPrototypeOf(proto)) {
    const descriptor = Object.getOwnPropertyDescriptor(proto, 'cookie');
    if (descriptor) return descriptor;
  }
  throw new Error('document.cookie has no descriptor');
}

/** Replaces document.cookie for this test; freshPage() removes the override. */
export function overrideCookie(get: () => string, set: (value: string) => void): void {
  Object.defineProperty(document, 'cookie', { configurable: true, get, set });
}

/** Cookies disabled: every read and write of document.cookie throws, as in a sandboxed iframe. */
export function blockCookies(): void {
  const denied = () => {
    throw new DOMException('The document is sandboxed and lacks the allow-same-origin flag.', 'SecurityError');
  };
  overrideCookie(denied, denied);
}

/** localStorage throwing on every call, as Safari's old private mode and full quotas do. */
export function blockLocalStorage(): void {
  const fail = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  overrideLocalStorage({ getItem: fail, setItem: fail, removeItem: fail, clear: fail });
}

/**
 * A stand-in for gtm.js's dataLayer processing, written after google/data-layer-helper: it processes what is already
 * on the dataLayer, then replaces `push` with a wrapper that keeps the previous `push`, calls it, and then processes
 * the same objects (merging them into its model and recording each event with the model state at that moment, and
 * with `ad_storage` as the gtag consent commands processed before it set it: GTM evaluates a message's tags with the
 * consent state of the messages before it).
 */
export function gtmStandIn(layer: Record<string, unknown>[]) {
  const model: Record<string, unknown> = {};
  let adStorage: unknown;
  const processed: {
    event: string;
    model: Record<string, unknown>;
    pushed: Record<string, unknown>;
    adStorage?: unknown;
  }[] = [];
  const process = (entry: Record<string, unknown>) => {
    if (!entry || typeof entry !== 'object') return;
    if (typeof entry.length === 'number') {
      const params = entry[2] as Record<string, unknown> | undefined;
      if ({}.toString.call(entry) === '[object Arguments]' && entry[0] === 'consent' && params?.ad_storage)
        adStorage = params.ad_storage;
      return;
    }
    Object.assign(model, entry);
    if (typeof entry.event === 'string')
      processed.push({ event: entry.event, model: { ...model }, pushed: { ...entry }, adStorage });
  };
  for (const entry of layer) process(entry);
  const previous = layer.push;
  layer.push = (...entries: Record<string, unknown>[]) => {
    const result = previous.apply(layer, entries);
    for (const entry of entries) process(entry);
    return result;
  };
  return { model, processed };
}

/** An Arguments object, as `gtag()` pushes it: GTM treats only these as commands (a plain array is not one). */
export function gtagCommand(..._args: unknown[]): Record<string, unknown> {
  // biome-ignore lint/complexity/noArguments: gtag pushes its arguments object, and so must this stand-in
  return arguments as unknown as Record<string, unknown>;
}

/** The page's `gtag()`: pushes its arguments object to the dataLayer, creating it when missing. */
export function gtag(...args: unknown[]): void {
  page.dataLayer = page.dataLayer || [];
  (page.dataLayer as unknown[]).push(gtagCommand(...args));
}
