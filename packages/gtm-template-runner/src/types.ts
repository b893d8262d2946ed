import type { Tpl } from './tpl.js';
import type { UrlLoader } from './web-apis.js';
import type { WebPage } from './web-page.js';

export type { Tpl };

/** One outgoing HTTP request made by the template, as recorded by the runner. */
export interface HttpRequestRecord {
  url: string;
  /** Upper-case method; `GET` when the template gave none. */
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Time-out in ms as the template asked for it (GTM's default is 15000 when absent). */
  timeout?: number;
}

/** What the network stand-in answers. `{ timeout: true }` makes the request time out (see {@link RunOptions.fetch}). */
export interface HttpResponse {
  statusCode: number;
  headers?: Record<string, string>;
  body?: string;
  /** Simulate a time-out: the promise form rejects with `{reason: 'timed_out'}`, the callback form gets status 0. */
  timeout?: boolean;
}

/** Inputs of one template run. */
export interface RunOptions {
  /** Template field values (`data.<name>`). `gtmOnSuccess` / `gtmOnFailure` are added by the runner. */
  data: Record<string, unknown>;
  /** The event the server container is processing: what `getEventData` / `getAllEventData` see. */
  eventData?: Record<string, unknown>;
  /** Request cookies for `getCookieValues`, values as sent on the wire (percent-encoded is fine). */
  cookies?: Record<string, string | string[]>;
  /** Incoming request headers for `getRequestHeader` (names are matched case-insensitively). */
  requestHeaders?: Record<string, string>;
  /**
   * The rest of the incoming request (client templates): method (default `GET`), path (default `/`), query string
   * without `?`, body, remote address.
   */
  request?: { method?: string; path?: string; queryString?: string; body?: string; remoteAddress?: string };
  /** What `getClientName` returns (default empty). */
  clientName?: string;
  /** Firestore stand-in: documents by path (`collection/doc`); `Firestore.write` changes this object. */
  firestore?: Record<string, Record<string, unknown>>;
  /** Keys for `hmacSha256` by key id, base64-encoded as in GTM's SGTM_CREDENTIALS file. */
  privateKeys?: Record<string, string>;
  /**
   * Network stand-in, called for every `sendHttpRequest` / `sendHttpGet`. A rejection or a throw is a failed
   * connection (`{reason: 'failed'}` / status 0); resolving `{ statusCode: 0, timeout: true }` is a time-out.
   * Without it every request fails as a failed connection: the runner never touches the real network.
   */
  fetch?: (req: HttpRequestRecord) => Promise<HttpResponse>;
  /** Clock for `getTimestampMillis` / `getTimestamp` (default `Date.now()` at the start of the run). */
  now?: number;
  /** What `getContainerVersion` returns; `debugMode: true` also enables `logging` permission `debug`. */
  containerVersion?: Record<string, unknown>;
  /**
   * Web templates: the page they run on (`simulatedBrowser().open(url)`, or `pageFromWindow(window)` over a DOM).
   * Without one, a page at `https://www.example.com/` of a fresh simulated browser, with `cookies` in its jar.
   */
  page?: WebPage;
  /**
   * Web templates: network stand-in for `injectScript`, `sendPixel` and `injectHiddenIframe` (true: loaded). Without
   * it every load fails, and the failure callback runs.
   */
  load?: UrlLoader;
}

/** The result of one template run. */
export interface RunResult {
  /** The code's return value (a returned promise is awaited); what a variable template outputs. */
  value: unknown;
  /** Which of `gtmOnSuccess` / `gtmOnFailure` was called first; `none` when neither was. */
  outcome: 'success' | 'failure' | 'none';
  /** Lines written by `logToConsole` (arguments joined by a space, objects as JSON), then runner notes (`[runner] …`). */
  logs: string[];
  /** Every HTTP request the template made, in order. */
  requests: HttpRequestRecord[];
  /** Cookies set with `setCookie`, in order. */
  cookiesSet: { name: string; value: string; options: Record<string, unknown> }[];
  /** What a client made of the response: claimed, returned, status, headers and body (latin1 for binary). */
  response: {
    claimed: boolean;
    returned: boolean;
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  /** Events given to `runContainer`, in order. */
  events: unknown[];
  /** Events given to `sendEventToGoogleAnalytics`, in order. */
  analytics: unknown[];
  /** URLs given to `sendPixelFromBrowser` (server) or `sendPixel` (web), in order. */
  pixels: string[];
  /** Web templates: URLs given to `injectScript` (once per cache token) and `injectHiddenIframe`, in order. */
  scripts: string[];
  iframes: string[];
  /** Rows written with `BigQuery.insert`, one entry per call. */
  bigQuery: { projectId: string; datasetId: string; tableId: string; rows: unknown[]; options: unknown }[];
  /**
   * Uncaught errors (thrown by the code or a callback, or promise rejections nobody handled), each with its line.
   * GTM marks a tag that throws as failed, so a throw before any outcome callback also makes `outcome` `failure`.
   */
  errors: string[];
}

/** The verdict on one `___TESTS___` scenario. */
export interface ScenarioResult {
  name: string;
  passed: boolean;
  error?: string;
}

/**
 * Thrown for code that GTM itself would reject: syntax outside the sandbox language, a standard-library method the
 * sandbox lacks, or an API call the template's permissions do not allow.
 */
export class TemplateRejected extends Error {
  /** Short rule id, e.g. `no-new`, `stdlib-method`, `permission:send_http`. */
  readonly rule: string;
  /** 1-based line in the sandboxed code (0 when unknown). */
  readonly line: number;

  /**
   * @param where how to name the place in the message; defaults to `line <line>` (the runner adds the `.tpl` line or
   *   the test scenario).
   */
  constructor(rule: string, line: number, detail: string, where = `line ${line}`) {
    super(`rule ${rule} at ${where}: ${detail}`);
    this.name = 'TemplateRejected';
    this.rule = rule;
    this.line = line;
  }
}
