// @vitest-environment node
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { runCli } from './run-command.js';

const dir = mkdtempSync(join(tmpdir(), 'gtm-template-test-'));

/** Writes a server variable template with the given code and scenarios; returns its path. */
function writeTpl(name: string, code: string, scenarios: { name: string; code: string }[]): string {
  const file = join(dir, name);
  const text = [
    '___INFO___',
    '',
    JSON.stringify({ type: 'MACRO', displayName: name, containerContexts: ['SERVER'] }),
    '',
    '',
    '___SANDBOXED_JS_FOR_SERVER___',
    '',
    code,
    '',
    '',
    '___SERVER_PERMISSIONS___',
    '',
    '[]',
    '',
    '',
    '___TESTS___',
    '',
    stringify({ scenarios }),
  ].join('\n');
  writeFileSync(file, text);
  return file;
}

const GOOD = writeTpl('good.tpl', "const makeString = require('makeString');\nreturn makeString(data.n);", [
  { name: 'returns the number as a string', code: "assertThat(runCode({ n: 5 })).isEqualTo('5');" },
  { name: 'returns undefined as a string', code: "assertThat(runCode({})).isEqualTo('undefined');" },
]);
const FAILING = writeTpl('failing.tpl', 'return data.n;', [
  { name: 'passes', code: 'assertThat(runCode({ n: 1 })).isEqualTo(1);' },
  { name: 'fails on its third line', code: 'const x = 1;\nconst y = runCode({ n: 2 });\nassertThat(y).isEqualTo(3);' },
]);
// Line 2 of the code is line 9 of the file (the code section starts on line 8).
const REFUSED = writeTpl('refused.tpl', "const a = 'abc';\nreturn a.startsWith('a');", [
  { name: 'one', code: 'runCode({});' },
  { name: 'two', code: 'runCode({});' },
]);

describe('gtm-template-test', () => {
  test('runs a web template with the web APIs, on the page where GTM runs tests', async () => {
    const file = join(dir, 'web.tpl');
    writeFileSync(
      file,
      [
        '___INFO___',
        '',
        JSON.stringify({ type: 'MACRO', displayName: 'web', containerContexts: ['WEB'] }),
        '',
        '',
        '___SANDBOXED_JS_FOR_WEB_TEMPLATE___',
        '',
        "return require('getUrl')('host');",
        '',
        '',
        '___WEB_PERMISSIONS___',
        '',
        JSON.stringify([
          {
            instance: { key: { publicId: 'get_url' }, param: [{ key: 'urlParts', value: { type: 1, string: 'any' } }] },
          },
        ]),
        '',
        '',
        '___TESTS___',
        '',
        stringify({ scenarios: [{ name: 'host', code: "assertThat(runCode({})).isEqualTo('gtm-msr.appspot.com');" }] }),
      ].join('\n'),
    );
    const { code, stdout } = await runCli([file]);
    expect(stdout).toBe('  PASS host\nweb.tpl: 1 passed, 0 failed\n1 passed, 0 failed\n');
    expect(code).toBe(0);
  });

  test('all scenarios pass: a PASS line each, a line for the template, the closing line, exit 0', async () => {
    const { code, stdout } = await runCli([GOOD]);
    expect(stdout).toBe(
      [
        '  PASS returns the number as a string',
        '  PASS returns undefined as a string',
        'good.tpl: 2 passed, 0 failed',
        '2 passed, 0 failed',
        '',
      ].join('\n'),
    );
    expect(code).toBe(0);
  });

  test('a failing scenario names the assertion and its scenario line; exit 1', async () => {
    const { code, stdout } = await runCli([GOOD, FAILING]);
    expect(stdout).toContain('  FAIL fails on its third line: expected 2 to equal 3 at scenario line 3\n');
    expect(stdout).toContain('failing.tpl: 1 passed, 1 failed\n');
    expect(stdout.endsWith('3 passed, 1 failed\n')).toBe(true);
    expect(code).toBe(1);
  });

  test('a refused template says why with its .tpl line and counts every scenario as failed', async () => {
    const { code, stdout } = await runCli([REFUSED]);
    expect(stdout).toContain(
      "REFUSED refused.tpl: rule stdlib-method at line 2 (.tpl line 9): .startsWith() is not in the sandbox's standard library",
    );
    expect(stdout).toContain('refused.tpl: 0 passed, 2 failed');
    expect(stdout.endsWith('0 passed, 2 failed\n')).toBe(true);
    expect(code).toBe(1);
  });

  test('an unreadable file is refused and counted as one failure', async () => {
    const { code, stdout } = await runCli([join(dir, 'missing.tpl')]);
    expect(stdout).toMatch(/^REFUSED missing\.tpl: ENOENT/);
    expect(stdout.endsWith('0 passed, 1 failed\n')).toBe(true);
    expect(code).toBe(1);
  });

  test('--json reports every template and scenario for CI', async () => {
    const { code, stdout } = await runCli(['--json', FAILING, REFUSED]);
    const report = JSON.parse(stdout);
    expect(report.passed).toBe(1);
    expect(report.failed).toBe(3);
    expect(report.templates.map((t: { file: string }) => t.file)).toEqual([FAILING, REFUSED]);
    expect(report.templates[0].scenarios[1]).toEqual({
      name: 'fails on its third line',
      passed: false,
      error: 'expected 2 to equal 3 at scenario line 3',
    });
    expect(report.templates[1].refused).toMatch(/^rule stdlib-method at line 2 \(\.tpl line 9\)/);
    expect(code).toBe(1);
  });

  test('usage errors exit 2 and say what is wrong', async () => {
    expect((await runCli([])).stderr).toMatch(/no \.tpl file given/);
    const unknown = await runCli(['--fast', GOOD]);
    expect([unknown.code, unknown.stderr.split('\n')[0]]).toEqual([2, 'gtm-template-test: unknown option --fast']);
  });

  test('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: gtm-template-test \[--json\] <file\.tpl>/);
  });

  // npm test builds first; the shipped executable must run on its own (its imports resolve, its exit code is kept).
  test('the built executable runs it: node dist/cli/bin.js', () => {
    const bin = fileURLToPath(new URL('../dist/cli/bin.js', import.meta.url));
    expect(existsSync(bin), `${bin} is missing: run "npm run build" first`).toBe(true);
    const ok = spawnSync(process.execPath, [bin, GOOD], { encoding: 'utf8' });
    expect([ok.status, ok.stdout.endsWith('2 passed, 0 failed\n')]).toEqual([0, true]);
    const failing = spawnSync(process.execPath, [bin, FAILING], { encoding: 'utf8' });
    expect([failing.status, failing.stdout.endsWith('1 passed, 1 failed\n')]).toEqual([1, true]);
  });
});
