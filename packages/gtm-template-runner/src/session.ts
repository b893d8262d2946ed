import { Permissions } from './permissions.js';
import { PromiseFactory } from './promise.js';
import { createRealm, type Realm, sandboxFrame } from './realm.js';
import { createServerApis, OBJECT_APIS, SERVER_API_NAMES } from './server-apis.js';
import { checkSandboxedCode } from './syntax-check.js';
import { isWebTemplate } from './tpl.js';
import { type RunOptions, type RunResult, TemplateRejected, type Tpl } from './types.js';
import { createWebApis, WEB_API_NAMES, WEB_OBJECT_APIS } from './web-apis.js';
import { simulatedBrowser, type WebPage } from './web-page.js';

/** Longest the runner waits for pending work (HTTP time-outs included) before it stops waiting. */
const MAX_WAIT_MS = 30000;

/** One recorded API call (for `assertApi`). */
export interface ApiCall {
  name: string;
  args: unknown[];
}

/** Maps a line of the template code to the place a reader should look, e.g. `line 3 (.tpl line 40)`. */
export type Locate = (line: number) => string;

/** Template storage survives across runs of the same parsed template, like one server instance's storage. */
const storages = new WeakMap<object, Map<string, unknown>>();

/** The API names `require()` resolves for a template: the web container's or the server container's. */
export function apiNamesOf(tpl: Tpl): ReadonlySet<string> {
  return isWebTemplate(tpl) ? WEB_API_NAMES : SERVER_API_NAMES;
}

/** Where a web template runs when the caller names no page. */
const DEFAULT_PAGE_URL = 'https://www.example.com/';
/**
 * Where GTM's template editor runs a web template's tests: published tests rely on it. stape-io's
 * consent-listener-web-tag returns early when `getUrl()` starts with this address, which is how its "Quick Test"
 * (`runCode()` with no fields) passes in the editor.
 */
const TEST_PAGE_URL = 'https://gtm-msr.appspot.com/';

/** Statically checks a template's code; the message names the `.tpl` line too. */
export function checkTemplateCode(tpl: Tpl): void {
  try {
    checkSandboxedCode(tpl.code, { knownApis: apiNamesOf(tpl) });
  } catch (e) {
    if (e instanceof TemplateRejected) throw relocate(e, templateLocator(tpl));
    throw e;
  }
}

/** `line N`, plus the `.tpl` line when the code came from a file. */
export function templateLocator(tpl: Tpl): Locate {
  return (line) =>
    tpl.codeStartLine > 0 ? `line ${line} (.tpl line ${line + tpl.codeStartLine - 1})` : `line ${line}`;
}

/** The same rejection, with the place described by `locate`. */
export function relocate(e: TemplateRejected, locate: Locate): TemplateRejected {
  const detail = e.message.replace(/^rule \S+ at line \d+: /, '');
  return new TemplateRejected(e.rule, e.line, detail, locate(e.line));
}

/**
 * One sandbox instance: a fresh realm, the template's permissions, the API table with mocks and call recording,
 * and the bookkeeping that tells when all work the code started has finished.
 */
export class Session {
  readonly realm: Realm;
  readonly promises: PromiseFactory;
  readonly result: RunResult = {
    value: undefined,
    outcome: 'none',
    logs: [],
    requests: [],
    cookiesSet: [],
    response: { claimed: false, returned: false, statusCode: 200, headers: {}, body: '' },
    events: [],
    analytics: [],
    pixels: [],
    scripts: [],
    iframes: [],
    bigQuery: [],
    errors: [],
  };
  /** API calls in order, including `gtmOnSuccess` / `gtmOnFailure`. */
  readonly calls: ApiCall[] = [];
  /** `mock(name, value)`: replaces a function API (no permission check, as in GTM's test runner). */
  readonly mocks = new Map<string, unknown>();
  /** `mockObject(name, object)`: replaces members of an object API. */
  readonly objectMocks = new Map<string, Record<string, unknown>>();
  /** First rule breach of the run; kept even if sandboxed code catches the exception. */
  violation: TemplateRejected | null = null;

  /** The page a web template runs on (undefined for a server template). */
  readonly page: WebPage | undefined;
  private readonly apis: Record<string, unknown>;
  private readonly apiNames: ReadonlySet<string>;
  private readonly objectApis: ReadonlySet<string>;
  private readonly wrappers = new Map<string, unknown>();
  private pending = 0;
  private templateFn: ((...a: unknown[]) => unknown) | null = null;

  /**
   * @param storageKey whose `templateDataStorage` to use: the template's own (shared across runs, as on one server
   *   instance) by default; tests pass a fresh object.
   * @param testEnvironment GTM's test runner (no incoming request): an absent request header reads as `''`. Evidence:
   *   stape-io/tiktok-tag's passing tests assert that a log field taken from an unmocked `getRequestHeader('trace-id')`
   *   is defined, and that JSON round trip would drop an `undefined` (README.md).
   */
  constructor(
    private readonly tpl: Tpl,
    options: RunOptions,
    private readonly locate: Locate,
    storageKey: object = tpl,
    testEnvironment = false,
  ) {
    this.realm = createRealm((type, method) =>
      this.breach('stdlib-method', `${type}.prototype.${method}() is not in the sandbox's standard library`),
    );
    this.promises = new PromiseFactory((items) => this.realm.array(items));
    const permissions = new Permissions(tpl.permissions);
    const containerVersion = {
      containerId: 'GTM-OFFLINE',
      debugMode: false,
      environmentMode: false,
      environmentName: '',
      previewMode: false,
      version: '0',
      ...options.containerVersion,
    };
    let storage = storages.get(storageKey);
    if (!storage) {
      storage = new Map();
      storages.set(storageKey, storage);
    }
    const now = options.now;
    const requestHeaders = options.requestHeaders ?? {};
    const env: Parameters<typeof createServerApis>[0] = {
      realm: this.realm,
      promises: this.promises,
      permissions,
      eventData: options.eventData ?? {},
      cookies: collectCookies(options),
      requestHeaders,
      request: {
        method: (options.request?.method ?? 'GET').toUpperCase(),
        path: options.request?.path ?? '/',
        queryString: (options.request?.queryString ?? '').replace(/^\?/, ''),
        body: options.request?.body ?? '',
        remoteAddress: options.request?.remoteAddress ?? '127.0.0.1',
      },
      clientName: options.clientName ?? '',
      templateType: String(tpl.info.type ?? ''),
      firestore: options.firestore ?? {},
      privateKeys: options.privateKeys ?? {},
      header: (name) =>
        Object.entries(requestHeaders).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ??
        (testEnvironment ? '' : undefined),
      note: (message) => this.result.logs.push(`[runner] ${message}`),
      fetch: options.fetch,
      now: () => now ?? Date.now(),
      containerVersion,
      debugMode: containerVersion.debugMode === true || containerVersion.previewMode === true,
      storage,
      result: this.result,
      demand: (permission, ...args) => {
        if (permission === 'logging' && permissions.has('logging') && permissions.check('logging', ...args) !== null) {
          // "debug" logging outside debug mode: GTM drops the line silently.
          throw new DroppedLog();
        }
        const denial = permissions.check(permission, ...args);
        if (denial) this.breach(`permission:${denial.permission}`, denial.detail);
      },
      later: (fn) => this.later(fn),
      track: (work) => {
        this.pending++;
        return work.finally(() => {
          this.pending--;
        });
      },
    };
    const web = isWebTemplate(tpl);
    this.apiNames = web ? WEB_API_NAMES : SERVER_API_NAMES;
    this.objectApis = web ? WEB_OBJECT_APIS : OBJECT_APIS;
    const pageUrl = testEnvironment ? TEST_PAGE_URL : DEFAULT_PAGE_URL;
    this.page = web ? (options.page ?? defaultPage(pageUrl, options, env.now)) : undefined;
    this.apis = this.page
      ? createWebApis(env, {
          page: this.page,
          templateCode: tpl.code,
          load: options.load,
          loaded: this.result,
          reportError: (e, context) => this.error(e, context),
        })
      : createServerApis(env);
  }

  /** Describes a line of test code (set by the test runner). */
  locateTest: Locate = (line) => `test line ${line}`;

  /** Where a sandboxed frame is, for messages. */
  where(frame: { kind: 'code' | 'test'; line: number }): string {
    return frame.kind === 'test' ? this.locateTest(frame.line) : this.locate(frame.line);
  }

  /** Records and throws a rule breach at the sandboxed line that caused it. */
  breach(rule: string, detail: string): never {
    const frame = sandboxFrame();
    const e = new TemplateRejected(rule, frame.line, detail, this.where(frame));
    this.violation ??= e;
    throw e;
  }

  /** Records an uncaught error from sandboxed code. */
  error(e: unknown, context: string): void {
    if (e instanceof TemplateRejected) {
      this.violation ??= e;
      return;
    }
    this.result.errors.push(`${context}: ${describeError(e, (f) => this.where(f))}`);
  }

  /** Runs `fn` after the current code (as `callLater` does) and counts it as pending work. */
  later(fn: () => void): void {
    this.pending++;
    setImmediate(() => {
      this.pending--;
      try {
        fn();
      } catch (e) {
        this.error(e, 'uncaught error in a callback');
      }
    });
  }

  /** The sandbox's `require`: API functions are wrapped to record calls and to honour mocks. */
  readonly require = (name: unknown): unknown => {
    const api = String(name);
    if (!this.apiNames.has(api)) this.breach('unknown-api', `require('${api}'): no such sandboxed API`);
    // mock() replaces any API, an object API too, with a function (published tests mock BigQuery this way).
    if (this.objectApis.has(api) && !this.mocks.has(api)) {
      const real = this.apis[api] as Record<string, unknown> | undefined;
      const mocked = this.objectMocks.get(api);
      if (!real && !mocked) throw new Error(`the offline runner does not implement require('${api}')`);
      return mocked ? { ...real, ...mocked } : real;
    }
    let wrapper = this.wrappers.get(api);
    if (!wrapper) {
      wrapper = (...args: unknown[]): unknown => this.callApi(api, args);
      this.wrappers.set(api, wrapper);
    }
    return wrapper;
  };

  /** Calls an API by name the way sandboxed code does (recorded, mockable). */
  callApi(api: string, args: unknown[]): unknown {
    this.calls.push({ name: api, args });
    if (this.mocks.has(api)) {
      const mock = this.mocks.get(api);
      return typeof mock === 'function' ? Reflect.apply(mock, undefined, args) : mock;
    }
    const impl = this.apis[api];
    if (typeof impl !== 'function') throw new Error(`the offline runner does not implement require('${api}')`);
    try {
      return Reflect.apply(impl, undefined, args);
    } catch (e) {
      if (e instanceof DroppedLog) return undefined;
      throw e;
    }
  }

  /**
   * Runs the template code once with `data` (a sandbox object is used as is, a host object is copied in);
   * `gtmOnSuccess` / `gtmOnFailure` are added to a copy and recorded as API calls.
   */
  runCode(data: unknown): unknown {
    this.templateFn ??= this.realm.compile(this.tpl.code, ['data', 'require'], 'code');
    const input = this.realm.toSandbox({ ...(data as object) }) as Record<string, unknown>;
    const outcome = (which: 'success' | 'failure') => (): void => {
      this.calls.push({ name: which === 'success' ? 'gtmOnSuccess' : 'gtmOnFailure', args: [] });
      if (this.result.outcome === 'none') this.result.outcome = which;
      else
        this.result.logs.push(
          `[runner] gtmOn${which === 'success' ? 'Success' : 'Failure'} called after the outcome was already ${this.result.outcome}`,
        );
    };
    input.gtmOnSuccess = outcome('success');
    input.gtmOnFailure = outcome('failure');
    return this.templateFn(input, this.require);
  }

  /** Waits until no request, callback or `callLater` started by the code is pending (bounded by 30 s). */
  async idle(): Promise<void> {
    const deadline = Date.now() + MAX_WAIT_MS;
    let quietTurns = 0;
    while (quietTurns < 3) {
      await new Promise((r) => setImmediate(r));
      quietTurns = this.pending === 0 ? quietTurns + 1 : 0;
      if (Date.now() > deadline) {
        this.result.logs.push(`[runner] stopped waiting after ${MAX_WAIT_MS} ms with work still pending`);
        return;
      }
    }
  }

  /** Moves rejections nobody handled into `errors`. */
  collectUnhandled(): void {
    for (const r of this.promises.unhandled) this.error(r.reason, 'unhandled promise rejection');
    this.promises.unhandled.clear();
  }
}

class DroppedLog extends Error {}

/** A fresh simulated browser's page at the default URL, with the run's cookies in its jar. */
function defaultPage(url: string, options: RunOptions, now: () => number): WebPage {
  const page = simulatedBrowser(now).open(url);
  for (const [name, values] of Object.entries(options.cookies ?? {})) {
    for (const value of [values].flat()) page.cookie = `${name}=${value}; path=/`;
  }
  return page;
}

function collectCookies(options: RunOptions): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (name: string, value: string): void => {
    out[name] = out[name] ?? [];
    out[name].push(value);
  };
  for (const [k, v] of Object.entries(options.requestHeaders ?? {})) {
    if (k.toLowerCase() !== 'cookie') continue;
    for (const part of v.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0) add(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
    }
  }
  for (const [name, v] of Object.entries(options.cookies ?? {})) for (const one of [v].flat()) add(name, one);
  return out;
}

/** `message at <place>` for an error thrown by sandboxed code; other thrown values as JSON. */
export function describeError(e: unknown, where: (f: { kind: 'code' | 'test'; line: number }) => string): string {
  if (typeof e === 'object' && e !== null && 'message' in e && 'stack' in e) {
    const err = e as Error;
    const frame = sandboxFrame(err.stack);
    return `${err.message}${frame.line > 0 ? ` at ${where(frame)}` : ''}`;
  }
  try {
    return JSON.stringify(e) ?? String(e);
  } catch {
    return String(e);
  }
}
