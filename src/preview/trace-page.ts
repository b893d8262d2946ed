/**
 * The /__rokt page: each conversion the server container handled, told as the guide's four steps (ID captured →
 * GA4 hit with the parameter → event data the templates saw → request sent to Rokt and its answer), then every
 * request the Rokt stand-in received with the rules it broke. Plain server-rendered HTML; a few lines of script
 * reload it when something new arrives.
 */
import type { RoktAnswer, RoktExchange } from './rokt-standin.js';
import type { ProcessedEvent } from './server-container.js';

/** What the page shows besides the traces: the switches of the preview. */
export interface TraceView {
  processed: ProcessedEvent[];
  received: RoktExchange[];
  /** How the tag reports: Event API or the PII-less conversion GET. */
  mode: 'event-api' | 'conversion-get';
  /** Scripted answers of the Rokt stand-in still queued. */
  pending: RoktAnswer[];
  nonce: string;
}

/** A conversion's first step: where the identifiers were first seen, as far as the server can tell. */
export interface Capture {
  how: string;
  rtid?: unknown;
  emailsha256?: unknown;
}

/**
 * Step 1 for `conversion`: the first `rokt_identity` event that carried the same Rokt ID (the landing, whatever GA4
 * client ID the visitor had before consenting), else the last one of the same GA4 client, else the cookie on the hit.
 */
export function captureOf(conversion: ProcessedEvent, processed: ProcessedEvent[]): Capture {
  const identities = processed.filter(
    (event) => event.id < conversion.id && event.eventData.event_name === 'rokt_identity',
  );
  const rtid = conversion.eventData.rtid;
  const sameClient = identities.filter((event) => event.eventData.client_id === conversion.eventData.client_id);
  const identity =
    (rtid !== undefined && identities.find((event) => event.eventData.rtid === rtid)) ||
    sameClient[sameClient.length - 1];
  if (identity) {
    return {
      how: `rokt_identity pushed on ${identity.eventData.page_location}`,
      rtid: identity.eventData.rtid,
      emailsha256: identity.eventData.emailsha256,
    };
  }
  const cookie = conversion.cookies.RoktTransactionId?.[0];
  if (cookie) return { how: 'no rokt_identity event seen; cookie RoktTransactionId on the hit', rtid: cookie };
  return { how: 'no rokt_identity event seen and no RoktTransactionId cookie on the hit' };
}

/** Renders the page. */
export function renderTracePage(view: TraceView): string {
  const conversions = view.processed.filter((event) => event.tags.length > 0).reverse();
  const answers: [RoktAnswer, string][] = [
    ['unprocessed', 'unprocessed records'],
    ['server-error', '500'],
    ['bad-request', '400'],
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>What reached Rokt · preview</title>
<style>${STYLE}</style></head><body>
<h1>What reached Rokt</h1>
<p>Each conversion the server container handled, as the guide's four steps. Newest first. Shop: <a href="/">landing page</a>.</p>
<form method="post" action="/__rokt/control" class="controls">
<span>Tag sends with: <b>${view.mode === 'event-api' ? 'Event API (POST /v2/events)' : 'PII-less conversion GET (/api/conv)'}</b>
<button name="mode" value="${view.mode === 'event-api' ? 'conversion-get' : 'event-api'}">switch</button></span>
<span>Rokt stand-in's next answer: <b>${view.pending.length ? esc(view.pending.join(', ')) : 'accept'}</b>
${answers.map(([value, label]) => `<button name="answer" value="${value}">${label}</button>`).join(' ')}</span>
<button name="reset" value="1">clear</button></form>
${conversions.length === 0 ? '<p class="empty">No conversion yet: open the shop, accept cookies, and buy something.</p>' : ''}
${conversions.map((conversion) => renderConversion(conversion, view.processed)).join('\n')}
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

function renderConversion(conversion: ProcessedEvent, processed: ProcessedEvent[]): string {
  const capture = captureOf(conversion, processed);
  const wire = conversion.hit.line
    ? `${conversion.hit.query}\n(body line) ${conversion.hit.line}`
    : conversion.hit.query;
  const ours = wire.split(/[&\n]/).filter((param) => /^(\(body line\) )?(en|ep\.rtid|ep\.emailsha256)=/.test(param));
  const failed = conversion.tags.some((tag) => tag.outcome !== 'success');
  return `<section class="conversion ${failed ? 'failed' : 'ok'}">
<h2>#${conversion.id} ${esc(conversion.eventData.event_name)} ${esc(conversion.eventData.transaction_id ?? '')} <small>${esc(conversion.at)}</small></h2>
<ol>
<li><h3>1. ID captured</h3><p>${esc(capture.how)}</p><p>rtid <code>${esc(capture.rtid ?? '—')}</code>, emailsha256 <code>${esc(capture.emailsha256 ?? '—')}</code></p></li>
<li><h3>2. GA4 hit with the parameter</h3><p><code>${ours.map(esc).join(' ') || 'no rtid / emailsha256 parameter'}</code></p>
<details><summary>whole hit</summary><pre>POST /g/collect?${esc(wire)}</pre></details></li>
<li><h3>3. Event data the templates saw</h3><p>rtid <code>${esc(conversion.eventData.rtid ?? '—')}</code>, emailsha256 <code>${esc(conversion.eventData.emailsha256 ?? '—')}</code>, consent <code>${esc(conversion.eventData['x-ga-gcs'] ?? '—')}</code>, cookie RoktTransactionId <code>${esc(conversion.cookies.RoktTransactionId?.join(', ') ?? '—')}</code></p>
<details><summary>variables</summary><pre>${esc(JSON.stringify(conversion.variables, null, 2))}</pre></details>
<details><summary>all event data</summary><pre>${esc(JSON.stringify(conversion.eventData, null, 2))}</pre></details></li>
<li><h3>4. Sent to Rokt, and its answer</h3>${conversion.tags.map(renderTag).join('')}</li>
</ol></section>`;
}

function renderTag(tag: ProcessedEvent['tags'][number]): string {
  const exchanges = tag.exchanges.map((exchange, i) => {
    const answer = exchange.response
      ? `${exchange.response.statusCode}${exchange.response.timeout ? ' (time-out)' : ''} ${exchange.response.body ?? ''}`
      : `no answer: ${exchange.error ?? 'unknown'}`;
    return `<p>Attempt ${i + 1}: <code>${esc(exchange.request.method)} ${esc(exchange.request.url)}</code></p>
${exchange.request.body ? `<pre>${esc(pretty(exchange.request.body))}</pre>` : ''}<p>Answer: <code>${esc(answer)}</code></p>`;
  });
  return `<p>Tag <b>${esc(tag.name)}</b>: <b class="${tag.outcome}">${tag.outcome}</b>${tag.error ? ` <code>${esc(tag.error)}</code>` : ''}</p>
${exchanges.join('') || '<p>No request sent.</p>'}
${tag.logs.length ? `<details><summary>tag log</summary><pre>${esc(tag.logs.join('\n'))}</pre></details>` : ''}`;
}

function renderExchange(exchange: RoktExchange): string {
  return `<div class="exchange ${exchange.problems.length ? 'failed' : 'ok'}"><code>${esc(exchange.at)} ${esc(exchange.method)} ${esc(exchange.host)}${esc(exchange.url)} → ${exchange.status}</code>
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
.conversion{border:2px solid #2a7;border-radius:6px;margin:1rem 0;padding:.5rem 1rem}.conversion.failed{border-color:#c33}
.conversion ol{list-style:none;padding:0}.conversion h3{font-size:1em;margin:.6em 0 .2em}
pre{background:#f4f4f4;padding:.5rem;overflow:auto;max-height:20rem}code{overflow-wrap:anywhere}
.success{color:#2a7}.failure,.error,.none{color:#c33}.exchange{margin:.3rem 0}.exchange.failed code{color:#c33}
.okmark{color:#2a7}.controls{display:flex;flex-wrap:wrap;gap:1rem;background:#eef;padding:.5rem}.empty{color:#777}`;
