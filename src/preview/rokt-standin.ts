/**
 * The Rokt stand-in: answers the Event and Audience API (`POST /v2/events` on `s2s.<pod>.mparticle.com`), the Event
 * API (`POST /v2/events` on api.rokt.com) and the PII-less `GET /api/conv` (apps.rokt.com) on 127.0.0.1 the way
 * docs/rokt-api.md describes them, after checking each request with the strict checkers in ../formats/. The Host
 * header tells which API a request was meant for. Every exchange is kept, so the preview page and the end-to-end
 * tests can show and assert what Rokt would finally have received.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkAudienceApiRequest } from '../formats/rokt-audience-api.js';
import { checkConversionGet, checkEventApiRequest } from '../formats/rokt-event-api.js';
import { closeServer, listenOn } from './listen.js';

/**
 * How the stand-in answers a request that passed the checks: `accept` as Rokt does on success; `unprocessed`, a 2xx
 * that refuses the conversion (Event API: 200 with every event in `data.unprocessedRecords`; Event and Audience API:
 * 202 with an `errors` list); or an error status: `bad-request` (400), `unauthorized` (401), `forbidden` (403),
 * `rate-limited` (429 with `Retry-After`), `server-error` (500), `unavailable` (503).
 */
export type RoktAnswer =
  | 'accept'
  | 'unprocessed'
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'rate-limited'
  | 'server-error'
  | 'unavailable';

/** Every answer the stand-in can be told to give, in the order the /__rokt page offers them. */
export const ROKT_ANSWERS: readonly RoktAnswer[] = [
  'accept',
  'unprocessed',
  'bad-request',
  'unauthorized',
  'forbidden',
  'rate-limited',
  'server-error',
  'unavailable',
];

/** Which Rokt API a request was meant for, from its Host header and path. */
export type RoktApi = 'eventAudienceApi' | 'eventApi' | 'conversionGet' | 'unknown';

/** The seconds the stand-in's 429 asks to wait (mParticle sends `Retry-After` with a 429). */
export const RETRY_AFTER_SECONDS = 1;

const STATUS: Record<Exclude<RoktAnswer, 'accept' | 'unprocessed'>, number> = {
  'bad-request': 400,
  unauthorized: 401,
  forbidden: 403,
  'rate-limited': 429,
  'server-error': 500,
  unavailable: 503,
};

/** One request the stand-in received and what it answered. */
export interface RoktExchange {
  /** Arrival time, ISO 8601. */
  at: string;
  method: string;
  /** Path and query, e.g. `/v2/events` or `/api/conv?id=…`. */
  url: string;
  /** The `Host` header: which Rokt host the request was meant for. */
  host: string;
  /** The API that host and path belong to. */
  api: RoktApi;
  headers: Record<string, string>;
  body: string;
  /** The documented constraints this request broke (empty when it is a valid request). */
  problems: string[];
  status: number;
  /** Headers of the answer beyond Content-Type (e.g. `retry-after`). */
  responseHeaders: Record<string, string>;
  response: string;
}

/**
 * Credentials the stand-in accepts: the Event API's key pair, the Event and Audience API's key and secret. Without
 * them any well-formed pair passes.
 */
export interface RoktKeys {
  publicKey?: string;
  secretKey?: string;
  apiKey?: string;
  apiSecret?: string;
}

const AUDIENCE_API_HOST = /^s2s\.(us1|us2|eu1|au1)\.mparticle\.com$/;

/** Which API a request for `host` (no port) and `path` is meant for. */
export function roktApiOf(host: string, path: string): RoktApi {
  if (path === '/v2/events' && AUDIENCE_API_HOST.test(host)) return 'eventAudienceApi';
  if (path === '/v2/events' && host === 'api.rokt.com') return 'eventApi';
  if (path === '/api/conv' && host === 'apps.rokt.com') return 'conversionGet';
  return 'unknown';
}

/** A Rokt stand-in listening on 127.0.0.1; see the module comment. */
export class RoktStandIn {
  /** Every exchange since start (or the last {@link reset}), oldest first. */
  readonly received: RoktExchange[] = [];
  private readonly events = new EventEmitter();
  private readonly scripted: RoktAnswer[] = [];
  private server: Server | undefined;

  constructor(private readonly keys: RoktKeys = {}) {}

  /** Starts listening on 127.0.0.1; `port` 0 picks a free port. Resolves with the base URL. */
  async listen(port = 0): Promise<string> {
    // A request cut off mid-body ends its own connection, not the process (an unhandled rejection would).
    const server = createServer((req, res) => this.serve(req, res).catch(() => res.destroy()));
    const listening = await listenOn(server, port);
    this.server = server;
    return `http://127.0.0.1:${listening}`;
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    if (this.server) await closeServer(this.server);
  }

  /** Answers the next `times` requests with `answer` instead of `accept` (a test's failure mode). */
  answerNext(answer: RoktAnswer, times = 1): void {
    for (let i = 0; i < times; i++) this.scripted.push(answer);
  }

  /** What the next requests will get: the scripted answers still queued. */
  pending(): RoktAnswer[] {
    return [...this.scripted];
  }

  /** Forgets every exchange and scripted answer. */
  reset(): void {
    this.received.length = 0;
    this.scripted.length = 0;
  }

  /** Calls `listener` after every exchange; returns the function that removes it. */
  onExchange(listener: (exchange: RoktExchange) => void): () => void {
    this.events.on('exchange', listener);
    return () => this.events.off('exchange', listener);
  }

  /**
   * Resolves with {@link received} once `done(received)` holds, checking after every exchange.
   * Rejects after `timeoutMs` with what had arrived, so a test fails with a clear message instead of hanging.
   */
  waitFor(done: (received: RoktExchange[]) => boolean, timeoutMs = 10_000): Promise<RoktExchange[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.received)) return false;
        stop();
        resolve(this.received);
        return true;
      };
      const timer = setTimeout(() => {
        stop();
        reject(
          new Error(
            `Rokt stand-in: condition not met after ${timeoutMs} ms; received ${JSON.stringify(this.received, null, 1)}`,
          ),
        );
      }, timeoutMs);
      const off = this.onExchange(() => void check());
      const stop = () => {
        clearTimeout(timer);
        off();
      };
      check();
    });
  }

  /** Answers one request as Rokt would; also the handler behind {@link listen}. */
  answer(request: { method: string; url: string; host: string; headers: Record<string, string>; body: string }): {
    status: number;
    headers: Record<string, string>;
    body: string;
  } {
    const path = request.url.split('?')[0] ?? '';
    const api = roktApiOf(request.host.replace(/:\d+$/, ''), path);
    // The checkers judge the URL the template asked for; the stand-in only sees the path and the Host header.
    const asked = { ...request, url: `https://${request.host}${request.url}` };
    let result: Answer;
    if (api === 'eventAudienceApi') result = this.answerAudienceApi(asked);
    else if (api === 'eventApi') result = this.answerEventApi(asked);
    else if (api === 'conversionGet') result = this.answerConversionGet(asked);
    else
      result = {
        status: 404,
        body: { data: { code: 'NotFound', message: `no such endpoint: ${path}` } },
        problems: [],
      };
    const exchange: RoktExchange = {
      at: new Date().toISOString(),
      method: request.method,
      url: request.url,
      host: request.host,
      api,
      headers: request.headers,
      body: request.body,
      problems: result.problems,
      status: result.status,
      responseHeaders: result.headers ?? {},
      response: result.body === undefined ? '' : JSON.stringify(result.body),
    };
    this.received.push(exchange);
    this.events.emit('exchange', exchange);
    return { status: exchange.status, headers: exchange.responseHeaders, body: exchange.response };
  }

  /**
   * mParticle's answers (docs/rokt-api.md): 202 without a body on success, an `errors` list otherwise; 401 when the
   * credentials are wrong; 429 with `Retry-After`.
   */
  private answerAudienceApi(request: EventApiRequestSeen): Answer {
    const problems = checkAudienceApiRequest(request, {
      apiKey: this.keys.apiKey,
      apiSecret: this.keys.apiSecret,
      now: Date.now(),
    });
    const scripted = this.scripted.shift() ?? 'accept';
    const errors = (code: string, message: string) => ({ errors: [{ code, message }] });
    if (scripted !== 'accept' && scripted !== 'unprocessed') {
      return {
        status: STATUS[scripted],
        body: errors(scripted.toUpperCase().replace('-', '_'), 'scripted by the preview'),
        headers: scripted === 'rate-limited' ? { 'retry-after': String(RETRY_AFTER_SECONDS) } : undefined,
        problems,
      };
    }
    if (problems.some((problem) => problem.startsWith('headers: Authorization')))
      return {
        status: 401,
        body: errors('UNAUTHORIZED', 'The authentication header is missing or invalid.'),
        problems,
      };
    if (problems.length > 0) return { status: 400, body: errors('BAD_REQUEST', problems.join('; ')), problems };
    if (scripted === 'unprocessed')
      return {
        status: 202,
        body: errors('BAD_REQUEST', 'scripted by the preview: the batch was not processed'),
        problems,
      };
    return { status: 202, body: undefined, problems };
  }

  private answerEventApi(request: EventApiRequestSeen): Answer {
    const problems = checkEventApiRequest(request, {
      publicKey: this.keys.publicKey,
      secretKey: this.keys.secretKey,
      now: Date.now(),
    });
    const scripted = this.scripted.shift() ?? 'accept';
    if (scripted !== 'accept' && scripted !== 'unprocessed') {
      const status = STATUS[scripted];
      return { status, body: eventApiError(EVENT_API_CODES[status] ?? 'Error', 'scripted by the preview'), problems };
    }
    if (problems.some((problem) => problem.startsWith('headers: Authorization'))) {
      return { status: 401, body: eventApiError('UnauthorizedError', problems.join('; ')), problems };
    }
    if (problems.length > 0)
      return { status: 400, body: eventApiError(errorCode(request.body), problems.join('; ')), problems };
    if (scripted === 'unprocessed') {
      const events = (JSON.parse(request.body) as { events: unknown[] }).events;
      const unprocessedRecords = events.map((record) => ({
        error: { code: 'ValidationError', message: 'Invalid content' },
        record,
      }));
      return { status: 200, body: { data: { unprocessedRecords } }, problems };
    }
    return { status: 200, body: { data: { unprocessedRecords: [] } }, problems };
  }

  private answerConversionGet(request: { method: string; url: string }): Answer {
    const problems = checkConversionGet(request.url);
    if (request.method !== 'GET') problems.unshift(`method must be GET, got ${request.method}`);
    const scripted = this.scripted.shift() ?? 'accept';
    if (scripted !== 'accept' && scripted !== 'unprocessed' && scripted !== 'bad-request') {
      const status = STATUS[scripted];
      return { status, body: { statusCode: status, success: false }, problems };
    }
    if (scripted === 'bad-request' || problems.length > 0) {
      // Rokt documents no error body for this endpoint; this one mirrors its success shape.
      return {
        status: 400,
        body: { statusCode: 400, success: false, message: problems.join('; ') || 'scripted by the preview' },
        problems,
      };
    }
    if (scripted === 'unprocessed') return { status: 200, body: { statusCode: 200, success: false }, problems };
    return { status: 200, body: { statusCode: 200, success: true }, problems };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const {
      status,
      headers: answerHeaders,
      body,
    } = this.answer({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: headers.host ?? '',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(status, { ...(body ? { 'content-type': 'application/json' } : {}), ...answerHeaders }).end(body);
  }
}

/** One answer before it is recorded: `body` undefined means an empty body. */
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  problems: string[];
}

/** A request as the checkers see it: the URL the template asked for. */
type EventApiRequestSeen = { method: string; url: string; headers: Record<string, string>; body: string };

/** The Event API's error code for a scripted status: Rokt documents 400, 401, 403, 500 and 503; 429 is ours. */
const EVENT_API_CODES: Record<number, string> = {
  400: 'RequestValidationError',
  401: 'UnauthorizedError',
  403: 'Forbidden',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailableError',
};

/** Rokt's error body (docs/rokt-api.md §1.5). */
function eventApiError(code: string, message: string) {
  return { data: { code, message } };
}

/** The documented error code for a body that failed the checks: empty, not JSON, or invalid. */
function errorCode(body: string): string {
  if (body.trim() === '') return 'RequestBodyReadError';
  try {
    JSON.parse(body);
    return 'RequestValidationError';
  } catch {
    return 'RequestJsonUnmarshalError';
  }
}
