// Writes the README's size and speed sentence (between `<!-- bench:begin … -->` and `<!-- bench:end -->`) from the
// benchmark's committed results, bench/results/latest.json. Run it after a full `npm run bench`:
//   node scripts/readme-figures.mjs
// test/docs checks that the README holds exactly this sentence.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The block between the markers. */
export const BENCH_BLOCK = /(<!-- bench:begin[^>]*-->\n)([\s\S]*?)(\n<!-- bench:end -->)/;

/** The README's size and speed sentence, written from the benchmark's results. */
export function benchSentence(results) {
  const n = (value) => value.toLocaleString('en-US');
  const landing = results.timing.find((row) => row.visit === 'landing' && row.metric === 'initUs');
  const { minified, gzip, brotli } = results.bytes.ours;
  return (
    `From \`npm run bench\` (bench/results/latest.json, run of ${results.date.slice(0, 10)}, bundle built from commit ` +
    `${results.source.commit}): \`dist/rokt-sgtm-bridge.min.js\` is ${n(minified)} bytes minified, ${n(gzip)} bytes gzip, ` +
    `${n(brotli)} bytes brotli; on landing its main-thread cost is ${landing.ours.ratio}× that of a page doing only the ` +
    `irreducible work (Meta's param builder: ${landing.meta.ratio}×), and the identity reaches the dataLayer in the ` +
    `script's own task in ${results.sameTask.landing.ours} landing loads.`
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = JSON.parse(readFileSync('bench/results/latest.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  if (!BENCH_BLOCK.test(readme)) throw new Error('README.md has no <!-- bench:begin --> … <!-- bench:end --> block');
  writeFileSync(
    'README.md',
    readme.replace(BENCH_BLOCK, (_all, head, _old, tail) => head + benchSentence(results) + tail),
  );
  console.log('README.md: size and speed sentence written from bench/results/latest.json');
}
