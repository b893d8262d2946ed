/**
 * The web container's sandbox APIs (templates whose code is `___SANDBOXED_JS_FOR_WEB_TEMPLATE___`), over a
 * {@link WebPage}. Signatures and behaviour follow Google's reference for web templates,
 * https://developers.google.com/tag-platform/tag-manager/templates/api (typed copy:
 * stape-io/google-tag-manager-apis-intellisense, web-gtm-sandboxed-apis.d.ts); permissions follow
 * https://developers.google.com/tag-platform/tag-manager/templates/permissions. Where a behaviour is not documented
 * the choice is named in a comment and in README.md.
 */
import { type ApiEnv, createServerApis } from './server-apis.js';
import type { WebPage } from './web-page.js';

/** Every API name `require()` accepts in a web template (the web API reference). */
export const WEB_API_NAMES: ReadonlySet<string> = new Set([
  'addConsentListener',
  'addEventCallback',
  'aliasInWindow',
  'callInWindow',
  'callLater',
  'copyFromDataLayer',
  'copyFromWindow',
  'createArgumentsQueue',
  'createQueue',
  'decodeUri',
  'decodeUriComponent',
  'encodeUri',
  'encodeUriComponent',
  'fromBase64',
  'generateRandom',
  'getContainerVersion',
  'getCookieValues',
  'getQueryParameters',
  'getReferrerQueryParameters',
  'getReferrerUrl',
  'getTimestamp',
  'getTimestampMillis',
  'getType',
  'getUrl',
  'gtagSet',
  'injectHiddenIframe',
  'injectScript',
  'isConsentGranted',
  'JSON',
  'localStorage',
  'logToConsole',
  'makeInteger',
  'makeNumber',
  'makeString',
  'makeTableMap',
  'Math',
  'Object',
  'parseUrl',
  'queryPermission',
  'readAnalyticsStorage',
  'readCharacterSet',
  'readTitle',
  'sendPixel',
  'setCookie',
  'setDefaultConsentState',
  'setInWindow',
  'sha256',
  'templateStorage',
  'toBase64',
  'updateConsentState',
]);

/** Web APIs that `require()` returns as objects (mocked with `mockObject`). */
export const WEB_OBJECT_APIS: ReadonlySet<string> = new Set([
  'JSON',
  'Math',
  'Object',
  'localStorage',
  'templateStorage',
]);

/** APIs with the same behaviour in both containers: the server implementation serves both. */
const SHARED = [
  'callLater',
  'decodeUri',
  'decodeUriComponent',
  'encodeUri',
  'encodeUriComponent',
  'fromBase64',
  'generateRandom',
  'getContainerVersion',
  'getTimestamp',
  'getTimestampMillis',
  'getType',
  'JSON',
  'logToConsole',
  'makeInteger',
  'makeNumber',
  'makeString',
  'makeTableMap',
  'Math',
  'Object',
  'parseUrl',
  'queryPermission',
  'sha256',
  'toBase64',
];

/** What loading a URL (`injectScript`, `sendPixel`, `injectHiddenIframe`) gives: true for a successful load. */
export type UrlLoader = (url: string, kind: 'script' | 'pixel' | 'iframe') => boolean | Promise<boolean>;

/** What the web APIs need besides the common {@link ApiEnv}. */
export interface WebEnv {
  page: WebPage;
  /** The running template's code: whose `templateStorage` to use. */
  templateCode: string;
  /** Network stand-in for scripts, pixels and iframes; without it every load fails (the runner has no network). */
  load: UrlLoader | undefined;
  /** URLs the template loaded, in order, by kind. */
  loaded: { scripts: string[]; iframes: string[] };
  /** Records an error thrown by sandboxed code the page called back (a consent listener). */
  reportError(e: unknown, context: string): void;
}

type Dict = Record<string, unknown>;

/** Objects and functions hold properties (`heureka.q` on the function `heureka`, the usual command-queue shape). */
const isHolder = (v: unknown): v is Dict => v !== null && (typeof v === 'object' || typeof v === 'function');

/** The value at a dotted path (`a.b.c`) of `root`, and the object holding it. */
function resolvePath(root: Dict, path: string): { parent: Dict | undefined; key: string; value: unknown } {
  const parts = path.split('.');
  const key = parts.pop() ?? '';
  let parent: unknown = root;
  for (const part of parts) parent = isHolder(parent) ? parent[part] : undefined;
  const holder = isHolder(parent) ? parent : undefined;
  return { parent: holder, key, value: holder ? holder[key] : undefined };
}

/** A sandbox value handed to the page: plain objects and arrays are rebuilt in the host realm, functions kept. */
function toHost(value: unknown): unknown {
  if (Array.isArray(value)) return Array.from(value, toHost);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return value;
  const out: Dict = {};
  for (const [k, v] of Object.entries(value)) out[k] = toHost(v);
  return out;
}

/** An `arguments` object, as `gtag()` pushes commands (GTM reads only those as commands). */
function argumentsOf(...items: unknown[]): IArguments {
  return (function (..._: unknown[]) {
    // biome-ignore lint/complexity/noArguments: GTM tells a gtag command from a plain array by its Arguments type.
    return arguments;
  })(...items);
}

/** `getUrl` / `getReferrerUrl` components (API reference: protocol, host, port, path, query, extension, fragment). */
function urlComponent(href: string, component: unknown): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  switch (component) {
    case 'protocol':
      return url.protocol.replace(/:$/, '');
    case 'host':
      return url.hostname;
    // A URL without a port has its scheme's default, as GTM's URL variable "Port" component gives it.
    case 'port':
      return url.port || (url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '');
    case 'path':
      return url.pathname;
    case 'query':
      return url.search.replace(/^\?/, '');
    case 'extension': {
      const last = url.pathname.split('/').pop() ?? '';
      const dot = last.lastIndexOf('.');
      return dot < 0 ? '' : last.slice(dot + 1);
    }
    case 'fragment':
      return url.hash.replace(/^#/, '');
    default:
      return url.href;
  }
}

/** `getQueryParameters`: the first value (or every value) of a query key, decoded. */
function queryValues(href: string, key: unknown, all: unknown): unknown {
  let values: string[] = [];
  try {
    values = new URL(href).searchParams.getAll(String(key));
  } catch {}
  return all === true ? values : values[0];
}

/** GTM's data model: the dataLayer's object pushes merged in order (objects recursively, anything else replaced). */
function dataModel(layer: unknown): Dict {
  const model: Dict = {};
  const merge = (into: Dict, from: Dict): void => {
    for (const [k, v] of Object.entries(from)) {
      const both = v && typeof v === 'object' && !Array.isArray(v) && into[k] && typeof into[k] === 'object';
      if (both && !Array.isArray(into[k])) merge(into[k] as Dict, v as Dict);
      else into[k] = v;
    }
  };
  if (Array.isArray(layer)) {
    for (const entry of layer) {
      const isArgs = {}.toString.call(entry) === '[object Arguments]';
      if (entry && typeof entry === 'object' && !Array.isArray(entry) && !isArgs) merge(model, entry as Dict);
    }
  }
  return model;
}

/** Builds the web API table of one run. */
export function createWebApis(env: ApiEnv, web: WebEnv): Record<string, unknown> {
  const { realm } = env;
  const { page } = web;
  const server = createServerApis(env);
  const shared = Object.fromEntries(SHARED.map((name) => [name, server[name]]));
  const sandboxArray = (items: unknown[]): unknown => realm.array(items);
  const globals = (): Dict => page.window;
  const cacheTokens = new Map<string, Promise<boolean>>();
  const storageKey = web.templateCode;
  let stored = page.templateStorage.get(storageKey);
  if (!stored) {
    stored = new Map();
    page.templateStorage.set(storageKey, stored);
  }
  const templateStorage = stored;

  const cookieValues = (name: string): string[] =>
    page.cookie
      .split(';')
      .map((pair) => pair.trim())
      .filter((pair) => pair.slice(0, pair.indexOf('=')) === name)
      .map((pair) => pair.slice(pair.indexOf('=') + 1));

  /**
   * `setCookie` domain `'auto'`: the broadest domain the browser accepts, found as gtag.js finds its `auto` cookie
   * domain: from the last two labels up, the first domain a probe cookie sticks on; host-only for an IP address or a
   * one-label host. The probe cookie is removed at once.
   */
  const autoDomain = (): string | undefined => {
    const host = urlComponent(page.href, 'host');
    if (/^[\d.]+$|:/.test(host) || host.indexOf('.') < 0) return undefined;
    const labels = host.split('.');
    const probe = '_gtm_runner_domain_probe';
    for (let i = labels.length - 2; i >= 0; i--) {
      const candidate = labels.slice(i).join('.');
      page.cookie = `${probe}=1; path=/; domain=${candidate}`;
      const stuck = cookieValues(probe).length > 0;
      page.cookie = `${probe}=; path=/; domain=${candidate}; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
      if (stuck) return candidate;
    }
    return undefined;
  };

  /** Loads a URL through the stand-in; the callbacks run after the current code, as a real load does. */
  const load = (
    url: string,
    kind: 'script' | 'pixel' | 'iframe',
    onSuccess: unknown,
    onFailure: unknown,
    token?: string,
  ) => {
    const start = (): Promise<boolean> => {
      if (!web.load) {
        env.note(`no network stand-in: the ${kind} ${url} fails to load`);
        return Promise.resolve(false);
      }
      const loader = web.load;
      return Promise.resolve()
        .then(() => loader(url, kind))
        .catch(() => false);
    };
    // A cache token loads its URL once per page; later calls only wait for that load (API reference, injectScript).
    let outcome = token ? cacheTokens.get(token) : undefined;
    if (!outcome) {
      outcome = start();
      if (token) cacheTokens.set(token, outcome);
      if (kind === 'script') web.loaded.scripts.push(url);
      else if (kind === 'iframe') web.loaded.iframes.push(url);
      else env.result.pixels.push(url);
    }
    void env.track(outcome).then((ok) =>
      env.later(() => {
        const callback = ok ? onSuccess : onFailure;
        if (typeof callback === 'function') Reflect.apply(callback, undefined, []);
      }),
    );
  };

  const consentCommand = (command: 'default' | 'update', settings: unknown): void => {
    const values: Record<string, 'granted' | 'denied'> = {};
    for (const [type, value] of Object.entries((settings ?? {}) as Dict)) {
      if (value !== 'granted' && value !== 'denied') continue;
      env.demand('access_consent', type, 'write');
      values[type] = value;
    }
    // "Pushes a consent … command to the data layer": the page's dataLayer sees the same command gtag() would push.
    const layer = resolvePath(globals(), 'dataLayer');
    if (Array.isArray(layer.value)) layer.value.push(argumentsOf('consent', command, toHost(settings)));
    if (command === 'default') page.consent.setDefault(values);
    else page.consent.update(values);
  };

  return {
    ...shared,
    // Web signature: getCookieValues(name, decode = true); values are URI-decoded unless decode is false.
    getCookieValues: (name: unknown, decode: unknown) => {
      env.demand('get_cookies', String(name));
      const raw = cookieValues(String(name));
      return sandboxArray(
        decode === false
          ? raw
          : raw.map((v) => {
              try {
                return decodeURIComponent(v);
              } catch {
                return v;
              }
            }),
      );
    },
    // setCookie(name, value, options, encode = true): options domain ('auto' = broadest), path, expires, max-age,
    // secure, samesite.
    setCookie: (name: unknown, value: unknown, options: unknown, encode: unknown) => {
      env.demand('set_cookies', String(name), options);
      const o = ((options ?? {}) as Dict) || {};
      const text = encode === false ? String(value) : encodeURIComponent(String(value));
      const domain =
        o.domain === 'auto'
          ? autoDomain()
          : o.domain === undefined || o.domain === 'none'
            ? undefined
            : String(o.domain);
      let cookie = `${String(name)}=${text}`;
      if (domain) cookie += `; domain=${domain}`;
      if (o.path !== undefined) cookie += `; path=${String(o.path)}`;
      if (o.expires !== undefined) cookie += `; expires=${String(o.expires)}`;
      if (o['max-age'] !== undefined) cookie += `; max-age=${String(o['max-age'])}`;
      if (o.secure) cookie += '; secure';
      if (o.samesite !== undefined) cookie += `; samesite=${String(o.samesite)}`;
      page.cookie = cookie;
      env.result.cookiesSet.push({ name: String(name), value: text, options: { ...o } });
    },
    localStorage: {
      // getItem: the value or null; setItem: true when stored (false when the browser refuses, e.g. over quota).
      getItem: (key: unknown) => {
        env.demand('access_local_storage', 'read', String(key));
        try {
          return page.localStorage?.getItem(String(key)) ?? null;
        } catch {
          return null;
        }
      },
      setItem: (key: unknown, value: unknown) => {
        env.demand('access_local_storage', 'write', String(key));
        try {
          if (!page.localStorage) return false;
          page.localStorage.setItem(String(key), String(value));
          return true;
        } catch {
          return false;
        }
      },
      removeItem: (key: unknown) => {
        env.demand('access_local_storage', 'write', String(key));
        try {
          page.localStorage?.removeItem(String(key));
        } catch {}
      },
    },
    // templateStorage keeps references, per template, for the page's lifetime (API reference); an absent key reads
    // as null, as localStorage's does.
    templateStorage: {
      getItem: (key: unknown) => {
        env.demand('access_template_storage');
        return templateStorage.has(String(key)) ? templateStorage.get(String(key)) : null;
      },
      setItem: (key: unknown, value: unknown) => {
        env.demand('access_template_storage');
        templateStorage.set(String(key), value);
      },
      removeItem: (key: unknown) => {
        env.demand('access_template_storage');
        templateStorage.delete(String(key));
      },
      clear: () => {
        env.demand('access_template_storage');
        templateStorage.clear();
      },
    },
    getUrl: (component: unknown) => {
      env.demand('get_url', component === undefined ? 'any' : String(component));
      return urlComponent(page.href, component);
    },
    getQueryParameters: (key: unknown, all: unknown) => {
      env.demand('get_url', 'query', String(key));
      const v = queryValues(page.href, key, all);
      return Array.isArray(v) ? sandboxArray(v) : v;
    },
    getReferrerUrl: (component: unknown) => {
      env.demand('get_referrer', component === undefined ? 'any' : String(component));
      return page.referrer ? urlComponent(page.referrer, component) : '';
    },
    getReferrerQueryParameters: (key: unknown, all: unknown) => {
      env.demand('get_referrer', 'query', String(key));
      const v = queryValues(page.referrer, key, all);
      return Array.isArray(v) ? sandboxArray(v) : v;
    },
    readTitle: () => {
      env.demand('read_title');
      return page.title;
    },
    readCharacterSet: () => {
      env.demand('read_character_set');
      return page.characterSet;
    },
    // The _ga cookie's client ID ("GA1.1.<id>.<time>" → "<id>.<time>"); sessions are not simulated.
    readAnalyticsStorage: () => {
      env.demand('read_analytics_storage');
      const ga = cookieValues('_ga')[0];
      const m = ga ? /^GA\d\.\d+\.(.+)$/.exec(ga) : null;
      return m ? realm.toSandbox({ client_id: m[1], sessions: [] }) : undefined;
    },
    copyFromWindow: (key: unknown) => {
      env.demand('access_globals', 'read', String(key));
      return realm.toSandbox(resolvePath(globals(), String(key)).value);
    },
    // setInWindow(key, value, overrideExisting = false): true when set; an existing value stays unless overridden.
    setInWindow: (key: unknown, value: unknown, overrideExisting: unknown) => {
      env.demand('access_globals', 'write', String(key));
      const at = resolvePath(globals(), String(key));
      if (!at.parent || (at.value !== undefined && overrideExisting !== true)) return false;
      at.parent[at.key] = toHost(value);
      return true;
    },
    aliasInWindow: (toPath: unknown, fromPath: unknown) => {
      env.demand('access_globals', 'write', String(toPath));
      env.demand('access_globals', 'read', String(fromPath));
      const to = resolvePath(globals(), String(toPath));
      const from = resolvePath(globals(), String(fromPath));
      if (!to.parent || from.value === undefined) return false;
      to.parent[to.key] = from.value;
      return true;
    },
    // Calls the function with the object holding it as `this`, like window.a.b(…); the result is copied back.
    callInWindow: (path: unknown, ...args: unknown[]) => {
      env.demand('access_globals', 'execute', String(path));
      const at = resolvePath(globals(), String(path));
      if (typeof at.value !== 'function') return undefined;
      return realm.toSandbox(Reflect.apply(at.value, at.parent, args.map(toHost)));
    },
    // "Creates an array in window (if it doesn't already exist) and returns a function that will push values onto
    // that array": the push goes through the array's own push, so a wrapper GTM (or the page) installed sees it.
    createQueue: (arrayKey: unknown) => {
      env.demand('access_globals', 'readwrite', String(arrayKey));
      const at = resolvePath(globals(), String(arrayKey));
      if (!at.parent) throw new Error(`createQueue: the path of "${String(arrayKey)}" does not exist`);
      if (!Array.isArray(at.value)) at.parent[at.key] = [];
      return (...values: unknown[]) => {
        const queue = resolvePath(globals(), String(arrayKey)).value as unknown[];
        queue.push(...values.map(toHost));
      };
    },
    // The function first: the array often lives on it (`createArgumentsQueue('heureka', 'heureka.q')`), as in the
    // snippets vendors publish (window.f = function () { f.q.push(arguments) }; f.q = []).
    createArgumentsQueue: (fnKey: unknown, arrayKey: unknown) => {
      env.demand('access_globals', 'readwrite', String(fnKey));
      env.demand('access_globals', 'readwrite', String(arrayKey));
      const fn = resolvePath(globals(), String(fnKey));
      if (!fn.parent) throw new Error(`createArgumentsQueue: the path of "${String(fnKey)}" does not exist`);
      if (typeof fn.value !== 'function') {
        fn.parent[fn.key] = (...items: unknown[]) => {
          (resolvePath(globals(), String(arrayKey)).value as unknown[]).push(argumentsOf(...items.map(toHost)));
        };
      }
      const queue = resolvePath(globals(), String(arrayKey));
      if (!queue.parent) throw new Error(`createArgumentsQueue: the path of "${String(arrayKey)}" does not exist`);
      if (!Array.isArray(queue.value)) queue.parent[queue.key] = [];
      return fn.parent[fn.key];
    },
    copyFromDataLayer: (key: unknown) => {
      env.demand('read_data_layer', String(key));
      return realm.toSandbox(resolvePath(dataModel(globals().dataLayer), String(key)).value);
    },
    gtagSet: (settings: unknown) => {
      env.demand('write_data_layer', settings);
      const layer = resolvePath(globals(), 'dataLayer');
      if (Array.isArray(layer.value)) layer.value.push(argumentsOf('set', toHost(settings)));
    },
    isConsentGranted: (type: unknown) => {
      env.demand('access_consent', String(type), 'read');
      return page.consent.isGranted(String(type));
    },
    addConsentListener: (type: unknown, listener: unknown) => {
      env.demand('access_consent', String(type), 'read');
      if (typeof listener !== 'function') return;
      page.consent.listen(String(type), (changed, granted) => {
        try {
          Reflect.apply(listener, undefined, [changed, granted]);
        } catch (e) {
          web.reportError(e, 'uncaught error in a consent listener');
        }
      });
    },
    setDefaultConsentState: (settings: unknown) => consentCommand('default', settings),
    updateConsentState: (settings: unknown) => consentCommand('update', settings),
    injectScript: (url: unknown, onSuccess: unknown, onFailure: unknown, cacheToken: unknown) => {
      env.demand('inject_script', String(url));
      load(String(url), 'script', onSuccess, onFailure, cacheToken === undefined ? undefined : String(cacheToken));
    },
    injectHiddenIframe: (url: unknown, onSuccess: unknown) => {
      env.demand('inject_hidden_iframe', String(url));
      load(String(url), 'iframe', onSuccess, undefined);
    },
    sendPixel: (url: unknown, onSuccess: unknown, onFailure: unknown) => {
      env.demand('send_pixel', String(url));
      load(String(url), 'pixel', onSuccess, onFailure);
    },
    // Web signature: the callback gets the container ID and {tags} once the event's tags have run.
    addEventCallback: (callback: unknown) => {
      if (typeof callback !== 'function') return;
      const id = String(env.containerVersion.containerId ?? '');
      env.later(() => Reflect.apply(callback, undefined, [id, realm.toSandbox({ tags: [] })]));
    },
  };
}
