// `npm run bench -- --floor`: how low our bundle's on-CPU time could go, from pieces measured in the same run as the
// limit page. Where the timing run says how far a target is missed, this says what any script of our size, doing the
// storage access our design needs, would cost at best: the part of the gap no code change inside the bundle can close.
//
// Variants, each loaded as landing then repeat visit in a fresh context, interleaved like the timing run:
//   empty         a script that does nothing: the cost of evaluating any inline script at all;
//   limit         the limit page's subject (bench/pages.mjs);
//   storage       the storage access our design needs, and nothing else (see STORAGE): on landing the probe and the
//                 writes; on a repeat visit one read of document.cookie (the shared store, first in priority) and one
//                 of localStorage (the origin's copy, and the email hash's only store by default);
//   parse-only    our bundle with `return` as its first statement: the cost of its text alone (parse, compile);
//   ours          the bundle.
// Lower bound for a bundle of our size that does our storage access: parse-only + storage − empty.
import { readFileSync } from 'node:fs';
import { page, RTID, serve, variants } from './pages.mjs';
import { analyse, tracedLoad } from './trace.mjs';

const PUSH = "dataLayer.push({event:'rokt_identity',rtid:rtid});";
// The operations test/browser/storage-ops.test.ts counts for our bundle, done the shortest way. Landing: one read of
// the jar, the registrable-domain probe (write, read, delete on the one candidate of `<variant>.shop.test`), three
// cookie writes (ID, first seen, refreshed), the first localStorage read and two writes. Repeat visit: one read of the
// jar and one of localStorage.
const STORAGE =
  "var rtid=new URLSearchParams(location.search).get('rtid'),jar=document.cookie,d=location.hostname.split('.').slice(-2).join('.'),c=function(k,v){document.cookie=k+'='+v+'; path=/; domain='+d+'; max-age=7776000; SameSite=Lax'};" +
  "if(rtid){c('RoktTransactionId_probe',1);jar=document.cookie;document.cookie='RoktTransactionId_probe=; path=/; domain='+d+'; max-age=0';" +
  "c('RoktTransactionId',rtid);c('RoktTransactionIdSeen',Date.now());c('RoktTransactionIdRefreshed',Date.now());" +
  "localStorage.getItem('RoktTransactionId');localStorage.setItem('RoktTransactionId',rtid);localStorage.setItem('RoktTransactionIdSeen',Date.now())}" +
  `else{rtid=localStorage.getItem('RoktTransactionId')}${PUSH}`;

/** The IIFE with a `return` before its first statement, plus the identity push the harness waits for. */
function parseOnly(bundle) {
  const body = bundle.indexOf('{') + 1;
  return `${bundle.slice(0, body)}var rtid='${RTID}';${PUSH}return;${bundle.slice(body)}`;
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} bundlePath our IIFE
 * @param {number} loads
 * @param {number} throttle CPU throttling rate, as in the timing run
 * @returns {Promise<{variants: string[], visits: Record<string, Record<string, number>>, bound: Record<string, number>}>}
 *   on-CPU medians in ms per visit and variant, and the lower bound per visit
 */
export async function measureFloor(browser, bundlePath, loads, throttle) {
  const bundle = readFileSync(bundlePath, 'utf8').trim();
  const init = {
    empty: 'void 0;',
    limit: variants(bundlePath).limit.init,
    storage: STORAGE,
    parse: parseOnly(bundle),
    ours: bundle,
  };
  const names = Object.keys(init);
  const server = await serve(Object.fromEntries(names.map((n) => [n, page({ init: init[n], conversion: 'void 0;' })])));
  const samples = {
    landing: Object.fromEntries(names.map((n) => [n, []])),
    repeat: Object.fromEntries(names.map((n) => [n, []])),
  };
  try {
    for (let i = 0; i < loads; i++) {
      for (const name of names.map((_, k) => names[(i + k) % names.length])) {
        const context = await browser.newContext();
        const tab = await context.newPage();
        const cdp = await context.newCDPSession(tab);
        const origin = `http://${name}.shop.test:${server.port}/`;
        for (const [visit, url] of [
          ['landing', `${origin}?rtid=${RTID}`],
          ['repeat', origin],
        ]) {
          const { initCpuUs } = analyse(await tracedLoad(browser, tab, cdp, url, throttle), tab.url());
          samples[visit][name].push(initCpuUs / 1000);
        }
        await context.close();
      }
      process.stderr.write(`\rfloor loads ${i + 1}/${loads}`);
    }
    process.stderr.write('\n');
  } finally {
    await server.close();
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    return sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  };
  const visits = {};
  const bound = {};
  for (const [visit, byName] of Object.entries(samples)) {
    visits[visit] = Object.fromEntries(names.map((n) => [n, median(byName[n])]));
    bound[visit] = visits[visit].parse + visits[visit].storage - visits[visit].empty;
  }
  return { variants: names, visits, bound };
}
