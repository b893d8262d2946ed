// `npm run bench -- --profile`: where our bundle's time goes. Loads the bench page of our bundle (landing, then a
// repeat visit, each in a fresh browser context) under V8's sampling CPU profiler, and sums the self time of each
// function of the page's inline scripts over the loads. Native work a function waits on (a document.cookie access,
// a localStorage call) counts as that function's self time, which is the point: it shows which part of the bundle
// pays for each round trip to the browser process.

/** Self time in µs per function (name and minified position), summed over the samples of one profile. */
function selfTimes(profile, pageUrl, into) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const frame = node?.callFrame;
    // Each sample lasts until the next one.
    const us = deltas[i + 1] ?? 0;
    const ours = frame && frame.url === pageUrl;
    const key = ours
      ? `${frame.functionName || '(anonymous)'} @${frame.lineNumber + 1}:${frame.columnNumber + 1}`
      : frame?.url === ''
        ? frame.functionName || '(native)'
        : '(other)';
    // (program) and (idle) are the browser's own time around the page (parsing, layout, waiting): not ours.
    if ((ours || frame?.url === '') && key !== '(program)' && key !== '(idle)')
      into.set(key, (into.get(key) ?? 0) + us);
  }
}

/**
 * @param {import('@playwright/test').Browser} browser
 * @param {string} origin e.g. http://ours.shop.test:PORT/
 * @param {string} landingQuery the landing URL's query, with the ID
 * @param {number} loads
 * @param {number} throttle CPU throttling rate, as in the trace bench
 * @returns {Promise<Record<string, {fn: string, selfMs: number, share: number}[]>>} per visit, hottest first
 */
export async function profileBundle(browser, origin, landingQuery, loads, throttle) {
  const totals = { landing: new Map(), repeat: new Map() };
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    for (const [visit, url] of [
      ['landing', `${origin}${landingQuery}`],
      ['repeat', origin],
    ]) {
      await cdp.send('Profiler.start');
      await tab.goto(url, { waitUntil: 'load' });
      const { profile } = await cdp.send('Profiler.stop');
      selfTimes(profile, tab.url(), totals[visit]);
    }
    await context.close();
    process.stderr.write(`\rprofiled ${i + 1}/${loads}`);
  }
  process.stderr.write('\n');
  const summary = {};
  for (const [visit, map] of Object.entries(totals)) {
    const all = [...map.values()].reduce((a, b) => a + b, 0);
    summary[visit] = [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([fn, us]) => ({ fn, selfMs: Math.round(us / loads) / 1000, share: Math.round((1000 * us) / all) / 10 }));
  }
  return summary;
}
