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

// Plain output for the logs. NO_COLOR alone: Node warns when NO_COLOR and FORCE_COLOR are both set.
const { FORCE_COLOR: _forceColor, ...inherited } = process.env;
const env = { ...inherited, NO_COLOR: '1' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status;
const bin = (name) => `node_modules/.bin/${name}`;

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports');

// A step that exits non-zero without a failed test to show for it (a test file that cannot even load, a runner that
// crashed) must still fail the run: it is counted as broken, and the closing line says so.
const problems = [];
if (run(bin('rollup'), ['-c', '--silent']) !== 0) problems.push('the build failed');
const vitestStatus = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=reports/vitest.json',
]);
const playwrightStatus = run(bin('playwright'), ['test']);

let passed = 0;
let failed = 0;
const report = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const vitest = report('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file that throws while loading fails its suite with no test inside it.
  const unloaded = vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  if (unloaded.length) problems.push(`${unloaded.length} vitest file(s) failed to load`);
} else problems.push('vitest wrote no report');
if (vitestStatus !== 0 && !failed && !problems.length) problems.push(`vitest exited with ${vitestStatus}`);
const playwright = report('reports/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  if (playwright.errors?.length)
    problems.push(`Playwright reported ${playwright.errors.length} error(s) outside tests`);
} else problems.push('Playwright wrote no report');
if (playwrightStatus !== 0 && !playwright?.stats.unexpected && !problems.length) {
  problems.push(`Playwright exited with ${playwrightStatus}`);
}

for (const problem of problems) console.log(`not counted as a test, but a failure: ${problem}`);
console.log(`${passed} passed, ${failed + problems.length} failed`);
process.exit(failed || problems.length ? 1 : 0);
