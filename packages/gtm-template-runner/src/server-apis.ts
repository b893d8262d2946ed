import { createHash } from 'node:crypto';
import { createClientApis } from './client-apis.js';
import { createGoogleApis } from './google-apis.js';
import type { Permissions } from './permissions.js';
import type { PromiseFactory } from './promise.js';
import type { Realm } from './realm.js';
import type { HttpRequestRecord, HttpResponse, RunResult } from './types.js';

/** Every API name `require()` accepts in a server template (https://developers.google.com/tag-platform/tag-manager/server-side/api). */
export const SERVER_API_NAMES: ReadonlySet<string> = new Set([
  'addEventCallback',
  'addMessageListener',
  'BigQuery',
  'callLater',
  'claimRequest',
  'computeEffectiveTldPlusOne',
  'createRegex',
  'decodeUri',
  'decodeUriComponent',
  'encodeUri',
  'encodeUriComponent',
  'extractEventsFromMpv1',
  'extractEventsFromMpv2',
  'Firestore',
  'fromBase64',
  'generateRandom',
  'getAllEventData',
  'getClientName',
  'getContainerVersion',
  'getCookieValues',
  'getEventData',
  'getGoogleAuth',
  'getGoogleScript',
  'getRemoteAddress',
  'getRequestBody',
  'getRequestHeader',
  'getRequestMethod',
  'getRequestPath',
  'getRequestQueryParameter',
  'getRequestQueryParameters',
  'getRequestQueryString',
  'getTimestamp',
  'getTimestampMillis',
  'getType',
  'hasMessageListener',
  'hmacSha256',
  'isRequestMpv1',
  'isRequestMpv2',
  'JSON',
  'logToConsole',
  'makeInteger',
  'makeNumber',
  'makeString',
  'makeTableMap',
  'Math',
  'Object',
  'parseUrl',
  'Promise',
  'queryPermission',
  'returnResponse',
  'runContainer',
  'sendEventToGoogleAnalytics',
  'sendHttpGet',
  'sendHttpRequest',
  'sendMessage',
  'sendPixelFromBrowser',
  'setCookie',
  'setPixelResponse',
  'setResponseBody',
  'setResponseHeader',
  'setResponseStatus',
  'sha256',
  'sha256Sync',
  'templateDataStorage',
  'testRegex',
  'toBase64',
]);

/** APIs that `require()` returns as objects (mocked with `mockObject`); the rest are functions. */
export const OBJECT_APIS: ReadonlySet<string> = new Set([
  'BigQuery',
  'Firestore',
  'JSON',
  'Math',
  'Object',
  'Promise',
  'templateDataStorage',
]);

/** What the API implementations need from the run they belong to. */
export interface ApiEnv {
  realm: Realm;
  promises: PromiseFactory;
  permissions: Permissions;
  eventData: Record<string, unknown>;
  cookies: Record<string, string[]>;
  requestHeaders: Record<string, string>;
  /** The incoming request, each part defaulted (`GET`, `/`, empty query and body). */
  request: { method: string; path: string; queryString: string; body: string; remoteAddress: string };
  clientName: string;
  /** `___INFO___.type` of the running template: `TAG`, `MACRO` or `CLIENT`. */
  templateType: string;
  /** Firestore stand-in: document path → data (the caller's object: writes show there). */
  firestore: Record<string, Record<string, unknown>>;
  /** `hmacSha256` keys by id, base64-encoded as in the SGTM_CREDENTIALS file. */
  privateKeys: Record<string, string>;
  fetch: ((req: HttpRequestRecord) => Promise<HttpResponse>) | undefined;
  now: () => number;
  containerVersion: Record<string, unknown>;
  debugMode: boolean;
  storage: Map<string, unknown>;
  result: Pick<
    RunResult,
    'logs' | 'requests' | 'cookiesSet' | 'response' | 'events' | 'analytics' | 'pixels' | 'bigQuery'
  >;
  /** A request header by case-insensitive name (no permission check: for the runner's own use). */
  header(name: string): string | undefined;
  /** Adds a `[runner] …` note to the run's log. */
  note(message: string): void;
  /** Throws a `TemplateRejected` for a permission denial (records it for the run, too). */
  demand(permission: string, ...args: unknown[]): void;
  /** Runs `fn` after the current code, as `callLater` does; the run waits for it. */
  later(fn: () => void): void;
  /** Counts a host promise as pending work of the run. */
  track<T>(work: Promise<T>): Promise<T>;
}

const DEFAULT_HTTP_TIMEOUT_MS = 15000;

function lookupPath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function getType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' || typeof v === 'function' ? typeof v : typeof v;
}

function formatLogArg(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'function';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;

function safeDecode(fn: (s: string) => string, s: unknown): string | undefined {
  try {
    return fn(String(s));
  } catch {
    return undefined;
  }
}

/** RE2 (GTM's regex engine) has no look-around and no back-references: such patterns give `null` as in GTM. */
const RE2_UNSUPPORTED = /\(\?<?[=!]|\\[1-9]/;

/** Builds the API table of one run: name → function (or object for {@link OBJECT_APIS}). */
export function createServerApis(env: ApiEnv): Record<string, unknown> {
  const { realm, promises } = env;
  const sandboxArray = (items: unknown[]): unknown => realm.array(items);

  const sendHttp = (url: unknown, a: unknown, b: unknown, c: unknown, forceGet: boolean): unknown => {
    const callback = typeof a === 'function' ? a : undefined;
    const options = ((callback ? b : a) ?? {}) as Record<string, unknown>;
    const body = callback ? c : b;
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries((options.headers ?? {}) as Record<string, unknown>)) headers[k] = String(v);
    const req: HttpRequestRecord = {
      url: String(url),
      method: forceGet ? 'GET' : String(options.method ?? 'GET').toUpperCase(),
      headers,
    };
    if (!forceGet && body !== undefined && body !== null) req.body = String(body);
    if (typeof options.timeout === 'number') req.timeout = options.timeout;
    env.demand('send_http', req.url);
    env.result.requests.push(req);
    const outcome = env.track(exchange(env, req));
    if (callback) {
      outcome.then((r) =>
        env.later(() => {
          Reflect.apply(
            callback,
            undefined,
            'reason' in r
              ? [0, realm.toSandbox({}), undefined]
              : [r.statusCode, realm.toSandbox(r.headers ?? {}), r.body],
          );
        }),
      );
      return undefined;
    }
    const { promise, resolve, reject } = promises.deferred();
    outcome.then((r) =>
      'reason' in r
        ? reject(realm.toSandbox(r))
        : resolve(realm.toSandbox({ statusCode: r.statusCode, headers: r.headers ?? {}, body: r.body })),
    );
    return promise;
  };

  const sha256Hex = (input: unknown, options: unknown): string => {
    const enc = (options as { outputEncoding?: unknown } | undefined)?.outputEncoding ?? 'base64';
    if (enc !== 'base64' && enc !== 'hex')
      throw new Error(`sha256: outputEncoding must be 'base64' or 'hex', got ${String(enc)}`);
    return createHash('sha256').update(String(input), 'utf8').digest(enc);
  };

  return {
    ...createGoogleApis(env),
    ...createClientApis(env),
    // The argument unaltered when null or undefined, '' when it is not a domain or URL (API reference).
    computeEffectiveTldPlusOne: (domainOrUrl: unknown) =>
      domainOrUrl === null || domainOrUrl === undefined ? domainOrUrl : effectiveTldPlusOne(String(domainOrUrl)),
    getEventData: (keyPath: unknown) => {
      env.demand('read_event_data', String(keyPath));
      return realm.toSandbox(lookupPath(env.eventData, String(keyPath)));
    },
    getAllEventData: () => {
      env.demand('read_event_data');
      return realm.toSandbox(env.eventData);
    },
    getCookieValues: (name: unknown, noDecode: unknown) => {
      env.demand('get_cookies', String(name));
      const raw = env.cookies[String(name)] ?? [];
      return sandboxArray(noDecode === true ? raw : raw.map((v) => safeDecode(decodeURIComponent, v) ?? v));
    },
    getRequestHeader: (name: unknown) => {
      env.demand('read_request', 'header', String(name));
      return env.header(String(name));
    },
    getContainerVersion: () => {
      env.demand('read_container_data');
      return realm.toSandbox(env.containerVersion);
    },
    logToConsole: (...args: unknown[]) => {
      env.demand('logging', env.debugMode);
      env.result.logs.push(args.map(formatLogArg).join(' '));
    },
    queryPermission: (permission: unknown, ...args: unknown[]) =>
      env.permissions.check(String(permission), ...args) === null,
    sendHttpRequest: (url: unknown, a: unknown, b: unknown, c: unknown) => sendHttp(url, a, b, c, false),
    sendHttpGet: (url: unknown, a: unknown, b: unknown) => sendHttp(url, a, b, undefined, true),
    setCookie: (name: unknown, value: unknown, options: unknown, noEncode: unknown) => {
      env.demand('set_cookies', String(name), options);
      const v = noEncode === true ? String(value) : encodeURIComponent(String(value));
      env.result.cookiesSet.push({ name: String(name), value: v, options: { ...(options as object) } });
    },
    callLater: (fn: unknown) => {
      if (typeof fn === 'function') env.later(() => Reflect.apply(fn, undefined, []));
    },
    getTimestampMillis: () => env.now(),
    getTimestamp: () => env.now(),
    generateRandom: (min: unknown, max: unknown) => {
      const lo = Math.ceil(Number(min));
      const hi = Math.floor(Number(max));
      return lo + Math.floor(Math.random() * (hi - lo + 1));
    },
    sha256Sync: (input: unknown, options: unknown) => sha256Hex(input, options),
    sha256: (input: unknown, onSuccess: unknown, a: unknown, b: unknown) => {
      const onFailure = typeof a === 'function' ? a : undefined;
      const options = onFailure ? b : a;
      let digest: string;
      try {
        digest = sha256Hex(input, options);
      } catch (e) {
        if (onFailure) env.later(() => Reflect.apply(onFailure, undefined, []));
        else throw e;
        return;
      }
      if (typeof onSuccess === 'function') env.later(() => Reflect.apply(onSuccess, undefined, [digest]));
    },
    getType,
    makeString: (v: unknown) => String(v),
    makeNumber: (v: unknown) => Number(v),
    makeInteger: (v: unknown) => Math.trunc(Number(v)),
    makeTableMap: (rows: unknown, keyColumn: unknown, valueColumn: unknown) => {
      if (!Array.isArray(rows)) return null;
      const out: Record<string, unknown> = {};
      let any = false;
      for (const row of Array.from(rows as unknown[])) {
        const r = row as Record<string, unknown> | null;
        if (r && typeof r === 'object' && String(keyColumn) in r) {
          out[String(r[String(keyColumn)])] = r[String(valueColumn)];
          any = true;
        }
      }
      return any ? realm.toSandbox(out) : null;
    },
    encodeUriComponent: (s: unknown) => safeDecode(encodeURIComponent, s),
    encodeUri: (s: unknown) => safeDecode(encodeURI, s),
    decodeUriComponent: (s: unknown) => safeDecode(decodeURIComponent, s),
    decodeUri: (s: unknown) => safeDecode(decodeURI, s),
    toBase64: (s: unknown, options: unknown) =>
      Buffer.from(String(s), 'utf8').toString(
        (options as { urlEncoding?: unknown })?.urlEncoding ? 'base64url' : 'base64',
      ),
    fromBase64: (s: unknown, options: unknown) => {
      const url = (options as { urlEncoding?: unknown })?.urlEncoding === true;
      const text = String(s);
      if (!(url ? BASE64URL : BASE64).test(text)) return undefined;
      return Buffer.from(text, url ? 'base64url' : 'base64').toString('utf8');
    },
    parseUrl: (url: unknown) => {
      let u: URL;
      try {
        u = new URL(String(url));
      } catch {
        return undefined;
      }
      const searchParams: Record<string, string | string[]> = {};
      u.searchParams.forEach((value, key) => {
        const prev = searchParams[key];
        searchParams[key] = prev === undefined ? value : ([] as string[]).concat(prev, value);
      });
      return realm.toSandbox({
        href: u.href,
        origin: u.origin,
        protocol: u.protocol,
        username: u.username,
        password: u.password,
        host: u.host,
        hostname: u.hostname,
        port: u.port,
        pathname: u.pathname,
        search: u.search,
        searchParams,
        hash: u.hash,
      });
    },
    createRegex: (pattern: unknown, flags: unknown) => {
      // Only g and i are supported; other flag characters are ignored (API reference).
      const f = [...new Set(String(flags ?? '').replace(/[^gi]/g, ''))].join('');
      if (RE2_UNSUPPORTED.test(String(pattern))) return null;
      try {
        return new RegExp(String(pattern), f);
      } catch {
        return null;
      }
    },
    testRegex: (regex: unknown, s: unknown) => {
      // A regex with the g flag is stateful, as the API reference says: lastIndex carries over.
      if (!(regex instanceof RegExp)) return false;
      return regex.test(String(s));
    },
    JSON: {
      parse: (s: unknown) => {
        try {
          return realm.toSandbox(JSON.parse(String(s)));
        } catch {
          return undefined;
        }
      },
      stringify: (v: unknown) => {
        try {
          return JSON.stringify(v);
        } catch {
          return undefined;
        }
      },
    },
    Math: {
      abs: Math.abs,
      floor: Math.floor,
      ceil: Math.ceil,
      round: Math.round,
      max: Math.max,
      min: Math.min,
      pow: Math.pow,
      sqrt: Math.sqrt,
    },
    Object: {
      keys: (o: unknown) => sandboxArray(o !== null && typeof o === 'object' ? Object.keys(o) : []),
      values: (o: unknown) => sandboxArray(o !== null && typeof o === 'object' ? Object.values(o) : []),
      entries: (o: unknown) => sandboxArray(o !== null && typeof o === 'object' ? Object.entries(o) : []),
      freeze: (o: unknown) => (o !== null && typeof o === 'object' ? Object.freeze(o) : o),
      // Like the delete operator: true, or false when the object is frozen.
      delete: (o: unknown, key: unknown) =>
        o !== null && typeof o === 'object' && !Object.isFrozen(o) ? Reflect.deleteProperty(o, String(key)) : false,
    },
    Promise: {
      create: (resolver: unknown) => promises.create(resolver),
      all: (items: unknown) => promises.all(items),
    },
    templateDataStorage: {
      // null when nothing is stored; storing null removes the key (API reference).
      getItemCopy: (key: unknown) => {
        env.demand('access_template_storage');
        const stored = env.storage.get(String(key));
        return stored === undefined ? null : realm.toSandbox(structuredClone(stored));
      },
      setItemCopy: (key: unknown, value: unknown) => {
        env.demand('access_template_storage');
        if (value === null || value === undefined) env.storage.delete(String(key));
        else env.storage.set(String(key), JSON.parse(JSON.stringify(value)) as unknown);
      },
      removeItem: (key: unknown) => {
        env.demand('access_template_storage');
        env.storage.delete(String(key));
      },
      clear: () => {
        env.demand('access_template_storage');
        env.storage.clear();
      },
    },
  };
}

/**
 * Second-level labels under which registrations happen one level deeper (`shop.co.uk`). A short list, not the whole
 * Public Suffix List that GTM uses: other multi-label suffixes give one label too few (see README.md).
 */
const SECOND_LEVEL_SUFFIXES = new Set(['co', 'com', 'net', 'org', 'gov', 'ac', 'edu', 'ne', 'or', 'go']);

/** `computeEffectiveTldPlusOne`: the registrable domain of a host name or URL; `''` for an IP or a bare label. */
function effectiveTldPlusOne(input: string): string {
  let host = input.trim().toLowerCase();
  if (host.includes('/')) {
    try {
      host = new URL(host.includes('://') ? host : `https://${host}`).hostname;
    } catch {
      return '';
    }
  }
  host = host.replace(/\.$/, '');
  if (host === '' || /^[\d.]+$/.test(host) || host.includes(':')) return '';
  const labels = host.split('.');
  if (labels.length < 2) return '';
  const take = labels.length >= 3 && labels.at(-1)!.length === 2 && SECOND_LEVEL_SUFFIXES.has(labels.at(-2)!) ? 3 : 2;
  return labels.length >= take ? labels.slice(-take).join('.') : '';
}

/** One request through the network stand-in; never rejects: failures come back as `{reason}`. */
async function exchange(
  env: ApiEnv,
  req: HttpRequestRecord,
): Promise<HttpResponse | { reason: 'failed' | 'timed_out' }> {
  if (!env.fetch) {
    env.result.logs.push(`[runner] no network stand-in: ${req.method} ${req.url} fails as a failed connection`);
    return { reason: 'failed' };
  }
  const fetch = env.fetch;
  const ms = req.timeout ?? DEFAULT_HTTP_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ reason: 'timed_out' }>((resolve) => {
    timer = setTimeout(() => resolve({ reason: 'timed_out' }), ms);
  });
  try {
    const answer = await Promise.race([
      Promise.resolve().then(() => fetch({ ...req, headers: { ...req.headers } })),
      timeout,
    ]);
    if ('reason' in answer) return answer;
    return answer.timeout ? { reason: 'timed_out' } : answer;
  } catch {
    return { reason: 'failed' };
  } finally {
    clearTimeout(timer);
  }
}
