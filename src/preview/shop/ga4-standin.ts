import type { ConsentRegionRank } from './consent-region.js';

/**
 * GA4 STAND-IN, not Google's code. gtag.js cannot load offline, so the demo shop runs this small script in its
 * place. It behaves like a GA4 event tag in a web GTM container that sends to a server container: it reads the
 * dataLayer the way GTM does (a merged model of every push, gtag consent commands), and for each configured event
 * sends a `/g/collect` hit in GA4's wire format (as documented by reverse engineering in
 * https://github.com/d8a-tech/d8a/blob/48088dbc9c3ed4bbc53b552afb5aa06fc531b6e8/docs/docs/articles/tracking-protocols/ga4-gtag.md) with the event parameters `ep.rtid` and
 * `ep.emailsha256` read from the model, like Data Layer Variables would. Events pushed in the same task are batched
 * into one request, one event per body line, as gtag does.
 *
 * The function is serialised with `toString()` into the page, so it must not refer to anything outside itself.
 */

/** What the stand-in's GTM "tags" are configured with. */
export interface Ga4StandInOptions {
  /** Where hits go: the server container's `/g/collect` URL (same origin in the demo). */
  endpoint: string;
  measurementId: string;
  /** The dataLayer events that become GA4 events (`page_view` is sent on load). */
  events: string[];
  dataLayerName: string;
  /** The visitor's region (`ES`, `ES-CT`) for region-scoped consent defaults; empty: none applies but the global one. */
  region?: string;
}

/** Installs the stand-in; see the module comment. */
export function ga4StandIn(options: Ga4StandInOptions, consentRegionRank: ConsentRegionRank): void {
  const win = window as unknown as Record<string, unknown>;
  win[options.dataLayerName] = win[options.dataLayerName] || [];
  const dataLayer = win[options.dataLayerName] as unknown[];
  const model: Record<string, unknown> = {};
  const consent: Record<string, string> = { ad_storage: 'denied', analytics_storage: 'denied' };
  const pageId = Math.floor(Math.random() * 2147483647);
  let hitCount = 0;
  let queue: string[] = [];

  // How specific the command that set each type was: 0 global default, 1 country, 2 subdivision, 3 update.
  const ranks: Record<string, number> = {};
  const regionRank = (regions: unknown) => consentRegionRank(options.region || '', regions);
  const bit = (name: string) => (consent[name] === 'granted' ? '1' : '0');
  const registrableDomain = () => {
    const host = location.hostname;
    return /^[\d.]+$/.test(host) || host.indexOf('.') < 0 ? '' : host.split('.').slice(-2).join('.');
  };
  // GA's client ID lives in the _ga cookie, which gtag only writes when analytics storage is granted. Until then the
  // stand-in keeps one ID for the page, so the hits before and after an Accept on the landing page are one visitor's.
  const pageClientId = `${Math.floor(Math.random() * 2147483647)}.${Math.floor(Date.now() / 1000)}`;
  const clientId = () => {
    const match = /(?:^|;\s*)_ga=GA1\.\d\.(\d+\.\d+)/.exec(document.cookie);
    if (match) return match[1];
    const id = pageClientId;
    if (consent.analytics_storage === 'granted') {
      const domain = registrableDomain();
      // biome-ignore lint/suspicious/noDocumentCookie: gtag.js writes _ga with document.cookie; the stand-in does the same
      document.cookie = `_ga=GA1.1.${id}; path=/; max-age=63072000${domain ? `; domain=${domain}` : ''}`;
    }
    return id;
  };
  const encode = (params: [string, unknown][]) =>
    params
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join('&');

  const eventLine = (name: string, entry: Record<string, unknown>, tagParams?: Record<string, unknown>) => {
    const params: [string, unknown][] = [['en', name]];
    // The event tag's parameters: Rokt's identifiers from the model (or the tag's Event Settings rows when the GTM
    // templates stand-in fires the tag), e-commerce fields from the pushed event.
    const identifiers = tagParams || model;
    params.push(['ep.rtid', identifiers.rtid], ['ep.emailsha256', identifiers.emailsha256]);
    params.push(['ep.transaction_id', entry.transaction_id], ['epn.value', entry.value], ['cu', entry.currency]);
    const items = Array.isArray(entry.items) ? (entry.items as Record<string, unknown>[]) : [];
    items.forEach((item, i) => {
      params.push([`pr${i + 1}`, `id${item.item_id}~nm${item.item_name}~pr${item.price}~qt${item.quantity ?? 1}`]);
    });
    return encode(params);
  };

  const flush = () => {
    if (queue.length === 0) return;
    const lines = queue;
    queue = [];
    hitCount += 1;
    const shared = encode([
      ['v', 2],
      ['tid', options.measurementId],
      ['gtm', 'preview-standin'],
      ['_p', pageId],
      ['cid', clientId()],
      ['ul', navigator.language.toLowerCase()],
      ['sr', `${screen.width}x${screen.height}`],
      ['dl', location.href],
      ['dt', document.title],
      ['dr', document.referrer],
      ['_s', hitCount],
      ['gcs', `G1${bit('ad_storage')}${bit('analytics_storage')}`],
    ]);
    // One event: everything in the query. Several: shared parameters in the query, one event per body line.
    const url = lines.length === 1 ? `${options.endpoint}?${shared}&${lines[0]}` : `${options.endpoint}?${shared}`;
    const body = lines.length === 1 ? '' : lines.join('\n');
    if (!navigator.sendBeacon(url, body)) fetch(url, { method: 'POST', body, keepalive: true, credentials: 'include' });
  };
  const send = (name: string, entry: Record<string, unknown>, tagParams?: Record<string, unknown>) => {
    if (queue.length === 0) setTimeout(flush, 0);
    queue.push(eventLine(name, entry, tagParams));
  };
  // A GA4 event tag of the web templates import file, fired by the GTM templates stand-in with its resolved rows.
  win.__ga4StandInSend = send;

  const process = (entry: unknown) => {
    if (!entry || typeof entry !== 'object') return;
    const record = entry as Record<string | number, unknown>;
    if (record[0] === 'consent' && record[2] && typeof record[2] === 'object') {
      const values = record[2] as Record<string, unknown>;
      // A default scoped to regions applies only in them, the most specific one winning, as gtag applies it
      // (https://developers.google.com/tag-platform/security/guides/consent#region-specific-behavior).
      const rank = record[1] === 'default' ? regionRank(values.region) : 3;
      if (rank < 0) return;
      for (const key of Object.keys(values)) {
        if (key === 'region' || (values[key] !== 'granted' && values[key] !== 'denied')) continue;
        if (rank < (ranks[key] ?? 0)) continue;
        ranks[key] = rank;
        consent[key] = values[key] as string;
      }
      // Like gtag, a grant writes the _ga cookie at once, keeping the page's ID: one visitor before and after.
      clientId();
      return;
    }
    for (const key of Object.keys(record)) model[key] = record[key];
    const event = record.event;
    if (typeof event === 'string' && options.events.indexOf(event) >= 0) send(event, record as Record<string, unknown>);
  };

  // Like gtm.js: replay what is queued, then see every later push after the previous push handler ran.
  dataLayer.forEach(process);
  const previous = dataLayer.push;
  dataLayer.push = function (this: unknown[], ...entries: unknown[]) {
    const result = previous.apply(this, entries);
    entries.forEach(process);
    return result;
  };
  addEventListener('pagehide', flush);
  send('page_view', {});
}
