// `npm test`: build, then every suite (vitest: unit + template + runner; Playwright: end-to-end), then one plain
// closing line "N passed, N failed" summing them all. Each suite runs even when an earlier one failed, so the
// closing line always reports everything; the exit code is non-zero if anything failed or a suite did not report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// The end-to-end suite needs Debian's Chromium (Playwright cannot download its own browsers on this network). On a
// fresh machine of the project's kind (Debian, root, apt), install it, so that `npm test` alone passes.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium) && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log(`${chromium} is missing: installing Debian's chromium (apt-get)…`);
  spawnSync(
    'sh',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null'],
    {
      stdio: 'inherit',
    },
  );
}

const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status;
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports');

let broken = 0;
if (run(bin('rollup'), ['-c', '--silent']) !== 0) broken++;

run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']);
run(bin('playwright'), ['test']);

let passed = 0;
let failed = 0;
const report = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const vitest = report('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
} else broken++;
const playwright = report('reports/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
} else broken++;

if (broken) console.log(`${broken} step(s) did not report (build failed or a runner crashed)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || broken ? 1 : 0);
