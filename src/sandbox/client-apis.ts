/**
 * The incoming request, the response and the container as server templates (clients above all) see them:
 * `getRequest*`, `claimRequest`, `runContainer`, `returnResponse`, `setResponse*`, `setPixelResponse`,
 * `isRequestMpv1`/`Mpv2`, `extractEventsFromMpv1`/`Mpv2`, `sendEventToGoogleAnalytics`, `addEventCallback`,
 * `sendPixelFromBrowser`, `getGoogleScript`, `getClientName` and the message APIs.
 * Source: https://developers.google.com/tag-platform/tag-manager/server-side/api
 */
import type { ApiEnv } from './server-apis.js';

/** A transparent 1×1 GIF, what `setPixelResponse` answers with. */
const PIXEL_GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** Paths of Universal Analytics (Measurement Protocol v1) and GA4 (v2) hits. */
const MPV1_PATH = /^\/(?:r\/|j\/)?collect$/;
const MPV2_PATH = /^\/g\/collect$/;

/** GA4 (MP v2) short keys and the event-data names the GA4 client gives them. */
const MPV2_KEYS: Record<string, string> = {
  en: 'event_name',
  cid: 'client_id',
  dl: 'page_location',
  dr: 'page_referrer',
  dt: 'page_title',
  ul: 'language',
  sr: 'screen_resolution',
  uid: 'user_id',
  tid: 'x-ga-measurement_id',
  sid: 'ga_session_id',
  sct: 'ga_session_number',
  _p: 'x-ga-page_id',
  gcs: 'x-ga-gcs',
};

/** UA (MP v1) keys and their event-data names. */
const MPV1_KEYS: Record<string, string> = {
  t: 'x-ga-mp1-t',
  cid: 'client_id',
  uid: 'user_id',
  dl: 'page_location',
  dr: 'page_referrer',
  dt: 'page_title',
  ul: 'language',
  sr: 'screen_resolution',
  tid: 'x-ga-property_id',
  ec: 'x-ga-mp1-ec',
  ea: 'x-ga-mp1-ea',
  el: 'x-ga-mp1-el',
  ev: 'value',
};

function parseQuery(query: string): [string, string][] {
  return [...new URLSearchParams(query)];
}

/** Builds the request / response / container part of the API table. */
export function createClientApis(env: ApiEnv): Record<string, unknown> {
  const { realm, promises, request, result } = env;
  const response = result.response;
  const listeners = new Map<string, unknown[]>();
  const query = (): [string, string][] => parseQuery(request.queryString);

  /** One event per hit: the query string and every body line (batched hits) share the common parameters. */
  const mpv2Events = (): Record<string, unknown>[] => {
    const common = query();
    const lines = request.body.split('\n').filter((l) => l.trim() !== '');
    return (lines.length ? lines : ['']).map((line) => {
      const event: Record<string, unknown> = {};
      const userProperties: Record<string, unknown> = {};
      for (const [k, v] of [...common, ...parseQuery(line)]) {
        if (k.startsWith('ep.')) event[k.slice(3)] = v;
        else if (k.startsWith('epn.')) event[k.slice(4)] = Number(v);
        else if (k.startsWith('up.')) userProperties[k.slice(3)] = v;
        else if (k.startsWith('upn.')) userProperties[k.slice(4)] = Number(v);
        else if (Object.hasOwn(MPV2_KEYS, k)) event[MPV2_KEYS[k]!] = v;
        else event[`x-ga-${k}`] = v;
      }
      if (Object.keys(userProperties).length) event['x-ga-user_properties'] = userProperties;
      event.ip_override ??= request.remoteAddress;
      event.user_agent ??= env.header('user-agent');
      return event;
    });
  };
  const mpv1Events = (): Record<string, unknown>[] => {
    const pairs = request.method === 'POST' && request.body !== '' ? parseQuery(request.body) : query();
    const event: Record<string, unknown> = {};
    for (const [k, v] of pairs) event[Object.hasOwn(MPV1_KEYS, k) ? MPV1_KEYS[k]! : `x-ga-mp1-${k}`] = v;
    event.event_name = pairs.find(([k]) => k === 't')?.[1] === 'pageview' ? 'page_view' : event['x-ga-mp1-ea'];
    event.ip_override ??= request.remoteAddress;
    event.user_agent ??= env.header('user-agent');
    return [event];
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
      return request.body;
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
      return request.remoteAddress;
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
    claimRequest: () => {
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
      response.body = encoding === 'base64' ? Buffer.from(String(body), 'base64').toString('latin1') : String(body);
    },
    setResponseHeader: (name: unknown, value: unknown) => {
      writeResponse('header', String(name));
      response.headers[String(name)] = String(value);
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
    sendPixelFromBrowser: (url: unknown) => {
      env.demand('send_pixel_from_browser', String(url));
      result.pixels.push(String(url));
      return true;
    },
    getGoogleScript: (_script: unknown, callback: unknown) => {
      // Offline there is no Google script to fetch: the callback gets an empty script.
      if (typeof callback === 'function')
        env.later(() => Reflect.apply(callback, undefined, ['', realm.toSandbox({})]));
    },
    addMessageListener: (type: unknown, listener: unknown) => {
      env.demand('use_message', 'listen', String(type));
      if (typeof listener !== 'function') return;
      listeners.set(String(type), [...(listeners.get(String(type)) ?? []), listener]);
    },
    hasMessageListener: (type: unknown) => (listeners.get(String(type)) ?? []).length > 0,
    sendMessage: (type: unknown, message: unknown) => {
      env.demand('use_message', 'send', String(type));
      for (const listener of listeners.get(String(type)) ?? []) {
        Reflect.apply(listener as (...a: unknown[]) => unknown, undefined, [String(type), message]);
      }
    },
  };
}
