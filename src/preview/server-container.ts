/**
 * A stand-in for a server-side GTM container with one GA4 client: it claims `/g/collect` requests, turns each event
 * into event data (./ga4-hit), and runs the project's own `.tpl` files through the offline runner the way the
 * container would: each tag whose trigger matches the event name fires, and a tag field (or table cell) written as
 * `{{Name}}` gets the value of the variable `Name`, a run of the variable template for the same event. Every processed event is kept
 * with what the templates saw, logged and sent, which is what the /__rokt page and the end-to-end tests read.
 */
import { EventEmitter } from 'node:events';
import { type HttpRequestRecord, type HttpResponse, runTemplate, type Tpl } from 'gtm-template-runner';
import { type EventData, ga4HitQuery, parseCookieHeader, parseGa4Hit } from 'gtm-template-runner/ga4-hit';
import type { CookieSet } from './set-cookie.js';
import { eventDataFor, type ScopedTag, type TransformationSetup } from './transformations.js';

/** A variable of the container: a template and its field values. */
export interface VariableSetup {
  template: Tpl;
  data: Record<string, unknown>;
}

/** A tag of the container, fired on custom events whose name is in `firesOn`, or when `firesWhen` says so. */
export interface TagSetup {
  name: string;
  /** The tag's type in the container (`cvt_…`), which a transformation may be scoped to. */
  type?: string;
  template: Tpl;
  firesOn: string[];
  /** When set, decides instead of `firesOn` (the trigger conditions of an imported container). */
  firesWhen?: (eventData: EventData) => boolean;
  data: Record<string, unknown>;
}

/** The container's published version: its variables by name, its tags, its transformations. */
export interface ContainerSetup {
  variables: Record<string, VariableSetup>;
  tags: TagSetup[];
  transformations?: TransformationSetup[];
  /**
   * The installer's own GA4 tag, which is not in the import file: on every event it forwards what it sees, after
   * the transformations in its scope, to Google Analytics. The preview records that request instead of sending it.
   */
  ga4Tag?: ScopedTag;
}

/** What the GA4 tag would forward to Google Analytics for one event. */
export interface Ga4Forward {
  tag: string;
  /** The event data the tag saw. */
  eventData: EventData;
  /** The query string of its `/g/collect` request (./ga4-hit, ga4HitQuery). */
  query: string;
}

/** One HTTP exchange a tag made. */
export interface TagExchange {
  request: HttpRequestRecord;
  response?: HttpResponse;
  /** Why there is no response (the request failed). */
  error?: string;
}

/** What one tag did for one event. */
export interface TagRun {
  name: string;
  /** The display name of the tag's template (`Rokt Event API`, `Rokt ID Keeper`). */
  template: string;
  /** The tag's fields as it ran, `{{Variable}}` references resolved. */
  data: Record<string, unknown>;
  outcome: 'success' | 'failure' | 'none' | 'error';
  logs: string[];
  exchanges: TagExchange[];
  /** The runner's error, when the template could not run at all. */
  error?: string;
  /** The cookies the tag set with `setCookie`: they go into the answer to the hit (see ./set-cookie). */
  cookiesSet: CookieSet[];
}

/** One event the container processed. */
export interface ProcessedEvent {
  /** 1, 2, …: order of processing. */
  id: number;
  at: string;
  /** The wire form: the request's query string, and this event's body line for a batched request. */
  hit: { query: string; line?: string };
  eventData: EventData;
  cookies: Record<string, string[]>;
  /** The value of every variable, for an event that fired a tag (else empty). */
  variables: Record<string, unknown>;
  tags: TagRun[];
  /** The GA4 tag's request for this event, when the container has one. */
  ga4?: Ga4Forward;
}

/** The request parts the container reads. */
export interface CollectRequest {
  query: string;
  body: string;
  headers: Record<string, string | undefined>;
  ip?: string;
}

/** See the module comment. */
export class ServerContainer {
  /** Every processed event since start or the last {@link reset}. */
  readonly processed: ProcessedEvent[] = [];
  private readonly events = new EventEmitter();
  private nextId = 1;

  /**
   * @param setup returns the container version in force; read for every event, so the preview can switch modes.
   * @param network the runner's `fetch`: where the templates' HTTP requests go.
   */
  constructor(
    private readonly setup: () => ContainerSetup,
    private readonly network: (req: HttpRequestRecord) => Promise<HttpResponse>,
  ) {}

  /** Processes one `/g/collect` request: every event in it, in order. */
  async collect(request: CollectRequest): Promise<ProcessedEvent[]> {
    const events = parseGa4Hit({
      query: request.query,
      body: request.body,
      userAgent: request.headers['user-agent'],
      ip: request.ip,
    });
    const lines = request.body.split(/\r?\n/).filter((line) => line.trim() !== '');
    const cookies = parseCookieHeader(request.headers.cookie);
    const requestHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (value !== undefined) requestHeaders[name] = value;
    const done: ProcessedEvent[] = [];
    for (const [i, eventData] of events.entries()) {
      const hit = lines.length > 0 ? { query: request.query, line: lines[i] } : { query: request.query };
      done.push(await this.process(hit, eventData, cookies, requestHeaders));
    }
    return done;
  }

  /** Forgets every processed event. */
  reset(): void {
    this.processed.length = 0;
  }

  /**
   * Resolves once `done(processed)` holds, checking after every processed event; rejects after `timeoutMs` with
   * what was processed, so a test fails with a clear message instead of hanging.
   */
  waitFor(done: (processed: ProcessedEvent[]) => boolean, timeoutMs = 10_000): Promise<ProcessedEvent[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.processed)) return;
        stop();
        resolve(this.processed);
      };
      const timer = setTimeout(() => {
        stop();
        const seen = this.processed.map(
          (event) => `${event.id} ${event.eventData.event_name} ${event.tags.map((t) => t.outcome)}`,
        );
        reject(
          new Error(
            `server container: condition not met after ${timeoutMs} ms; processed: ${seen.join(' | ') || 'nothing'}`,
          ),
        );
      }, timeoutMs);
      const stop = () => {
        clearTimeout(timer);
        this.events.off('processed', check);
      };
      this.events.on('processed', check);
      check();
    });
  }

  private async process(
    hit: ProcessedEvent['hit'],
    eventData: EventData,
    cookies: Record<string, string[]>,
    requestHeaders: Record<string, string>,
  ): Promise<ProcessedEvent> {
    const setup = this.setup();
    const event: ProcessedEvent = {
      id: this.nextId++,
      at: new Date().toISOString(),
      hit,
      eventData,
      cookies,
      variables: {},
      tags: [],
    };
    // The preview is the container's Preview mode: templates log as they would there (their "Log to console" default).
    const context = { eventData, cookies, requestHeaders, containerVersion: { previewMode: true } };
    const failed = new Set<string>();
    // A variable that cannot run shows its error on the page, and gives the tag undefined, as GTM does.
    const variable = async (name: string) => {
      if (!(name in event.variables)) {
        const found = setup.variables[name];
        const outcome = found
          ? await runTemplate(found.template, { data: found.data, ...context }).then(
              (result) => ({ value: result.value }),
              (error: unknown) => ({ error: String(error) }),
            )
          : { error: `no variable named ${name}` };
        if ('error' in outcome) failed.add(name);
        event.variables[name] = 'error' in outcome ? outcome : outcome.value;
      }
      return failed.has(name) ? undefined : event.variables[name];
    };
    const firing = setup.tags.filter((tag) =>
      tag.firesWhen ? tag.firesWhen(eventData) : tag.firesOn.includes(String(eventData.event_name)),
    );
    // Like GTM's preview, every variable is evaluated for an event that fires a tag, so its value can be shown.
    if (firing.length > 0) for (const name of Object.keys(setup.variables)) await variable(name);
    const resolve = async (value: unknown): Promise<unknown> => {
      if (Array.isArray(value)) return Promise.all(value.map(resolve));
      if (value && typeof value === 'object') {
        const entries = await Promise.all(
          Object.entries(value).map(async ([key, inner]) => [key, await resolve(inner)] as const),
        );
        return Object.fromEntries(entries);
      }
      const reference = typeof value === 'string' ? /^\{\{(.+)\}\}$/.exec(value) : null;
      return reference ? variable(reference[1]) : value;
    };
    const transformations = setup.transformations ?? [];
    const seenBy = (tag: ScopedTag) => eventDataFor(tag, eventData, transformations, resolve);
    for (const tag of firing) {
      const own = { ...context, eventData: await seenBy({ name: tag.name, type: tag.type ?? '' }) };
      event.tags.push(await this.runTag(tag, (await resolve(tag.data)) as Record<string, unknown>, own));
    }
    if (setup.ga4Tag) {
      const forwarded = await seenBy(setup.ga4Tag);
      event.ga4 = { tag: setup.ga4Tag.name, eventData: forwarded, query: ga4HitQuery(forwarded) };
    }
    this.processed.push(event);
    this.events.emit('processed', event);
    return event;
  }

  private async runTag(
    tag: TagSetup,
    data: Record<string, unknown>,
    context: Omit<Parameters<typeof runTemplate>[1], 'data'>,
  ): Promise<TagRun> {
    const exchanges: TagExchange[] = [];
    const template = String(tag.template.info.displayName ?? '');
    // Records each answer next to its request: the runner's result lists the requests only.
    const fetch = async (request: HttpRequestRecord) => {
      const exchange: TagExchange = { request };
      exchanges.push(exchange);
      try {
        exchange.response = await this.network(request);
        return exchange.response;
      } catch (error) {
        exchange.error = String(error instanceof Error ? error.message : error);
        throw error;
      }
    };
    try {
      const result = await runTemplate(tag.template, { data, ...context, fetch });
      return {
        name: tag.name,
        template,
        data,
        outcome: result.outcome,
        logs: result.logs,
        exchanges,
        cookiesSet: result.cookiesSet,
      };
    } catch (error) {
      return {
        name: tag.name,
        template,
        data,
        outcome: 'error',
        logs: [],
        exchanges,
        error: String(error),
        cookiesSet: [],
      };
    }
  }
}
