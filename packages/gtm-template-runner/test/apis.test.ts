// @vitest-environment node
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { type HttpRequestRecord, type HttpResponse, runTemplate } from '../src/index.js';
import { tpl } from './helpers.js';

const run = (code: string, options: Partial<Parameters<typeof runTemplate>[1]> = {}, type: 'TAG' | 'MACRO' = 'MACRO') =>
  runTemplate(tpl(code, { type }), { data: {}, ...options });

describe('event data', () => {
  const eventData = { user_data: { email: 'a@b.c', address: [{ city: 'X' }] }, items: [{ price: 5 }], value: 0 };

  test('getEventData follows dotted paths through objects and array indices', async () => {
    const r = await run(
      `const g = require('getEventData');
return [g('user_data.email'), g('user_data.address.0.city'), g('items.0.price'), g('value'), g('nope.deeper'), g('items.7')];`,
      { eventData },
    );
    expect(r.value).toEqual(['a@b.c', 'X', 5, 0, undefined, undefined]);
  });

  test('getEventData and getAllEventData return copies: changing them changes nothing for the next read', async () => {
    const r = await run(
      `const g = require('getEventData');
const all = require('getAllEventData');
const ud = g('user_data'); ud.email = 'changed';
const everything = all(); everything.value = 99;
return [g('user_data.email'), all().value];`,
      { eventData },
    );
    expect(r.value).toEqual(['a@b.c', 0]);
    expect(eventData.user_data.email).toBe('a@b.c');
  });
});

describe('cookies', () => {
  const code =
    "const c = require('getCookieValues');\nreturn [c('VendorClickId'), c('VendorClickId', true), c('missing')];";

  test('getCookieValues returns every value, URI-decoded unless noDecode is true', async () => {
    const r = await run(code, { cookies: { VendorClickId: ['a%2Fb', 'x%7Ey'] } });
    expect(r.value).toEqual([['a/b', 'x~y'], ['a%2Fb', 'x%7Ey'], []]);
  });

  test('cookies also come from the Cookie request header', async () => {
    const r = await run(code, { requestHeaders: { cookie: '_ga=1; VendorClickId=r%201' } });
    expect(r.value).toEqual([['r 1'], ['r%201'], []]);
  });
});

describe('hashing and encoding', () => {
  const sha = (s: string, enc: 'hex' | 'base64') => createHash('sha256').update(s).digest(enc);

  test('sha256Sync defaults to base64 and gives hex on {outputEncoding: "hex"}', async () => {
    const r = await run(
      "const h = require('sha256Sync');\nreturn [h('a@b.c'), h('a@b.c', { outputEncoding: 'hex' })];",
    );
    expect(r.value).toEqual([sha('a@b.c', 'base64'), sha('a@b.c', 'hex')]);
    expect((r.value as string[])[0]).toHaveLength(44);
  });

  test('sha256 (callback form) calls back asynchronously with the digest', async () => {
    const r = await run(`const sha256 = require('sha256');
const out = [];
sha256('x', function (d) { out.push(d); }, { outputEncoding: 'hex' });
out.push('sync');
const Promise = require('Promise');
return Promise.create(function (resolve) { require('callLater')(function () { resolve(out); }); });`);
    expect(r.value).toEqual(['sync', sha('x', 'hex')]);
  });

  test('JSON.parse gives undefined on bad input instead of throwing; stringify gives undefined on cycles', async () => {
    const r = await run(`const JSON = require('JSON');
const o = { a: 1 }; o.self = o;
return [JSON.parse('{"a":[1,2]}'), JSON.parse('{bad'), JSON.parse(undefined), JSON.stringify(o)];`);
    expect(r.value).toEqual([{ a: [1, 2] }, undefined, undefined, undefined]);
  });

  test('coercions, getType, URI and base64 helpers', async () => {
    const r = await run(`const t = require('getType');
return [t(null), t([]), t({}), t('s'), t(1), t(true), t(undefined), t(function () {}),
  require('makeString')(12.5), require('makeNumber')('7.25'), require('makeInteger')('7.9'), require('makeNumber')('x'),
  require('encodeUriComponent')('a b/ü'), require('decodeUriComponent')('%E0%A4%A'),
  require('toBase64')('hé'), require('fromBase64')('aMOp'), require('fromBase64')('***'),
  require('makeTableMap')([{ k: 'a', v: 1 }, { k: 'b', v: 2 }], 'k', 'v')];`);
    expect(r.value).toEqual([
      'null',
      'array',
      'object',
      'string',
      'number',
      'boolean',
      'undefined',
      'function',
      '12.5',
      7.25,
      7,
      NaN,
      'a%20b%2F%C3%BC',
      undefined,
      'aMOp',
      'hé',
      undefined,
      { a: 1, b: 2 },
    ]);
  });

  test('parseUrl decodes search params (repeated keys as arrays); invalid URL gives undefined', async () => {
    const r = await run(
      "const p = require('parseUrl');\nconst u = p('https://shop.test/p?rtid=a%2Eb&x=1&x=2#f');\nreturn [u.hostname, u.pathname, u.searchParams, u.hash, p('not a url')];",
    );
    expect(r.value).toEqual(['shop.test', '/p', { rtid: 'a.b', x: ['1', '2'] }, '#f', undefined]);
  });

  test('createRegex ignores flags other than g and i; a g regex is stateful in testRegex', async () => {
    const r = await run(`const c = require('createRegex'); const t = require('testRegex');
const g = c('a', 'gmx');
return [t(c('^AB$', 'iu'), 'ab'), t(g, 'a'), t(g, 'a'), t(g, 'a')];`);
    expect(r.value).toEqual([true, true, false, true]);
  });

  test('createRegex / testRegex with RE2 limits: look-arounds and back-references give null', async () => {
    const r = await run(`const c = require('createRegex'); const t = require('testRegex');
return [t(c('^[a-f0-9]{64}$', 'i'), 'AB'), t(c('^ab$', 'i'), 'AB'), c('a(?=b)'), c('(a)\\\\1'), 'xAx'.replace(c('a', 'gi'), '-')];`);
    expect(r.value).toEqual([false, true, null, null, 'x-x']);
  });

  test('Object, Math and the clock', async () => {
    const r = await run(
      `const O = require('Object'); const M = require('Math');
const o = { a: 1, b: 2 }; const deleted = O.delete(o, 'a'); const frozen = O.freeze({ c: 1 });
return [O.keys({ x: 1, y: 2 }), O.values({ x: 1 }), O.entries({ x: 1 }), o, deleted, O.delete(frozen, 'c'), frozen,
  M.floor(2.7), M.max(1, 5), M.pow(2, 10), require('getTimestampMillis')()];`,
      { now: 1700000000123 },
    );
    expect(r.value).toEqual([['x', 'y'], [1], [['x', 1]], { b: 2 }, true, false, { c: 1 }, 2, 5, 1024, 1700000000123]);
  });
});

describe('HTTP', () => {
  const recordingFetch = (answer: (r: HttpRequestRecord) => HttpResponse | Promise<HttpResponse>) => {
    const seen: HttpRequestRecord[] = [];
    return {
      seen,
      fetch: async (r: HttpRequestRecord) => {
        seen.push(r);
        return answer(r);
      },
    };
  };

  test('promise form resolves {statusCode, headers, body}, also for a 4xx', async () => {
    const { fetch, seen } = recordingFetch(() => ({
      statusCode: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"e":1}',
    }));
    const r = await run(
      `return require('sendHttpRequest')('https://api.test/x', { method: 'post', headers: { A: 'b' }, timeout: 5000 }, 'BODY')
  .then(function (res) { return [res.statusCode, res.headers['content-type'], res.body]; });`,
      { fetch },
    );
    expect(r.value).toEqual([400, 'application/json', '{"e":1}']);
    expect(seen).toEqual([
      { url: 'https://api.test/x', method: 'POST', headers: { A: 'b' }, body: 'BODY', timeout: 5000 },
    ]);
    expect(r.requests).toEqual(seen);
  });

  test('promise form rejects with {reason: "failed"} on a failed connection and {reason: "timed_out"} on a time-out', async () => {
    const code =
      "return require('sendHttpRequest')('https://api.test/x').then(function () { return 'ok'; }, function (e) { return e.reason; });";
    expect(
      (
        await run(code, {
          fetch: async () => {
            throw new Error('ECONNREFUSED');
          },
        })
      ).value,
    ).toBe('failed');
    expect((await run(code, { fetch: async () => ({ statusCode: 0, timeout: true }) })).value).toBe('timed_out');
    expect((await run(code)).value).toBe('failed');
  });

  test('callback form calls (statusCode, headers, body) and the tag settles on its outcome', async () => {
    const { fetch, seen } = recordingFetch(() => ({ statusCode: 200, headers: { h: 'v' }, body: 'ok' }));
    const r = await run(
      `require('sendHttpRequest')('https://api.test/x', function (status, headers, body) {
  require('logToConsole')(status, headers, body);
  if (status === 200) data.gtmOnSuccess(); else data.gtmOnFailure();
}, { method: 'GET' });`,
      { fetch },
      'TAG',
    );
    expect(r.outcome).toBe('success');
    expect(r.logs).toEqual(['200 {"h":"v"} ok']);
    expect(seen).toHaveLength(1);
  });

  test('callback form gets status 0 on a failed connection', async () => {
    const r = await run(
      `require('sendHttpRequest')('https://api.test/x', function (status) {
  if (status === 0) data.gtmOnFailure(); else data.gtmOnSuccess();
});`,
      { fetch: () => Promise.reject(new Error('down')) },
      'TAG',
    );
    expect(r.outcome).toBe('failure');
  });

  test('sendHttpGet always sends GET without a body', async () => {
    const { fetch, seen } = recordingFetch(() => ({ statusCode: 204 }));
    await run("return require('sendHttpGet')('https://apps.test/conv?id=1', { headers: { X: '1' } });", { fetch });
    expect(seen).toEqual([{ url: 'https://apps.test/conv?id=1', method: 'GET', headers: { X: '1' } }]);
  });
});

describe('promises, callLater, outcomes and errors', () => {
  test('Promise.create / Promise.all / then / catch / finally behave like promises', async () => {
    const r = await run(`const Promise = require('Promise');
const log = [];
const p = Promise.all([1, Promise.create(function (res) { res(2); })]);
return p.then(function (v) { log.push(v.join('+')); throw 'boom'; })
  .catch(function (e) { log.push(e); return 3; })
  .finally(function () { log.push('fin'); })
  .then(function (v) { log.push(v); return log; });`);
    expect(r.value).toEqual(['1+2', 'boom', 'fin', 3]);
  });

  test('Promise.all results are sandbox arrays (the standard-library guard applies)', async () => {
    await expect(
      run(`const m = 'includes';
return require('Promise').all([1]).then(function (v) { return v[m](1); });`),
    ).rejects.toThrow(/stdlib-method at line 2/);
  });

  test('callLater runs after the current code; the run waits for it', async () => {
    const r = await run(
      "const out = [];\nrequire('callLater')(function () { out.push('later'); data.gtmOnSuccess(); });\nout.push('now');\nreturn out;",
      {},
      'TAG',
    );
    expect(r.value).toEqual(['now', 'later']);
    expect(r.outcome).toBe('success');
  });

  test('only the first outcome counts; a second one is noted in the log', async () => {
    const r = await run('data.gtmOnFailure();\ndata.gtmOnSuccess();', {}, 'TAG');
    expect(r.outcome).toBe('failure');
    expect(r.logs).toEqual(['[runner] gtmOnSuccess called after the outcome was already failure']);
  });

  test('a tag that throws fails, with the error and its line; unhandled rejections are reported', async () => {
    const r = await run('var a = 1;\nvar o = null;\nreturn o.x;', {}, 'TAG');
    expect(r.outcome).toBe('failure');
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^uncaught error: Cannot read properties of null .* at line 3$/);
    const u = await run(
      "require('Promise').create(function (res, rej) { rej('nope'); });\ndata.gtmOnSuccess();",
      {},
      'TAG',
    );
    expect(u.outcome).toBe('success');
    expect(u.errors).toEqual(['unhandled promise rejection: "nope"']);
  });

  test('templateDataStorage keeps copies across runs of the same template', async () => {
    const t = tpl(`const s = require('templateDataStorage');
const prev = s.getItemCopy('n');
s.setItemCopy('n', { count: (prev ? prev.count : 0) + 1 });
return s.getItemCopy('n').count;`);
    expect((await runTemplate(t, { data: {} })).value).toBe(1);
    expect((await runTemplate(t, { data: {} })).value).toBe(2);
  });

  test('templateDataStorage: null when nothing is stored, storing null removes, clear() empties', async () => {
    const r = await run(`const s = require('templateDataStorage');
const out = [s.getItemCopy('a')];
s.setItemCopy('a', 1); s.setItemCopy('b', 2); out.push(s.getItemCopy('a'));
s.setItemCopy('a', null); out.push(s.getItemCopy('a'));
s.clear(); out.push(s.getItemCopy('b'));
return out;`);
    expect(r.value).toEqual([null, 1, null, null]);
  });

  test('getContainerVersion and getRequestHeader reflect the run options', async () => {
    const r = await run(
      "return [require('getContainerVersion')().debugMode, require('getRequestHeader')('x-forwarded-for')];",
      { containerVersion: { debugMode: true }, requestHeaders: { 'X-Forwarded-For': '1.2.3.4' } },
    );
    expect(r.value).toEqual([true, '1.2.3.4']);
  });
});
