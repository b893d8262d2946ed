// The bench pages: one per variant, served from a throwaway node:http server on 127.0.0.1.
// Every page has the same shape so the variants differ only in the subject script:
//   1. harness  — installs a dataLayer whose push() drops a `performance.mark('identity')` the first time an
//                 `*_identity` object arrives (the mark lands in the trace with the browser's own clock);
//   2. subject  — the variant's whole init, inline (as our GTM Custom HTML tag ships it);
//   3. conversion — one purchase push with the identifiers attached.
// The trace analysis relies on this order: the page's inline EvaluateScript events are [harness, subject, conversion].
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { PEER_FILES } from './sizes.mjs';

/** Same length and alphabet as a real Rokt ID; the Meta page reads `fbclid` from the same URL. */
export const RTID = 'bench.rtid-0123456789abcdefghijklmnopqrstuv';
export const FBCLID = 'IwAR0bench0123456789abcdefghijklmnopq';
export const PURCHASE = { transaction_id: 'T-1001', value: 42.5, currency: 'EUR' };

const purchase = JSON.stringify(PURCHASE).slice(1, -1);

const HARNESS =
  'window.dataLayer=[];var __marked=false;dataLayer.push=function(o){' +
  "if(!__marked&&o&&/_identity$/.test(o.event)){__marked=true;performance.mark('identity')}" +
  'return Array.prototype.push.apply(this,arguments)};';

// The least work that does the job: read the parameter (on a repeat visit: the stored ID), write one cookie and
// one localStorage key, push one dataLayer object. No validation, no consent, no registrable-domain probe.
const LIMIT =
  "var rtid=new URLSearchParams(location.search).get('rtid');" +
  "if(rtid){document.cookie='RoktTransactionId='+encodeURIComponent(rtid)+';path=/;max-age=7776000;samesite=lax';" +
  "localStorage.setItem('RoktTransactionId',rtid)}" +
  "else{rtid=localStorage.getItem('RoktTransactionId')}" +
  "if(rtid)dataLayer.push({event:'rokt_identity',rtid:rtid});";

const META_CALL =
  'clientParamBuilder.processAndCollectAllParams(location.href).then(function(p){' +
  "dataLayer.push({event:'meta_identity',fbc:p._fbc,fbp:p._fbp})});";

/**
 * @param {string} bundlePath our IIFE
 * @returns {Record<string, {init: string, conversion: string}>} subject and conversion script per variant
 */
export function variants(bundlePath) {
  const meta = readFileSync(PEER_FILES.meta, 'utf8');
  return {
    limit: {
      init: LIMIT,
      conversion: `dataLayer.push({event:'purchase',${purchase},rtid:rtid});`,
    },
    ours: {
      init: readFileSync(bundlePath, 'utf8'),
      conversion: `roktBridge.conversion('purchase',{${purchase}});`,
    },
    meta: {
      init: `${meta}\n${META_CALL}`,
      conversion:
        `dataLayer.push({event:'purchase',${purchase},` +
        'fbc:clientParamBuilder.getFbc(),fbp:clientParamBuilder.getFbp()});',
    },
  };
}

/** `</script` inside a subject would end the inline script early; none of ours contain it, but fail loudly if so. */
function inline(code) {
  if (/<\/script/i.test(code)) throw new Error('subject contains </script and cannot be inlined');
  return `<script>${code}</script>`;
}

export function page({ init, conversion }) {
  return `<!doctype html><meta charset="utf-8"><title>bench</title>
${inline(HARNESS)}
${inline(init)}
${inline(conversion)}
<p>bench</p>
`;
}

/**
 * Serves `http://<variant>.shop.test:<port>/` (any path and query) with that variant's page.
 * @returns {Promise<{port: number, close: () => Promise<void>}>}
 */
export async function serve(pages) {
  const server = createServer((req, res) => {
    const variant = (req.headers.host ?? '').split('.')[0];
    const html = pages[variant];
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(html ?? 'no such variant');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Did the variant do its job? A timing of a page that failed to push the identity would flatter it.
 * @param {string} variant
 * @param {unknown[]} dataLayer the page's dataLayer after load
 * @returns {string|null} what is wrong, or null
 */
export function wrong(variant, dataLayer) {
  const carries = variant === 'meta' ? (o) => String(o.fbc).includes(FBCLID) : (o) => o.rtid === RTID;
  const identity = dataLayer.find((o) => /_identity$/.test(o?.event));
  const purchase = dataLayer.find((o) => o?.event === 'purchase');
  if (!identity || !carries(identity)) return `no identity push with the ID: ${JSON.stringify(dataLayer)}`;
  if (!purchase || !carries(purchase) || purchase.value !== PURCHASE.value) {
    return `purchase push lacks the ID or its params: ${JSON.stringify(purchase)}`;
  }
  return null;
}
