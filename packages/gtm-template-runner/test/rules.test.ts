// @vitest-environment node
import { describe, expect, test } from 'vitest';
import { runTemplate, TemplateRejected, type Tpl } from '../src/index.js';
import { urlMatches } from '../src/permissions.js';
import { permission, tpl } from './helpers.js';

/** Runs the code and returns the rejection it must cause. */
async function rejection(t: Tpl, options: Parameters<typeof runTemplate>[1] = { data: {} }): Promise<TemplateRejected> {
  const error = await runTemplate(t, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TemplateRejected);
  return error as TemplateRejected;
}

// Each template breaks one rule on its line 2 (line 1 is a harmless statement).
const SYNTAX_CASES: [rule: string, line2: string][] = [
  ['no-new', 'var d = new Date();'],
  ['no-this', 'var f = function () { return this; };'],
  ['no-class', 'class A {}'],
  ['no-regex-literal', "var ok = /^a+$/.test('aa');"],
  ['no-template-literal', 'var s = `x${1}`;'],
  ['no-spread', 'var a = [].concat([...[1, 2]]);'],
  ['no-rest', 'var f = function (a, ...rest) { return rest; };'],
  ['no-destructuring', 'var { a } = { a: 1 };'],
  ['no-default-parameter', 'var f = function (a = 1) { return a; };'],
  ['no-for-of', 'for (var x of [1]) { x; }'],
  ['no-async', 'var f = async function () {};'],
  ['no-async', 'var f = async () => 1;'],
  ['no-generator', 'var f = function* () {};'],
  ['no-getter-setter', 'var o = { get a() { return 1; } };'],
  ['no-method-shorthand', 'var o = { f() { return 1; } };'],
  ['no-property-shorthand', 'var a = 1; var o = { a };'],
  ['no-computed-key', "var o = { ['k']: 1 };"],
  ['no-optional-chaining', 'var o = {}; var v = o?.a;'],
  ['no-nullish-coalescing', 'var v = null ?? 1;'],
  ['no-exponent-operator', 'var v = 2 ** 3;'],
  ['no-delete', 'var o = { a: 1 }; delete o.a;'],
  ['stdlib-method', "var ok = 'abc'.startsWith('a');"],
  ['stdlib-method', "var ok = ['a'].includes('a');"],
  ['stdlib-method', 'var v = [1].find(function (x) { return x; });'],
  ['stdlib-method', "var v = 'a'.padStart(3, '0');"],
  ['stdlib-method', 'var v = (1.5).toFixed(1);'],
  ['no-global', 'var k = Object.keys({ a: 1 });'],
  ['no-global', 'var n = parseInt("1", 10);'],
  ['no-global', 'var j = JSON.stringify({});'],
  ['unknown-api', "var x = require('isConsentGranted');"],
  ['require-literal', "var name = 'JSON'; var x = require(name);"],
  ['syntax', 'var = 1;'],
];

describe('static rules: each breach is rejected with the rule and the line', () => {
  test.each(SYNTAX_CASES)('%s: %s', async (rule, line2) => {
    const e = await rejection(tpl(`var first = 1;\n${line2}\nreturn first;`));
    expect(e.rule).toBe(rule);
    expect(e.line).toBe(2);
    expect(e.message).toMatch(new RegExp(`^rule ${rule} at line 2\\b`));
  });

  test('allowed ES6 subset passes: arrows, const/let, for…in, try/catch, allowed methods', async () => {
    const code = [
      "const Object = require('Object');",
      'let total = 0;',
      'const add = (a, b) => a + b;',
      'for (const k in { a: 1, b: 2 }) total = add(total, k.length);',
      "const parts = ' A,b '.trim().toLowerCase().split(',').map((p) => p.toUpperCase());",
      'try { total += parts.length; } catch (e) { total = -1; }',
      "return [total, parts.join('-'), Object.keys({ x: 1 }).concat(['y']).indexOf('y'), (12).toString()];",
    ].join('\n');
    expect((await runTemplate(tpl(code), { data: {} })).value).toEqual([4, 'A-B', 1, '12']);
  });

  test("a method of the code's own object with a built-in name is not a breach", async () => {
    const code = "var helpers = { find: function (x) { return x + '!'; } };\nreturn helpers.find('a');";
    expect((await runTemplate(tpl(code), { data: {} })).value).toBe('a!');
  });

  test('the message names the .tpl line when the code comes from a file', async () => {
    const t = { ...tpl('var a = 1;\nvar b = new Date();'), codeStartLine: 40 };
    const e = await rejection(t);
    expect(e.message).toBe(
      'rule no-new at line 2 (.tpl line 41): the `new` keyword does not exist in sandboxed JavaScript',
    );
  });
});

describe('run-time standard-library guard', () => {
  test('a missing method reached dynamically throws with the rule and the line', async () => {
    const e = await rejection(tpl("var s = 'abc';\nvar name = 'starts' + 'With';\nreturn s[name]('a');"));
    expect(e.rule).toBe('stdlib-method');
    expect(e.line).toBe(3);
    expect(e.message).toContain('String.prototype.startsWith()');
  });

  test('arrays from event data are sandbox arrays too', async () => {
    const code =
      "const getEventData = require('getEventData');\nconst items = getEventData('items');\nconst m = 'includes';\nreturn items[m]('a');";
    const e = await rejection(tpl(code), { data: {}, eventData: { items: ['a'] } });
    expect([e.rule, e.line]).toEqual(['stdlib-method', 4]);
  });

  test('catching the exception does not hide the breach', async () => {
    const code = "var m = 'endsWith';\ntry { 'abc'[m]('c'); } catch (e) {}\nreturn 1;";
    const e = await rejection(tpl(code));
    expect([e.rule, e.line]).toEqual(['stdlib-method', 2]);
  });

  test('host globals are gone at run time as well', async () => {
    const code =
      "var name = 'x';\nreturn typeof structuredClone + typeof Uint8Array + typeof WebAssembly + typeof require;";
    expect((await runTemplate(tpl(code), { data: {} })).value).toBe('undefinedundefinedundefinedfunction');
  });
});

describe('permissions', () => {
  const sendTo = (url: string) =>
    `const sendHttpRequest = require('sendHttpRequest');\nsendHttpRequest('${url}', { method: 'POST' }, '{}');\nreturn 1;`;
  const onlyVendor = [
    permission('send_http', {
      allowedUrls: 'specific',
      urls: ['https://api.vendor.example/v2/', 'https://*.vendor.example/api/'],
    }),
  ];

  test('send_http: URL outside the declared patterns is refused before any request', async () => {
    const sent: string[] = [];
    const fetch = async (r: { url: string }) => {
      sent.push(r.url);
      return { statusCode: 200 };
    };
    const e = await rejection(tpl(sendTo('https://evil.example/v2/events'), { permissions: onlyVendor }), {
      data: {},
      fetch,
    });
    expect([e.rule, e.line]).toEqual(['permission:send_http', 2]);
    expect(sent).toEqual([]);
  });

  test('send_http: path prefix and sub-domain wildcard patterns allow matching URLs', async () => {
    const fetch = async () => ({ statusCode: 200 });
    for (const url of ['https://api.vendor.example/v2/events', 'https://apps.vendor.example/api/conv?id=1']) {
      const r = await runTemplate(tpl(sendTo(url), { permissions: onlyVendor }), { data: {}, fetch });
      expect(r.requests.map((q) => q.url)).toEqual([url]);
    }
    for (const url of [
      'http://api.vendor.example/v2/events',
      'https://api.vendor.example/v1/events',
      'https://vendor.example.evil.test/api/',
    ]) {
      expect((await rejection(tpl(sendTo(url), { permissions: onlyVendor }), { data: {}, fetch })).rule).toBe(
        'permission:send_http',
      );
    }
  });

  // The stricter reading wherever GTM's documentation is silent (README.md, "URL patterns").
  test.each([
    // A URL with a query string: only a pattern ending in / (or *) allows it, never the bare path.
    ['https://apps.vendor.example/api/conv', 'https://apps.vendor.example/api/conv?id=abc', false],
    ['https://apps.vendor.example/api/', 'https://apps.vendor.example/api/conv?id=abc', true],
    ['https://apps.vendor.example/api/conv*', 'https://apps.vendor.example/api/conv?id=abc', true],
    ['https://graph.facebook.com/', 'https://graph.facebook.com/v24.0/1/events?access_token=t', true],
    // An exact path is exact: no longer path, no fragment.
    ['https://apps.vendor.example/api/conv', 'https://apps.vendor.example/api/conv', true],
    ['https://apps.vendor.example/api/conv', 'https://apps.vendor.example/api/conversion', false],
    ['https://apps.vendor.example/api/conv', 'https://apps.vendor.example/api/conv#x', false],
    ['https://api.vendor.example/v2/', 'https://api.vendor.example/v2', false],
    // Hosts: exact, case-insensitive; *. means a sub-domain only.
    ['https://API.vendor.example/v2/', 'https://api.VENDOR.example/v2/events', true],
    ['https://*.vendor.example/', 'https://apps.vendor.example/x', true],
    ['https://*.vendor.example/', 'https://vendor.example/x', false],
    ['https://*.vendor.example/', 'https://evilvendor.example/x', false],
    ['https://api.vendor.example/', 'https://api.vendor.example.evil.test/', false],
    // Scheme, port, credentials, malformed patterns.
    ['https://api.vendor.example/', 'http://api.vendor.example/', false],
    ['http://api.vendor.example/', 'http://api.vendor.example/', false],
    ['https://api.vendor.example/', 'https://api.vendor.example:8443/', false],
    ['https://api.vendor.example:8443/', 'https://api.vendor.example:8443/v2', true],
    ['https://api.vendor.example/', 'https://user:pw@api.vendor.example/', false],
    ['https://api.vendor.example', 'https://api.vendor.example/', true],
    ['https://api.vendor.example', 'https://api.vendor.example/v2/events', false],
    ['api.vendor.example/', 'https://api.vendor.example/', false],
  ])('urlMatches(%s, %s) is %s', (pattern, url, expected) => {
    expect(urlMatches(pattern, url)).toBe(expected);
  });

  test('get_cookies: only the named cookies', async () => {
    const perms = [permission('get_cookies', { cookieAccess: 'specific', cookieNames: ['VendorClickId'] })];
    const code = (name: string) =>
      `const getCookieValues = require('getCookieValues');\nreturn getCookieValues('${name}');`;
    const cookies = { VendorClickId: 'a', _ga: 'b' };
    expect(
      (await runTemplate(tpl(code('VendorClickId'), { permissions: perms }), { data: {}, cookies })).value,
    ).toEqual(['a']);
    expect((await rejection(tpl(code('_ga'), { permissions: perms }), { data: {}, cookies })).rule).toBe(
      'permission:get_cookies',
    );
  });

  test('read_event_data: specific keys allow the key and its sub-paths; getAllEventData needs "any"', async () => {
    const perms = [permission('read_event_data', { eventDataAccess: 'specific', keyPatterns: ['rtid', 'user_data'] })];
    const read = (expr: string) =>
      tpl(
        `const getEventData = require('getEventData');\nconst getAllEventData = require('getAllEventData');\nreturn ${expr};`,
        { permissions: perms },
      );
    const eventData = { rtid: 'r', user_data: { email: 'e' }, value: 3 };
    expect(
      (await runTemplate(read("[getEventData('rtid'), getEventData('user_data.email')]"), { data: {}, eventData }))
        .value,
    ).toEqual(['r', 'e']);
    expect((await rejection(read("getEventData('value')"), { data: {}, eventData })).rule).toBe(
      'permission:read_event_data',
    );
    expect((await rejection(read('getAllEventData()'), { data: {}, eventData })).rule).toBe(
      'permission:read_event_data',
    );
  });

  test('an API without its permission declared is refused; logging "debug" is silent outside debug mode', async () => {
    const code = "const logToConsole = require('logToConsole');\nlogToConsole('hello');\nreturn 1;";
    expect((await rejection(tpl(code, { permissions: [] }))).rule).toBe('permission:logging');
    const debugOnly = [permission('logging', { environments: 'debug' })];
    expect((await runTemplate(tpl(code, { permissions: debugOnly }), { data: {} })).logs).toEqual([]);
    expect(
      (await runTemplate(tpl(code, { permissions: debugOnly }), { data: {}, containerVersion: { debugMode: true } }))
        .logs,
    ).toEqual(['hello']);
  });

  test('read_request: header allow-list is case-insensitive', async () => {
    const perms = [
      permission('read_request', {
        requestAccess: 'specific',
        headerAccess: 'specific',
        headersAllowed: true,
        headerWhitelist: [{ headerName: 'user-agent' }],
      }),
    ];
    const code = (h: string) =>
      `const getRequestHeader = require('getRequestHeader');\nreturn getRequestHeader('${h}');`;
    const requestHeaders = { 'User-Agent': 'UA', Cookie: 'x=1' };
    expect(
      (await runTemplate(tpl(code('USER-AGENT'), { permissions: perms }), { data: {}, requestHeaders })).value,
    ).toBe('UA');
    expect((await rejection(tpl(code('cookie'), { permissions: perms }), { data: {}, requestHeaders })).rule).toBe(
      'permission:read_request',
    );
  });
});
