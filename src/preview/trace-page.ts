/**
 * The /__rokt page: each conversion the server container handled, told as the guide's four steps (ID captured →
 * GA4 hit with the parameter → event data the templates saw → request sent to Rokt and its answer), then every
 * request the Rokt stand-in received with the rules it broke. Plain server-rendered HTML; a few lines of script
 * reload it when something new arrives.
 */

import { isRoktId } from '../browser/rokt-id.js';
import { IDENTITY_EVENT, STORAGE_KEYS } from '../vocabulary/index.js';
import type { ContainerMode } from './container-setup.js';
import {
  RETRY_AFTER_SECONDS,
  ROKT_ANSWERS,
  type RoktAnswer,
  type RoktApi,
  type RoktExchange,
  roktApiOf,
} from './rokt-standin.js';
import type { ProcessedEvent, TagRun } from './server-container.js';

/** What the page shows besides the traces: the switches of the preview. */
export interface TraceView {
  processed: ProcessedEvent[];
  received: RoktExchange[];
  /** Which Rokt API the tag reports with. */
  mode: ContainerMode;
  /** Whether the tag runs with "dry run" on. */
  dryRun: boolean;
  /** Whether the shop runs without the bundle (server-only). */
  serverOnly: boolean;
  /** Whether the shop runs the web templates of the template-only import file instead of the bundle. */
  webTemplates?: boolean;
  /** Scripted answers of the Rokt stand-in still queued. */
  pending: RoktAnswer[];
  nonce: string;
}

/** The template of the server tag that keeps the Rokt ID in a server-set cookie. */
const KEEPER_TEMPLATE = 'Rokt ID Keeper';

/**
 * Where the conversion's Rokt ID came from: the bundle captured it (a `rokt_identity` event), the Rokt ID Keeper
 * captured it from a landing hit's `page_location`, or the hit brought it back in the cookie the server set earlier.
 */
export type CaptureSource = 'bundle' | 'page_location' | 'server cookie' | 'cookie' | 'none';

/** A conversion's first step: where the identifiers were first seen, as far as the server can tell. */
export interface Capture {
  source: CaptureSource;
  how: string;
  rtid?: unknown;
  emailsha256?: unknown;
}

/**
 * Step 1 for `conversion`. Among the earlier events of the same visitor (the GA4 client ID the hits carry), the
 * landing is the first whose `page_location` carries the conversion's Rokt ID: a `rokt_identity` event there means
 * the bundle captured it, a cookie the keeper set on that hit means the server did. Without a landing of this visitor
 * (another browser session, or script storage purged with the `_ga` cookie), a `RoktTransactionId` cookie on the hit
 * that the keeper set (its `RoktTransactionIdKept` companion is on the hit too) is the server-set cookie. Else the
 * visitor's last `rokt_identity` event, else whatever cookie the hit carried.
 */
export function captureOf(conversion: ProcessedEvent, processed: ProcessedEvent[]): Capture {
  const visitor = processed.filter(
    (event) => event.id < conversion.id && event.eventData.client_id === conversion.eventData.client_id,
  );
  const cookie = conversion.cookies.RoktTransactionId?.[0];
  const rtid = conversion.eventData.rtid ?? cookie;
  const landing =
    rtid === undefined ? undefined : visitor.find((event) => rtidInUrl(event.eventData.page_location) === rtid);
  if (landing) {
    const page = String(landing.eventData.page_location);
    const identity = visitor.find(
      (event) => event.eventData.event_name === IDENTITY_EVENT && event.eventData.page_location === page,
    );
    if (identity) {
      return {
        source: 'bundle',
        how: `the bundle captured it: rokt_identity pushed on ${page}`,
        rtid: identity.eventData.rtid,
        emailsha256: identity.eventData.emailsha256,
      };
    }
    if (keptCookie(landing) === rtid) {
      return {
        source: 'page_location',
        how: `the Rokt ID Keeper captured it from the landing hit's page_location ${page} and set the RoktTransactionId cookie`,
        rtid,
      };
    }
  }
  if (cookie !== undefined && conversion.cookies.RoktTransactionIdKept) {
    const setOn = processed.find((event) => event.id < conversion.id && keptCookie(event) === cookie);
    return {
      source: 'server cookie',
      how: `the hit brought it back in the server-set cookie RoktTransactionId${setOn ? ` (set by the Rokt ID Keeper on the hit from ${setOn.eventData.page_location})` : ''}`,
      rtid: cookie,
    };
  }
  const identities = visitor.filter((event) => event.eventData.event_name === IDENTITY_EVENT);
  const identity = identities[identities.length - 1];
  if (identity) {
    return {
      source: 'bundle',
      how: `rokt_identity pushed on ${identity.eventData.page_location}`,
      rtid: identity.eventData.rtid,
      emailsha256: identity.eventData.emailsha256,
    };
  }
  if (cookie) return { source: 'cookie', how: 'cookie RoktTransactionId on the hit', rtid: cookie };
  return {
    source: 'none',
    how: 'no rokt_identity event of this visitor seen and no RoktTransactionId cookie on the hit',
  };
}

/** The `rtid` in a page URL's query or hash route, as the bundle and the keeper read it. */
function rtidInUrl(location: unknown): string | undefined {
  if (typeof location !== 'string') return undefined;
  try {
    const url = new URL(location);
    const hashQuery = url.hash.includes('?') ? url.hash.slice(url.hash.indexOf('?') + 1) : url.hash.slice(1);
    return url.searchParams.get('rtid') ?? new URLSearchParams(hashQuery).get('rtid') ?? undefined;
  } catch {
    return undefined;
  }
}

/** The Rokt ID the keeper set in the answer to `event`'s hit, if it set one. */
function keptCookie(event: ProcessedEvent): string | undefined {
  const set = event.tags
    .filter((tag) => tag.template === KEEPER_TEMPLATE)
    .flatMap((tag) => tag.cookiesSet)
    .find((cookie) => cookie.name === STORAGE_KEYS.id && cookie.value !== '');
  return set && decodeURIComponent(set.value);
}

/**
 * Why `tag` sent nothing for `conversion`, in the order the Event API tag decides (consent, identifiers, dry run);
 * undefined when it sent a request. The tag's own last log line is added where it says more.
 */
function whyNothingSent(tag: TagRun, conversion: ProcessedEvent): string | undefined {
  if (tag.exchanges.length > 0) return undefined;
  if (tag.outcome === 'error') return `the template could not run: ${tag.error ?? 'unknown error'}`;
  const consent = conversion.eventData['x-ga-gcs'];
  if (
    tag.data.consentMode !== 'ignore' &&
    typeof consent === 'string' &&
    /^G1[01][01]$/.test(consent) &&
    consent[2] === '0'
  )
    return `consent denied: x-ga-gcs ${consent} says ad_storage is denied`;
  if (!hasIdentifier(conversion))
    return 'no identifier: no valid rtid or emailsha256 in the event, no RoktTransactionId cookie on the hit';
  if (tag.data.dryRun === true && tag.outcome === 'success')
    return 'dry run: the tag built the request and did not send it';
  const last = tag.logs[tag.logs.length - 1];
  return `the tag sent nothing${last ? `: ${last}` : ' (see its log)'}`;
}

/** Whether the event or the hit carries any identifier the tag could send (the Rokt ID rule is the bundle's). */
function hasIdentifier(conversion: ProcessedEvent): boolean {
  const { rtid, rclid, emailsha256, page_location } = conversion.eventData;
  const inUrl = typeof page_location === 'string' ? new URL(page_location, 'http://x').searchParams.get('rtid') : null;
  const ids = [rtid, rclid, inUrl, ...(conversion.cookies.RoktTransactionId ?? [])];
  return ids.some(isRoktId) || (typeof emailsha256 === 'string' && /^[0-9a-f]{64}$/i.test(emailsha256));
}

/** The tags that report to Rokt: all but the ID Keeper, which fires on every event and only keeps the cookie. */
function reportingTags(event: ProcessedEvent): TagRun[] {
  return event.tags.filter((tag) => tag.template !== KEEPER_TEMPLATE);
}

/** Renders the page. */
export function renderTracePage(view: TraceView): string {
  const conversions = view.processed.filter((event) => reportingTags(event).length > 0).reverse();
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>What reached Rokt · preview</title>
<style>${STYLE}</style></head><body>
<h1>What reached Rokt</h1>
<p>Each conversion the server container handled, as the guide's four steps. Newest first. Shop: <a href="/">landing page</a>.</p>
<form method="post" action="/__rokt/control" class="controls">
<span>Tag sends with: <b>${esc(MODE_LABELS[view.mode])}</b>
${modes(view.mode)}</span>
<span>Shop: <b>${view.serverOnly ? 'server-only (no bundle)' : 'with the bundle'}</b> <button name="serverOnly" value="${view.serverOnly ? 'off' : 'on'}">${view.serverOnly ? 'load the bundle' : 'server-only'}</button></span>
<span>Web container: <b>${view.webTemplates ? 'web templates (no Custom HTML)' : 'bundle'}</b> <button name="webTemplates" value="${view.webTemplates ? 'off' : 'on'}">${view.webTemplates ? 'use the bundle' : 'use the web templates'}</button></span>
<span>Dry run: <b>${view.dryRun ? 'on' : 'off'}</b> <button name="dryRun" value="${view.dryRun ? 'off' : 'on'}">turn ${view.dryRun ? 'off' : 'on'}</button></span>
<span>Rokt stand-in's next answer: <b>${view.pending.length ? esc(view.pending.join(', ')) : 'accept'}</b>
${ROKT_ANSWERS.filter((answer) => answer !== 'accept')
  .map((answer) => `<button name="answer" value="${answer}">${esc(ANSWER_LABELS[answer])}</button>`)
  .join(' ')}</span>
<button name="reset" value="1">clear</button></form>
${conversions.length === 0 ? '<p class="empty">No conversion yet: open the shop, accept cookies, and buy something.</p>' : ''}
${conversions.map((conversion, i) => renderConversion(conversion, conversions.length - i, view.processed)).join('\n')}
<h2>Every request the Rokt stand-in received (${view.received.length})</h2>
${view.received.map(renderExchange).join('\n') || '<p class="empty">None.</p>'}
<script nonce="${view.nonce}">
// Reload when something new arrives; polling keeps this page free of any server push machinery.
const seen = ${JSON.stringify(`${view.processed.length}/${view.received.length}`)};
setInterval(() => fetch('/__rokt.json').then((r) => r.json()).then((s) => {
  if (s.processed.length + '/' + s.received.length !== seen) location.reload();
}), 1500);
</script></body></html>`;
}

const MODE_LABELS: Record<ContainerMode, string> = {
  'event-audience-api': 'Event and Audience API (POST s2s.{pod}.mparticle.com/v2/events)',
  'event-api': 'Event API, deprecated (POST api.rokt.com/v2/events)',
  'conversion-get': 'PII-less conversion GET, legacy (apps.rokt.com/api/conv)',
};

const API_LABELS: Record<RoktApi, string> = {
  eventAudienceApi: 'Event and Audience API',
  eventApi: 'Event API',
  conversionGet: 'PII-less GET',
  unknown: 'no Rokt API',
};

const ANSWER_LABELS: Record<RoktAnswer, string> = {
  accept: 'accept',
  unprocessed: '2xx refusing it',
  'bad-request': '400',
  unauthorized: '401',
  forbidden: '403',
  'rate-limited': `429 (Retry-After ${RETRY_AFTER_SECONDS} s)`,
  'server-error': '500',
  unavailable: '503',
};

/** A button per mode other than the current one. */
function modes(current: ContainerMode): string {
  return (Object.keys(MODE_LABELS) as ContainerMode[])
    .filter((mode) => mode !== current)
    .map((mode) => `<button name="mode" value="${mode}">${esc(API_LABELS[MODE_API[mode]])}</button>`)
    .join(' ');
}

const MODE_API: Record<ContainerMode, RoktApi> = {
  'event-audience-api': 'eventAudienceApi',
  'event-api': 'eventApi',
  'conversion-get': 'conversionGet',
};

/** One conversion's card; `number` counts conversions (1 = the first since start or clear), not processed events. */
function renderConversion(conversion: ProcessedEvent, number: number, processed: ProcessedEvent[]): string {
  const capture = captureOf(conversion, processed);
  const wire = conversion.hit.line
    ? `${conversion.hit.query}\n(body line) ${conversion.hit.line}`
    : conversion.hit.query;
  const ours = wire.split(/[&\n]/).filter((param) => /^(\(body line\) )?(en|ep\.rtid|ep\.emailsha256)=/.test(param));
  const tags = reportingTags(conversion);
  const failed = tags.some((tag) => tag.outcome !== 'success');
  const unsent = tags.some((tag) => tag.exchanges.length === 0);
  return `<section class="conversion ${failed ? 'failed' : unsent ? 'unsent' : 'ok'}">
<h2>Conversion ${number}: ${esc(conversion.eventData.event_name)} ${esc(conversion.eventData.transaction_id ?? '')} <small>${esc(conversion.at)}</small></h2>
<ol>
<li><h3>1. ID captured</h3><p>From <b class="source">${esc(SOURCE_LABELS[capture.source])}</b>: ${esc(capture.how)}</p><p>rtid <code>${esc(capture.rtid ?? '—')}</code>, emailsha256 <code>${esc(capture.emailsha256 ?? '—')}</code></p>${renderKeeper(conversion)}</li>
<li><h3>2. GA4 hit with the parameter</h3><p><code>${ours.map(esc).join(' ') || 'no rtid / emailsha256 parameter'}</code></p>
<details><summary>whole hit</summary><pre>POST /g/collect?${esc(wire)}</pre></details></li>
<li><h3>3. Event data the templates saw</h3><p>rtid <code>${esc(conversion.eventData.rtid ?? '—')}</code>, emailsha256 <code>${esc(conversion.eventData.emailsha256 ?? '—')}</code>, consent <code>${esc(conversion.eventData['x-ga-gcs'] ?? '—')}</code>, cookie RoktTransactionId <code>${esc(conversion.cookies.RoktTransactionId?.join(', ') ?? '—')}</code></p>
<details><summary>variables</summary><pre>${esc(JSON.stringify(conversion.variables, null, 2))}</pre></details>
<details><summary>all event data</summary><pre>${esc(JSON.stringify(conversion.eventData, null, 2))}</pre></details></li>
<li><h3>4. Sent to Rokt, and its answer</h3>${tags.map((tag) => renderTag(tag, conversion)).join('')}</li>
</ol>${renderGa4(conversion)}</section>`;
}

/** The identifiers GA4 must not get, as parameters or inside a page URL. */
const KEPT_FROM_GA4 = ['rtid', 'rclid', 'emailsha256'];

/** What the server's GA4 tag would forward for the conversion, after the import file's Transformations. */
function renderGa4(conversion: ProcessedEvent): string {
  if (!conversion.ga4) return '';
  const forwarded = [...new URLSearchParams(conversion.ga4.query)].flat().join(' ');
  const left = KEPT_FROM_GA4.filter((name) => forwarded.includes(name));
  const verdict = left.length
    ? `<b class="failure">still carries ${esc(left.join(', '))}</b>`
    : `<b class="success">no ${KEPT_FROM_GA4.join(', ')}</b>, in a parameter or a page URL`;
  return `<p class="ga4">And Google Analytics: ${esc(conversion.ga4.tag)} would forward ${verdict}.</p>
<details><summary>what it would forward</summary><pre>/g/collect?${esc(conversion.ga4.query)}</pre></details>`;
}

/** What the Rokt ID Keeper did on the conversion's own hit. */
function renderKeeper(conversion: ProcessedEvent): string {
  const runs = conversion.tags.filter((tag) => tag.template === KEEPER_TEMPLATE);
  return runs
    .map((tag) => {
      const cookies = tag.cookiesSet.map((cookie) =>
        cookie.value === '' ? `deleted ${cookie.name}` : `${cookie.name}=${decodeURIComponent(cookie.value)}`,
      );
      return `<p class="keeper">${esc(tag.name)} on this hit: ${cookies.length ? `<code>${esc(cookies.join(', '))}</code>` : 'no cookie set (the server-set cookie is fresh, or there is no Rokt ID)'}</p>`;
    })
    .join('');
}

const SOURCE_LABELS: Record<CaptureSource, string> = {
  bundle: 'the bundle',
  page_location: "the landing hit's page_location",
  'server cookie': 'the server-set cookie',
  cookie: 'a cookie on the hit',
  none: 'nowhere',
};

function renderTag(tag: TagRun, conversion: ProcessedEvent): string {
  const exchanges = tag.exchanges.map((exchange, i) => {
    const answer = exchange.response
      ? `${exchange.response.statusCode}${exchange.response.timeout ? ' (time-out)' : ''} ${exchange.response.body ?? ''}`
      : `no answer: ${exchange.error ?? 'unknown'}`;
    return `<p>Attempt ${i + 1}, <b class="api">${esc(apiOfUrl(exchange.request.url))}</b>: <code>${esc(exchange.request.method)} ${esc(exchange.request.url)}</code></p>
${exchange.request.body ? `<pre>${esc(pretty(exchange.request.body))}</pre>` : ''}<p>Answer: <code>${esc(answer)}</code></p>`;
  });
  return `<p>Tag <b>${esc(tag.name)}</b>: <b class="${tag.outcome}">${tag.outcome}</b>${tag.error ? ` <code>${esc(tag.error)}</code>` : ''}</p>
${exchanges.join('') || `<p class="unsent">Nothing sent: ${esc(whyNothingSent(tag, conversion))}</p>`}
${tag.logs.length ? `<details><summary>tag log</summary><pre>${esc(tag.logs.join('\n'))}</pre></details>` : ''}`;
}

/** The API a request URL of the tag belongs to. */
function apiOfUrl(url: string): string {
  try {
    const { hostname, pathname } = new URL(url);
    return API_LABELS[roktApiOf(hostname, pathname)];
  } catch {
    return API_LABELS.unknown;
  }
}

function renderExchange(exchange: RoktExchange): string {
  return `<div class="exchange ${exchange.problems.length ? 'failed' : 'ok'}"><b class="api">${esc(API_LABELS[exchange.api])}</b> <code>${esc(exchange.at)} ${esc(exchange.method)} ${esc(exchange.host)}${esc(exchange.url)} → ${exchange.status}</code>
${exchange.problems.length ? `<ul>${exchange.problems.map((problem) => `<li>${esc(problem)}</li>`).join('')}</ul>` : ' <span class="okmark">meets every documented rule</span>'}</div>`;
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function esc(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem}
.conversion{border:2px solid #2a7;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}.conversion.failed{border-color:#c33}.conversion.unsent{border-color:#d90}
p.unsent{font-weight:bold}
.conversion ol{list-style:none;padding:0}.conversion h3{font-size:1em;margin:.6em 0 .2em}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}code{overflow-wrap:anywhere}
.success{color:#2a7}.failure,.error,.none{color:#c33}.exchange{margin:.3rem 0}.exchange.failed code{color:#c33}
.okmark{color:#2a7}.controls{display:flex;flex-wrap:wrap;gap:1rem;background:#eef;padding:.5rem}.empty{color:#777}`;
