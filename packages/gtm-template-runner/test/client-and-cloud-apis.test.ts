// @vitest-environment node
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { runTemplate, runTemplateTests, TemplateRejected } from '../src/index.js';
import { ALL_PERMISSIONS, permission, tpl } from './helpers.js';

type Options = Partial<Parameters<typeof runTemplate>[1]>;
const CLOUD = [
  ...ALL_PERMISSIONS,
  permission('access_bigquery', {
    allowedTables: [{ projectId: '*', datasetId: '*', tableId: '*', operation: 'write' }],
  }),
  permission('access_firestore'),
  permission('use_google_credentials'),
  permission('use_custom_private_keys'),
  permission('access_response'),
  permission('return_response'),
  permission('run_container'),
  permission('use_message'),
  permission('send_pixel_from_browser'),
];
const run = (code: string, options: Options = {}, permissions = CLOUD) =>
  runTemplate(tpl(code, { permissions }), { data: {}, ...options });
const runClient = (code: string, options: Options = {}) =>
  runTemplate(tpl(code, { permissions: CLOUD, type: 'CLIENT' }), { data: {}, ...options });

describe('BigQuery and Firestore', () => {
  test('BigQuery.insert records the rows per table and resolves; rows that are not objects reject', async () => {
    const r = await run(`const BigQuery = require('BigQuery');
const table = { projectId: 'p', datasetId: 'd', tableId: 't' };
const out = [];
return BigQuery.insert(table, [{ a: 1 }], { ignoreUnknownValues: true })
  .then(function () { out.push('ok'); return BigQuery.insert(table, ['x']); })
  .catch(function (e) { out.push(e.reason); return out; });`);
    expect(r.value).toEqual(['ok', 'BigQuery.insert: every row must be an object']);
    expect(r.bigQuery).toEqual([
      { projectId: 'p', datasetId: 'd', tableId: 't', rows: [{ a: 1 }], options: { ignoreUnknownValues: true } },
    ]);
  });

  test('Firestore write, read, query and a transaction work on the in-memory documents', async () => {
    const firestore: Record<string, Record<string, unknown>> = { 'users/a': { n: 1, tag: 'x' } };
    const r = await run(
      `const Firestore = require('Firestore');
const Promise = require('Promise');
return Firestore.write('users/b', { n: 5, tag: 'x' })
  .then(function (id) {
    return Promise.all([id, Firestore.read('users/a'), Firestore.query('users', [['tag', '==', 'x'], ['n', '>', 2]])]);
  })
  .then(function (all) {
    return Firestore.runTransaction(function (transaction) {
      return Firestore.read('users/a', { transaction: transaction }).then(function (doc) {
        return Firestore.write('users/a', { n: doc.data.n + 1 }, { merge: true, transaction: transaction });
      });
    }).then(function (written) {
      return Firestore.read('nowhere/x').catch(function (e) { return all.concat([written, e.reason]); });
    });
  });`,
      { firestore },
    );
    expect(r.value).toEqual([
      'users/b',
      { id: 'users/a', data: { n: 1, tag: 'x' } },
      [{ id: 'users/b', data: { n: 5, tag: 'x' } }],
      ['users/a'],
      'Firestore.read: no document at "nowhere/x"',
    ]);
    expect(firestore['users/a']).toEqual({ n: 2, tag: 'x' });
  });

  test('Firestore: a path may not start or end with "/"; a query returns at most 5 documents unless told', async () => {
    const firestore = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((i) => [`c/d${i}`, { i }]));
    const r = await run(
      `const Firestore = require('Firestore');
return Firestore.query('c', []).then(function (five) {
  return Firestore.query('c', [], { limit: 6 }).then(function (six) {
    return Firestore.read('/c/d1').catch(function (e) { return [five.length, six.length, e.reason]; });
  });
});`,
      { firestore },
    );
    expect(r.value).toEqual([5, 6, 'Firestore.read: the path must not be empty or start or end with "/": "/c/d1"']);
  });

  test('access_bigquery allows only the tables it lists (`*` a wildcard)', async () => {
    const only = [
      ...ALL_PERMISSIONS,
      permission('access_bigquery', {
        allowedTables: [{ projectId: 'p', datasetId: 'logs', tableId: '*', operation: 'write' }],
      }),
    ];
    const insert = (dataset: string) =>
      run(
        `return require('BigQuery').insert({ projectId: 'p', datasetId: '${dataset}', tableId: 't' }, [{}]);`,
        {},
        only,
      );
    expect((await insert('logs')).bigQuery).toHaveLength(1);
    const e = await insert('other').catch((x: unknown) => x);
    expect((e as TemplateRejected).rule).toBe('permission:access_bigquery');
  });

  test('each needs its permission: without access_bigquery, insert is refused', async () => {
    const e = await run(
      "require('BigQuery').insert({ datasetId: 'd', tableId: 't' }, [{}]);",
      {},
      ALL_PERMISSIONS,
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TemplateRejected);
    expect((e as TemplateRejected).rule).toBe('permission:access_bigquery');
  });
});

describe('credentials', () => {
  test('hmacSha256 signs with the base64 key of the key file, base64url by default, hex on request', async () => {
    const key = Buffer.from('secret').toString('base64');
    const r = await run(
      "const h = require('hmacSha256');\nreturn [h('data', 'k1'), h('data', 'k1', { outputEncoding: 'hex' })];",
      {
        privateKeys: { k1: key },
      },
    );
    const mac = () => createHmac('sha256', 'secret').update('data');
    expect(r.value).toEqual([mac().digest('base64url'), mac().digest('hex')]);
  });

  test('getGoogleAuth gives an opaque credential naming its scopes', async () => {
    const r = await run("return require('getGoogleAuth')({ scopes: ['https://www.googleapis.com/auth/datastore'] });");
    expect(r.value).toEqual({ scopes: ['https://www.googleapis.com/auth/datastore'] });
  });
});

describe('client APIs: request, response, container', () => {
  const request = {
    method: 'post',
    path: '/g/collect',
    queryString: 'v=2&tid=G-1&cid=7.8&en=page_view&ep.rtid=abc&x=1&x=2',
    body: 'en=purchase&epn.value=12.5\nen=scroll',
    remoteAddress: '203.0.113.9',
  };

  test('the request getters read the request given to the run', async () => {
    const r = await run(
      `return [require('getRequestMethod')(), require('getRequestPath')(), require('getRequestQueryParameter')('x'),
  require('getRequestQueryParameters')().x, require('getRequestQueryString')(), require('getRemoteAddress')(),
  require('isRequestMpv2')(), require('isRequestMpv1')(), require('getClientName')()];`,
      { request, clientName: 'GA4' },
    );
    expect(r.value).toEqual([
      'POST',
      '/g/collect',
      '1',
      ['1', '2'],
      request.queryString,
      '203.0.113.9',
      true,
      false,
      'GA4',
    ]);
  });

  test('extractEventsFromMpv2 gives one event per body line, sharing the query parameters', async () => {
    const r = await run("return require('extractEventsFromMpv2')();", {
      request,
      requestHeaders: { 'User-Agent': 'UA/1' },
    });
    const events = r.value as Record<string, unknown>[];
    expect(events.map((e) => [e.event_name, e.client_id, e.rtid, e.value, e.user_agent, e.ip_override])).toEqual([
      ['purchase', '7.8', 'abc', 12.5, 'UA/1', '203.0.113.9'],
      ['scroll', '7.8', 'abc', undefined, 'UA/1', '203.0.113.9'],
    ]);
  });

  test('extractEventsFromMpv1 names the event after the hit type and keeps UA parameters under x-ga-mp1-', async () => {
    const r = await run("return require('extractEventsFromMpv1')();", {
      request: { path: '/collect', queryString: 'v=1&t=pageview&cid=5.6&dl=https%3A%2F%2Fshop.test%2Fp&ni=1' },
    });
    expect(r.value).toEqual([
      expect.objectContaining({
        event_name: 'page_view',
        client_id: '5.6',
        page_location: 'https://shop.test/p',
        'x-ga-mp1-t': 'pageview',
        'x-ga-mp1-ni': '1',
      }),
    ]);
  });

  test('a client claims, runs the container, writes and returns the response', async () => {
    const r = await runClient(
      `require('claimRequest')();
const log = [];
require('runContainer')({ event_name: 'x' }, function () {
  require('setResponseStatus')(204);
  require('setResponseHeader')('X-Served-By', 'sgtm');
  require('setResponseHeader')('x-gone', 'soon');
  require('setResponseHeader')('X-Gone', null);
  require('setResponseBody')('done');
  require('returnResponse')();
  log.push('complete');
}, function () { log.push('start'); });
log.push('after runContainer');
return log;`,
    );
    // onStart runs before runContainer returns, onComplete after the current code.
    expect(r.value).toEqual(['start', 'after runContainer', 'complete']);
    expect(r.events).toEqual([{ event_name: 'x' }]);
    expect(r.response).toEqual({
      claimed: true,
      returned: true,
      statusCode: 204,
      headers: { 'x-served-by': 'sgtm' },
      body: 'done',
    });
  });

  test('setPixelResponse answers with a 1x1 GIF', async () => {
    const r = await run(
      "require('setPixelResponse')(); require('returnResponse')();\nreturn require('sendPixelFromBrowser')('https://px.example.test/');",
    );
    expect(r.value).toBe(false); // the response was already flushed
    expect(r.response.headers['content-type']).toBe('image/gif');
    expect(Buffer.from(r.response.body, 'latin1').subarray(0, 6).toString()).toBe('GIF89a');
  });

  test('sendEventToGoogleAnalytics, sendPixelFromBrowser and the message APIs are recorded and delivered', async () => {
    const r = await run(`const got = [];
require('addMessageListener')('ping', function (type, message) { got.push(type + ':' + message.n); });
require('sendMessage')('ping', { n: 1 });
require('sendMessage')('ping', 'not an object');
require('sendPixelFromBrowser')('https://px.example.test/p?x=1');
return require('sendEventToGoogleAnalytics')({ event_name: 'e' }).then(function () {
  return got.concat([require('hasMessageListener')('ping'), require('hasMessageListener')('pong')]);
});`);
    expect(r.value).toEqual(['ping:1', true, false]);
    expect(r.analytics).toEqual([{ event_name: 'e' }]);
    expect(r.pixels).toEqual(['https://px.example.test/p?x=1']);
  });

  test('claimRequest throws in a tag or variable; getRequestBody is undefined without a body', async () => {
    const r = await run("const body = require('getRequestBody')();\nrequire('claimRequest')();\nreturn body;");
    expect(r.value).toBeUndefined();
    expect(r.errors).toEqual(['uncaught error: claimRequest: only a client can claim the request at line 2']);
  });

  test('getRemoteAddress reads Forwarded, then X-Forwarded-For, then the connection', async () => {
    const code = "return require('getRemoteAddress')();";
    const request = { remoteAddress: '10.0.0.1' };
    expect((await run(code, { request })).value).toBe('10.0.0.1');
    const xff = { 'X-Forwarded-For': '198.51.100.7, 10.0.0.2' };
    expect((await run(code, { request, requestHeaders: xff })).value).toBe('198.51.100.7');
    const both = { ...xff, Forwarded: 'for="[2001:db8::1]";proto=https' };
    expect((await run(code, { request, requestHeaders: both })).value).toBe('2001:db8::1');
  });

  test('getGoogleScript rejects offline like a failed request', async () => {
    const r = await run("return require('getGoogleScript')('GTAG', { id: 'G-1' }).catch(function (e) { return e; });");
    expect(r.value).toEqual({ reason: 'failed' });
  });

  test('computeEffectiveTldPlusOne gives the registrable domain', async () => {
    const r = await run(`const e = require('computeEffectiveTldPlusOne');
return [e('www.shop.example.com'), e('https://checkout.shop.co.uk/x'), e('example.com'), e('localhost'), e('10.0.0.1'),
  e(undefined)];`);
    expect(r.value).toEqual(['example.com', 'shop.co.uk', 'example.com', '', '', undefined]);
  });
});

describe('GTM-accepted code that the runner used to refuse', () => {
  test('.hasOwnProperty() is in the sandbox (published templates call it); other Object methods stay refused', async () => {
    const r = await run("const o = { a: 1 };\nreturn [o.hasOwnProperty('a'), o.hasOwnProperty('b')];");
    expect(r.value).toEqual([true, false]);
    const e = await run('const o = { a: 1 };\nreturn o.propertyIsEnumerable("a");').catch((x: unknown) => x);
    expect((e as TemplateRejected).rule).toBe('stdlib-method');
  });

  test('mock() turns an object API into a function, as published tests rely on (BigQuery)', async () => {
    const t = tpl(
      `const getType = require('getType');
const BigQuery = require('BigQuery');
const bq = getType(BigQuery) === 'function' ? BigQuery() : BigQuery;
bq.insert({ datasetId: 'd', tableId: 't' }, [{ a: 1 }]);
return getType(BigQuery);`,
      {
        permissions: CLOUD,
        tests: {
          setup: '',
          scenarios: [
            {
              name: 'mocked',
              code: `let rows;
mock('BigQuery', function () { return { insert: function (info, r) { rows = r; } }; });
assertThat(runCode({})).isEqualTo('function');
assertThat(rows).isEqualTo([{ a: 1 }]);
assertApi('BigQuery').wasCalled();`,
            },
            { name: 'real', code: "assertThat(runCode({})).isEqualTo('object');" },
          ],
        },
      },
    );
    expect(await runTemplateTests(t)).toEqual([
      { name: 'mocked', passed: true },
      { name: 'real', passed: true },
    ]);
  });

  test("in GTM's test environment an absent request header reads as '' (outside tests: undefined)", async () => {
    const code = "const h = require('getRequestHeader')('trace-id');\nreturn require('getType')(h);";
    expect((await run(code)).value).toBe('undefined');
    const t = tpl(code, {
      tests: { setup: '', scenarios: [{ name: 'header', code: "assertThat(runCode({})).isEqualTo('string');" }] },
    });
    expect(await runTemplateTests(t)).toEqual([{ name: 'header', passed: true }]);
  });
});
