/**
 * The incoming request, the response and the container as server templates (clients above all) see them:
 * `getRequest*`, `claimRequest`, `runContainer`, `returnResponse`, `setResponse*`, `setPixelResponse`,
 * `isRequestMpv1`/`Mpv2`, `extractEventsFromMpv1`/`Mpv2`, `sendEventToGoogleAnalytics`, `addEventCallback`,
 * `sendPixelFromBrowser`, `getGoogleScript`, `getClientName` and the message APIs.
 * Source: https://developers.google.com/tag-platform/tag-manager/server-side/api
 */
// The preview's GA4 client stand-in already turns /g/collect hits into event data; one parser serves both.
import { parseGa4Hit } from './ga4-hit.js';
import type { ApiEnv } from './server-apis.js';

/** A transparent 1×1 GIF, what `setPixelResponse` answers with. */
const PIXEL_GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** Paths of Universal Analytics (Measurement Protocol v1) and GA4 (v2) hits. */
const MPV1_PATH = /^\/(?:r\/|j\/)?collect$/;
const MPV2_PATH = /^\/g\/collect$/;

/** Builds the request / response / container part of the API table. */
export function createClientApis(env: ApiEnv): Record<string, unknown> {
  const { realm, promises, request, result } = env;
  const response = result.response;
  const listeners = new Map<string, unknown[]>();
  const query = (): [string, string][] => [...new URLSearchParams(request.queryString)];

  /** Forwarded / X-Forwarded-For first, as GTM reads it, then the connection's address. */
  const remoteAddress = (): string => {
    const forwarded = /for="?\[?([^\]";,]+)/i.exec(env.header('forwarded') ?? '')?.[1];
    return forwarded ?? env.header('x-forwarded-for')?.split(',')[0]?.trim() ?? request.remoteAddress;
  };
  /** One event per hit: the query string and every body line (batched hits) share the common parameters. */
  const mpv2Events = (): Record<string, unknown>[] =>
    parseGa4Hit({
      query: request.queryString,
      body: request.body,
      userAgent: env.header('user-agent'),
      ip: remoteAddress(),
    });
  /**
   * UA hits share the GA4 names of `cid`, `uid`, `dl`, `dr`, `dt`, `ul`, `sr`; their own parameters keep their name
   * under `x-ga-mp1-`, and the event is named after the hit type (`pageview` → `page_view`) or the event action.
   */
  const mpv1Events = (): Record<string, unknown>[] => {
    const post = request.method === 'POST' && request.body !== '';
    const [event] = parseGa4Hit({
      query: post ? '' : request.queryString,
      body: post ? request.body.split('\n')[0]! : '',
      userAgent: env.header('user-agent'),
      ip: remoteAddress(),
    });
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(event ?? {})) out[k.replace(/^x-ga-mp2-/, 'x-ga-mp1-')] = v;
    out.event_name = out['x-ga-mp1-t'] === 'pageview' ? 'page_view' : out['x-ga-mp1-ea'];
    return [out];
  };
  const writeResponse = (what: string, ...args: unknown[]): void => {
    env.demand('access_response', 'write', what, ...args);
    if (response.returned) env.note(`setResponse ${what} after returnResponse() has no effect`);
  };
  /** `bindToEvent(fn)`: the function bound to the running event; offline there is only one event. */
  const bindToEvent = (fn: unknown): unknown => fn;

  return {
    getRequestBody: () => {
      env.demand('read_request', 'body');
      return request.body === '' ? undefined : request.body;
    },
    getRequestMethod: () => {
      env.demand('read_request', 'method');
      return request.method;
    },
    getRequestPath: () => {
      env.demand('read_request', 'path');
      return request.path;
    },
    getRequestQueryString: () => {
      env.demand('read_request', 'query_string');
      return request.queryString;
    },
    getRequestQueryParameter: (name: unknown) => {
      env.demand('read_request', 'query', String(name));
      return query().find(([k]) => k === String(name))?.[1];
    },
    getRequestQueryParameters: () => {
      env.demand('read_request', 'query');
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of query()) {
        const prev = out[k];
        out[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
      }
      return realm.toSandbox(out);
    },
    getRemoteAddress: () => {
      env.demand('read_request', 'remote_address');
      return remoteAddress();
    },
    getClientName: () => env.clientName,
    isRequestMpv1: () => MPV1_PATH.test(request.path),
    isRequestMpv2: () => MPV2_PATH.test(request.path),
    extractEventsFromMpv1: () => {
      env.demand('read_request');
      if (!MPV1_PATH.test(request.path)) throw new Error('extractEventsFromMpv1: the request is not an MP v1 hit');
      return realm.toSandbox(mpv1Events());
    },
    extractEventsFromMpv2: () => {
      env.demand('read_request');
      if (!MPV2_PATH.test(request.path)) throw new Error('extractEventsFromMpv2: the request is not an MP v2 hit');
      return realm.toSandbox(mpv2Events());
    },
    // Only a client may claim, and only once (GTM throws in a tag or variable).
    claimRequest: () => {
      if (env.templateType !== 'CLIENT') throw new Error('claimRequest: only a client can claim the request');
      if (response.claimed) throw new Error('claimRequest: the request is already claimed');
      response.claimed = true;
    },
    runContainer: (event: unknown, onComplete: unknown, onStart: unknown) => {
      env.demand('run_container');
      result.events.push(realm.toSandbox(event));
      if (typeof onStart === 'function') Reflect.apply(onStart, undefined, [bindToEvent]);
      if (typeof onComplete === 'function') env.later(() => Reflect.apply(onComplete, undefined, [bindToEvent]));
    },
    returnResponse: () => {
      env.demand('return_response');
      if (response.returned) env.note('returnResponse() called more than once');
      response.returned = true;
    },
    setResponseBody: (body: unknown, encoding: unknown) => {
      writeResponse('body');
      const enc = typeof encoding === 'string' && Buffer.isEncoding(encoding) ? encoding : 'utf8';
      response.body = enc === 'utf8' ? String(body) : Buffer.from(String(body), enc).toString('latin1');
    },
    // Names are lower-cased; null or undefined clears the header.
    setResponseHeader: (name: unknown, value: unknown) => {
      const key = String(name).toLowerCase();
      writeResponse('header', key);
      if (value === null || value === undefined) delete response.headers[key];
      else response.headers[key] = String(value);
    },
    setResponseStatus: (status: unknown) => {
      writeResponse('status');
      response.statusCode = Number(status);
    },
    setPixelResponse: () => {
      writeResponse('body');
      writeResponse('header', 'content-type');
      response.statusCode = 200;
      response.body = Buffer.from(PIXEL_GIF_BASE64, 'base64').toString('latin1');
      response.headers['content-type'] = 'image/gif';
      response.headers['cache-control'] = 'no-store';
    },
    sendEventToGoogleAnalytics: (event: unknown) => {
      result.analytics.push(realm.toSandbox(event));
      const { promise, resolve } = promises.deferred();
      env.later(() => resolve(realm.toSandbox({})));
      return promise;
    },
    addEventCallback: (callback: unknown) => {
      if (typeof callback !== 'function') return;
      const containerId = String(env.containerVersion.containerId ?? '');
      env.later(() => Reflect.apply(callback, undefined, [containerId, realm.toSandbox({ tags: [] })]));
    },
    // false once the response has been flushed.
    sendPixelFromBrowser: (url: unknown) => {
      env.demand('send_pixel_from_browser', String(url));
      if (response.returned) return false;
      result.pixels.push(String(url));
      return true;
    },
    // Offline there is no Google script to fetch: the promise rejects as a failed request does.
    getGoogleScript: () => {
      const { promise, reject } = promises.deferred();
      env.later(() => reject(realm.toSandbox({ reason: 'failed' })));
      return promise;
    },
    addMessageListener: (type: unknown, listener: unknown) => {
      env.demand('use_message', 'listen', String(type));
      if (typeof listener !== 'function') return;
      listeners.set(String(type), [...(listeners.get(String(type)) ?? []), listener]);
    },
    hasMessageListener: (type: unknown) => (listeners.get(String(type)) ?? []).length > 0,
    sendMessage: (type: unknown, message: unknown) => {
      env.demand('use_message', 'send', String(type));
      if (message === null || typeof message !== 'object') return; // not an object: nothing happens
      for (const listener of listeners.get(String(type)) ?? []) {
        Reflect.apply(listener as (...a: unknown[]) => unknown, undefined, [String(type), message]);
      }
    },
  };
}
