// `npm test`: build, then every suite (vitest: unit + template, and the runner package's own project; Playwright:
// end-to-end, including the journey in Chromium, Firefox and WebKit), then one plain closing line "N passed, N failed, N skipped" summing them all. Each
// suite runs even when an earlier one failed, so the closing line always reports everything; the exit code is non-zero if anything failed or a suite did not report.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

// The end-to-end suite needs Debian's browsers (Playwright cannot download its own on this network): Chromium, and for
// the multi-engine journey Firefox ESR, WebKitGTK's MiniBrowser with WebKitWebDriver, and Xvfb for WebKit's display.
// On a fresh machine of the project's kind (Debian, root, apt), install the missing ones, so that `npm test` alone
// passes. Elsewhere a missing engine is skipped by the suite and reported below, never counted as passed.
const browserPackages = [
  [process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', 'chromium'],
  [process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr', 'firefox-esr'],
  [process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'],
  ['/usr/bin/Xvfb', 'xvfb'],
];
const missingPackages = browserPackages.filter(([path]) => !existsSync(path)).map(([, name]) => name);
if (missingPackages.length && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
  console.log(`installing Debian's ${missingPackages.join(', ')} (apt-get)…`);
  spawnSync(
    'sh',
    [
      '-c',
      `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missingPackages.join(' ')} >/dev/null`,
    ],
    { stdio: 'inherit' },
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
// The runner package's own build first (its command's tests and the tarball test run its dist/), then the bridge's.
if (run('npm', ['run', 'build', '--silent', '--workspace', 'gtm-template-runner']) !== 0) {
  problems.push("the runner package's build failed");
}
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
let skipped = 0;
const report = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const vitest = report('reports/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  // A file that throws while loading fails its suite with no test inside it.
  const unloaded = vitest.testResults.filter((file) => file.status === 'failed' && file.assertionResults.length === 0);
  if (unloaded.length) problems.push(`${unloaded.length} vitest file(s) failed to load`);
} else problems.push('vitest wrote no report');
if (vitestStatus !== 0 && !failed && !problems.length) problems.push(`vitest exited with ${vitestStatus}`);
const playwright = report('reports/playwright.json');
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
  if (playwright.errors?.length)
    problems.push(`Playwright reported ${playwright.errors.length} error(s) outside tests`);
} else problems.push('Playwright wrote no report');
if (playwrightStatus !== 0 && !playwright?.stats.unexpected && !problems.length) {
  problems.push(`Playwright exited with ${playwrightStatus}`);
}

// Each engine's share of the end-to-end count, and every reason a test was skipped (a missing browser above all),
// loudly, just before the closing line.
const engines = new Map();
const skipReasons = new Map();
const walk = (suite, engine) => {
  const here = suite.file?.startsWith('engines/') && ['chromium', 'firefox', 'webkit'].includes(suite.title);
  for (const child of suite.suites ?? []) walk(child, here ? suite.title : engine);
  for (const test of (suite.specs ?? []).flatMap((spec) => spec.tests)) {
    const name = here ? suite.title : engine;
    if (name) {
      const counts = engines.get(name) ?? { passed: 0, failed: 0, skipped: 0 };
      const outcome = { expected: 'passed', flaky: 'passed', unexpected: 'failed', skipped: 'skipped' }[test.status];
      counts[outcome] += 1;
      engines.set(name, counts);
    }
    if (test.status !== 'skipped') continue;
    const reason =
      test.annotations.find((annotation) => annotation.type === 'skip')?.description ??
      'did not run (a hook of their group failed, see above)';
    skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
  }
};
for (const suite of playwright?.suites ?? []) walk(suite, undefined);
for (const [name, counts] of engines) {
  console.log(`${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
}
for (const [reason, count] of skipReasons)
  console.log(`!!! SKIPPED, NOT PASSED: ${count} end-to-end test(s): ${reason}`);

for (const problem of problems) console.log(`not counted as a test, but a failure: ${problem}`);
console.log(`${passed} passed, ${failed + problems.length} failed, ${skipped} skipped`);
process.exit(failed || problems.length ? 1 : 0);
