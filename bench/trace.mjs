// Reads one page load's Chrome trace and returns what the bench reports, all in trace microseconds.
// Chrome nests compile (v8.compile), run (v8.run) and the microtask checkpoint (RunMicrotasks) inside the
// EvaluateScript event of a classic script, so one EvaluateScript duration is a script's whole synchronous cost,
// promise continuations included (Meta's async processAndCollectAllParams resolves there).

/** Categories that carry EvaluateScript/FunctionCall, the scheduler's top-level tasks and performance.mark(). */
export const CATEGORIES = ['devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'toplevel'];

const end = (e) => e.ts + e.dur;
const within = (outer, e) => outer.ts <= e.ts && end(e) <= end(outer);

/**
 * @param {Buffer} buffer what `browser.stopTracing()` returned
 * @param {string} pageUrl the URL the page was loaded from (inline scripts carry it as their url)
 * @returns {{initUs: number, initCpuUs: number, identityUs: number|null, sameTask: boolean|null, conversionUs: number}}
 *   initUs: wall time of the subject script's EvaluateScript plus any later callback (FunctionCall) from the page's
 *   inline code — the time the main thread is blocked, synchronous IPC for cookies and localStorage included;
 *   initCpuUs: the same events' thread time (tdur): time on the CPU, without waits on synchronous IPC;
 *   identityUs: from the start of the subject's evaluation to the harness's `identity` mark (null if never pushed);
 *   sameTask: whether that mark lies in the same top-level scheduler task as the subject's evaluation
 *   (null when the trace holds no complete task around the evaluation, so the question cannot be answered).
 */
export function analyse(buffer, pageUrl) {
  const parsed = JSON.parse(buffer.toString('utf8'));
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const fromPage = (e) => e.ph === 'X' && e.args?.data?.url === pageUrl;

  // The page has exactly three inline scripts: harness, subject, conversion (see pages.mjs).
  const scripts = events.filter((e) => e.name === 'EvaluateScript' && fromPage(e)).sort((a, b) => a.ts - b.ts);
  if (scripts.length !== 3) throw new Error(`expected 3 inline scripts in the trace, found ${scripts.length}`);
  const [, subject, conversion] = scripts;
  const onMain = (e) => e.pid === subject.pid && e.tid === subject.tid;

  // Callbacks the subject left behind (timers, listeners): top-level FunctionCalls from page code after it ran.
  const calls = events.filter(
    (e) => e.name === 'FunctionCall' && fromPage(e) && onMain(e) && e.ts >= end(subject) && !within(conversion, e),
  );
  const later = calls.filter((e) => !calls.some((o) => o !== e && within(o, e)));

  const mark = events.find((e) => e.name === 'identity' && e.cat.includes('blink.user_timing') && onMain(e));
  const task = events
    .filter((e) => e.name === 'ThreadControllerImpl::RunTask' && e.ph === 'X' && onMain(e) && within(e, subject))
    .sort((a, b) => b.dur - a.dur)[0];

  const total = (key) => [subject, ...later].reduce((sum, e) => sum + (e[key] ?? 0), 0);
  return {
    initUs: total('dur'),
    initCpuUs: total('tdur'),
    identityUs: mark ? mark.ts - subject.ts : null,
    sameTask: task ? Boolean(mark && task.ts <= mark.ts && mark.ts <= end(task)) : null,
    conversionUs: conversion.dur,
  };
}

/**
 * One navigation under a fresh trace, CPU throttled: the way every timed load of the bench is taken.
 * @param {import('@playwright/test').Browser} browser
 * @param {import('@playwright/test').Page} tab
 * @param {import('@playwright/test').CDPSession} cdp
 * @param {string} url
 * @param {number} throttle CPU throttling rate
 * @returns {Promise<Buffer>} the trace, for {@link analyse}
 */
export async function tracedLoad(browser, tab, cdp, url, throttle) {
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  await browser.startTracing(tab, { categories: CATEGORIES });
  await tab.goto(url, { waitUntil: 'load' });
  await tab.waitForTimeout(50); // let timers the subject may have set fire inside the trace
  return browser.stopTracing();
}
