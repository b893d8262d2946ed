// node bench/table.mjs — the bench/README.md table, printed from the committed bench/results/latest.json, so every
// figure quoted there comes from that file.
import { readFileSync } from 'node:fs';

const result = JSON.parse(readFileSync(new URL('results/latest.json', import.meta.url), 'utf8'));
const row = (visit, metric) => result.timing.find((t) => t.visit === visit && t.metric === metric);
const cell = (t, n) => `${t[n].median.toFixed(2)} (${t[n].q1.toFixed(2)}–${t[n].q3.toFixed(2)})`;
const lines = [
  `Run: \`${result.command}\`, ${result.date.slice(0, 10)}, source ${result.source.commit}${result.source.dirty ? ' (dirty)' : ''}, ${result.method.loads} loads, CPU ${result.method.cpuThrottling}× throttled, ${result.machine.chromium}.`,
  '',
  '| visit | measure | limit page, ms | rokt-sgtm-bridge, ms | ÷ limit (medians) | ÷ limit (paired median) |',
  '|---|---|--:|--:|--:|--:|',
];
for (const [visit, label] of [
  ['landing', 'landing'],
  ['repeat', 'repeat visit'],
]) {
  for (const [metric, measure] of [
    ['initCpuUs', 'on-CPU'],
    ['initUs', 'wall clock (main thread)'],
  ]) {
    const t = row(visit, metric);
    lines.push(
      `| ${label} | ${measure} | ${cell(t, 'limit')} | ${cell(t, 'ours')} | ${t.ours.ratio} | ${t.ours.pairedRatio.median} |`,
    );
  }
}
lines.push('', `Bundle: ${result.bytes.ours.minified} B minified, ${result.bytes.ours.gzip} B gzip -9.`);
console.log(lines.join('\n'));
