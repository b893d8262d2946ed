/**
 * The Rokt stand-in: answers `POST /v2/events` (api.rokt.com) and `GET /api/conv` (apps.rokt.com) on 127.0.0.1 the
 * way Rokt documents it (docs/rokt-api.md §1.5, §4), after checking each request against Rokt's documented
 * constraints with the shared checkers in ../rokt-api/contract. Every exchange is kept, so the preview page and the
 * end-to-end tests can show and assert what Rokt would finally have received.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { checkConversionGet, checkEventApiRequest } from '../rokt-api/contract.js';
import { closeServer, listenOn } from './listen.js';

/**
 * How the stand-in answers a request that passed the checks: `accept` as Rokt does on success, `unprocessed`
 * (HTTP 200 but every event in `data.unprocessedRecords`), `server-error` (500) or `bad-request` (400).
 */
export type RoktAnswer = 'accept' | 'unprocessed' | 'server-error' | 'bad-request';

/** One request the stand-in received and what it answered. */
export interface RoktExchange {
  /** Arrival time, ISO 8601. */
  at: string;
  method: string;
  /** Path and query, e.g. `/v2/events` or `/api/conv?id=…`. */
  url: string;
  /** The `Host` header: which Rokt host the request was meant for. */
  host: string;
  headers: Record<string, string>;
  body: string;
  /** The documented constraints this request broke (empty when it is a valid request). */
  problems: string[];
  status: number;
  response: string;
}

/** Credentials the Event API accepts; without them any well-formed `rpub-…:rsec-…` pair passes. */
export interface RoktKeys {
  publicKey?: string;
  secretKey?: string;
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
    body: string;
  } {
    const path = request.url.split('?')[0];
    let result: { status: number; body: unknown; problems: string[] };
    // The checkers judge the URL the template asked for; the stand-in only sees the path and the Host header.
    const asked = { ...request, url: `https://${request.host}${request.url}` };
    if (path === '/v2/events') result = this.answerEventApi(asked);
    else if (path === '/api/conv') result = this.answerConversionGet(asked);
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
      headers: request.headers,
      body: request.body,
      problems: result.problems,
      status: result.status,
      response: JSON.stringify(result.body),
    };
    this.received.push(exchange);
    this.events.emit('exchange', exchange);
    return { status: exchange.status, body: exchange.response };
  }

  private answerEventApi(request: { method: string; url: string; headers: Record<string, string>; body: string }) {
    const problems = checkEventApiRequest(request, { ...this.keys, now: Date.now() });
    const scripted = this.scripted.shift();
    if (scripted === 'server-error')
      return { status: 500, body: eventApiError('InternalServerError', 'scripted by the preview'), problems };
    if (scripted === 'bad-request')
      return { status: 400, body: eventApiError('RequestValidationError', 'scripted by the preview'), problems };
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

  private answerConversionGet(request: { method: string; url: string }) {
    const problems = checkConversionGet(request.url);
    if (request.method !== 'GET') problems.unshift(`method must be GET, got ${request.method}`);
    const scripted = this.scripted.shift();
    if (scripted === 'server-error') return { status: 500, body: { statusCode: 500, success: false }, problems };
    if (scripted === 'bad-request' || problems.length > 0) {
      // Rokt documents no error body for this endpoint; this one mirrors its success shape.
      return {
        status: 400,
        body: { statusCode: 400, success: false, message: problems.join('; ') || 'scripted by the preview' },
        problems,
      };
    }
    return { status: 200, body: { statusCode: 200, success: true }, problems };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const { status, body } = this.answer({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      host: headers.host ?? '',
      headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  }
}

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
