// @vitest-environment node
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTpl, runTemplateTests, TemplateRejected } from '../src/index.js';
import { permission, tpl } from './helpers.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ping-tag.tpl', import.meta.url));

/** A variable template whose tests are the given scenarios (name → code), with an optional setup. */
const withTests = (code: string, scenarios: Record<string, string>, setup = '', permissions?: unknown[]) =>
  tpl(code, {
    permissions,
    tests: { setup, scenarios: Object.entries(scenarios).map(([name, c]) => ({ name, code: c })) },
  });

const ECHO = "const getEventData = require('getEventData');\nreturn getEventData('rtid') || data.fallback;";

describe('runTemplateTests', () => {
  test("runs the fixture's scenarios (block scalar and folded string code): all pass", async () => {
    expect(await runTemplateTests(loadTpl(FIXTURE))).toEqual([
      { name: '[Send] posts the ID and succeeds on 2xx', passed: true },
      { name: '[Send] fails on a 500', passed: true },
      { name: '[No ID] fails without a request', passed: true },
    ]);
  });

  test("onScenarioCalls receives each scenario's API calls, mocked ones included, in order", async () => {
    const seen: [string, string[]][] = [];
    await runTemplateTests(
      withTests(ECHO, {
        mocked: "mock('getEventData', 'abc');\nrunCode({});",
        twice: "runCode({});\nrunCode({ fallback: 'f' });",
      }),
      { onScenarioCalls: (name, calls) => seen.push([name, calls.map((c) => `${c.name}(${c.args.join(',')})`)]) },
    );
    expect(seen).toEqual([
      ['mocked', ['getEventData(rtid)']],
      ['twice', ['getEventData(rtid)', 'getEventData(rtid)']],
    ]);
  });

  test('a failing assertion fails the scenario, with the expectation and the scenario line', async () => {
    const [r] = await runTemplateTests(
      withTests(ECHO, {
        wrong: "mock('getEventData', 'abc');\nassertThat(runCode({})).isEqualTo('xyz');",
      }),
    );
    expect(r).toEqual({ name: 'wrong', passed: false, error: 'expected "abc" to equal "xyz" at scenario line 2' });
  });

  test('fail(), assertions inside callLater and inside promise callbacks fail the scenario', async () => {
    const results = await runTemplateTests(
      withTests(ECHO, {
        fail: "fail('stop here');",
        later: "require('callLater')(function () { assertThat(1).isEqualTo(2); });",
        promise:
          "require('Promise').create(function (r) { r(1); }).then(function (v) { assertThat(v).isUndefined(); });",
        caught: 'try { assertThat(true).isFalse(); } catch (e) {}',
      }),
    );
    expect(results.map((r) => [r.name, r.passed, r.error])).toEqual([
      ['fail', false, 'stop here at scenario line 1'],
      ['later', false, 'expected 1 to equal 2 at scenario line 1'],
      ['promise', false, 'expected 1 to be undefined at scenario line 1'],
      ['caught', false, 'expected true to be false at scenario line 1'],
    ]);
  });

  test('setup runs before each scenario in a fresh sandbox: state does not leak between scenarios', async () => {
    const results = await runTemplateTests(
      withTests(
        ECHO,
        {
          first: "mockData.fallback = 'changed';\nassertThat(runCode(mockData)).isEqualTo('changed');",
          second:
            "assertThat(runCode(mockData)).isEqualTo('default');\nassertApi('getEventData').wasCalledWith('rtid');",
        },
        "const mockData = { fallback: 'default' };",
      ),
    );
    expect(results.every((r) => r.passed)).toBe(true);
  });

  test('assertApi: wasCalled / wasNotCalled / wasCalledWith / wasNotCalledWith', async () => {
    const code = "const s = require('sha256Sync');\nreturn s(data.v, { outputEncoding: 'hex' });";
    const results = await runTemplateTests(
      withTests(code, {
        pass: "runCode({ v: 'a' });\nassertApi('sha256Sync').wasCalled();\nassertApi('sha256Sync').wasCalledWith('a', { outputEncoding: 'hex' });\nassertApi('sha256Sync').wasNotCalledWith('b', { outputEncoding: 'hex' });\nassertApi('getEventData').wasNotCalled();",
        failWith: "runCode({ v: 'a' });\nassertApi('sha256Sync').wasCalledWith('a');",
        failNot: "runCode({ v: 'a' });\nassertApi('sha256Sync').wasNotCalled();",
      }),
    );
    expect(results.map((r) => r.passed)).toEqual([true, false, false]);
    expect(results[1]?.error).toContain(
      'expected sha256Sync to have been called with ["a"] (saw ["a",{"outputEncoding":"hex"}])',
    );
  });

  test('assertThat subject methods', async () => {
    const passing = [
      'assertThat({ a: [1, { b: 2 }] }).isEqualTo({ a: [1, { b: 2 }] });',
      'assertThat({ a: 1 }).isNotEqualTo({ a: 2 });',
      "assertThat('abc').contains('b', 'c');",
      'assertThat([1, { x: 1 }]).contains({ x: 1 });',
      'assertThat([1, 2]).containsExactly(2, 1);',
      'assertThat([1, 2]).doesNotContain(3);',
      'assertThat(3).isGreaterThan(2);',
      'assertThat(3).isLessThanOrEqualTo(3);',
      'assertThat(null).isNull();',
      'assertThat(0).isFalsy();',
      "assertThat('x').isString();",
      'assertThat([]).isEmpty();',
      "assertThat('ab').hasLength(2);",
      'var o = {}; assertThat(o).isStrictlyEqualTo(o);',
      'assertThat({}).isNotStrictlyEqualTo({});',
      'assertThat(2).isAnyOf(1, 2);',
      "assertThat(require('makeNumber')('x')).isNaN();",
      'assertThat(undefined).isUndefined();',
    ];
    const failing = [
      'assertThat([1, 2]).containsExactly(1);',
      'assertThat({}).isStrictlyEqualTo({});',
      "assertThat('1').isEqualTo(1);",
      'assertThat(1).isDefined(); assertThat(null).isNotNull();',
    ];
    const scenarios: Record<string, string> = {};
    passing.forEach((c, i) => {
      scenarios[`pass ${i}`] = c;
    });
    failing.forEach((c, i) => {
      scenarios[`fail ${i}`] = c;
    });
    const results = await runTemplateTests(withTests('return 1;', scenarios));
    expect(results.filter((r) => !r.passed).map((r) => r.name)).toEqual(failing.map((_, i) => `fail ${i}`));
  });

  test('mocked APIs skip permission checks; unmocked calls are still checked', async () => {
    const code = "const send = require('sendHttpRequest');\nreturn send('https://not-allowed.test/');";
    const perms = [permission('send_http', { allowedUrls: 'specific', urls: ['https://api.vendor.example/'] })];
    const results = await runTemplateTests(
      withTests(
        code,
        {
          mocked: "mock('sendHttpRequest', 'sent');\nassertThat(runCode({})).isEqualTo('sent');",
          unmocked: 'runCode({});',
        },
        '',
        perms,
      ),
    );
    expect(results[0]).toEqual({ name: 'mocked', passed: true });
    expect(results[1]?.passed).toBe(false);
    expect(results[1]?.error).toMatch(/^rule permission:send_http at line 2: /);
  });

  test('mockObject replaces members of an object API; runCode returns a promise for async variables', async () => {
    const code =
      "const Promise = require('Promise');\nreturn Promise.all([1, 2]).then(function (v) { return v.length; });";
    const results = await runTemplateTests(
      withTests(code, {
        real: 'runCode({}).then(function (n) { assertThat(n).isEqualTo(2); });',
        mocked:
          "mockObject('Promise', { all: function () { return require('Promise').create(function (r) { r([9]); }); } });\nrunCode({}).then(function (n) { assertThat(n).isEqualTo(1); });",
        wrong: 'runCode({}).then(function (n) { assertThat(n).isEqualTo(5); });',
      }),
    );
    expect(results.map((r) => r.passed)).toEqual([true, true, false]);
  });

  test('test code follows the sandbox rules too, reported at the setup or scenario line', async () => {
    const results = await runTemplateTests(
      withTests(
        'return 1;',
        {
          newInScenario: 'var x = 1;\nvar d = new Date();',
          globalInScenario: 'var k = Object.keys({});',
        },
        'var base = 1;',
      ),
    );
    expect(results.map((r) => r.error)).toEqual([
      'rule no-new at scenario line 2: the `new` keyword does not exist in sandboxed JavaScript',
      "rule no-global at scenario line 1: `Object` is not a global in sandboxed JavaScript; use require('Object')",
    ]);
  });

  test('a template breaking a rule rejects the whole test run', async () => {
    await expect(
      runTemplateTests(withTests("return 'a'.startsWith('a');", { any: 'runCode({});' })),
    ).rejects.toBeInstanceOf(TemplateRejected);
  });

  test('an error thrown by the template inside runCode fails the scenario with the template line', async () => {
    const [r] = await runTemplateTests(withTests('var o = null;\nreturn o.x;', { boom: 'runCode({});' }));
    expect(r?.passed).toBe(false);
    expect(r?.error).toMatch(/^uncaught error: Cannot read properties of null .* at line 2$/);
  });
});
