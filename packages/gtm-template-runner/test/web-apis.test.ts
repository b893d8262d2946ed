// @vitest-environment node
// The web container's APIs and permissions: each behaviour as Google's web API reference
// (https://developers.google.com/tag-platform/tag-manager/templates/api) and permissions page describe it.
import { describe, expect, test } from 'vitest';
import { parseTpl, type RunOptions, runTemplate, runTemplateTests, simulatedBrowser } from '../src/index.js';
import { permission, tpl } from './helpers.js';

const row = (name: string, flags: Record<string, boolean>, key = 'key') => ({ [key]: name, ...flags });
/** Web permissions allowing what these tests touch. */
const WEB_PERMISSIONS = [
  permission('get_cookies', { cookieAccess: 'any' }),
  permission('set_cookies', { allowedCookies: [{ name: '*', domain: '*', path: '*', secure: 'any', session: 'any' }] }),
  permission('access_local_storage', {
    keys: [row('kept', { read: true, write: true }), row('ro', { read: true, write: false })],
  }),
  permission('access_globals', {
    keys: [
      row('dataLayer', { read: true, write: true, execute: false }),
      row('shop.cart', { read: true, write: true, execute: false }),
      row('shop.add', { read: true, write: false, execute: true }),
    ],
  }),
  permission('access_consent', { consentTypes: [row('ad_storage', { read: true, write: true }, 'consentType')] }),
  permission('get_url', { urlParts: 'any', queriesAllowed: 'any' }),
  permission('read_data_layer', { allowedKeys: 'specific', keyPatterns: ['ecommerce'] }),
  permission('inject_script', { urls: ['https://cdn.example.com/*'] }),
  permission('send_pixel', { allowedUrls: 'specific', urls: ['https://px.example.com/'] }),
  permission('access_template_storage'),
  permission('logging', { environments: 'all' }),
];

const run = (code: string, options: Partial<RunOptions> = {}, permissions = WEB_PERMISSIONS) =>
  runTemplate(tpl(code, { type: 'TAG', context: 'WEB', permissions }), { data: {}, ...options });

describe('which APIs a template gets', () => {
  test('a template whose code is ___SANDBOXED_JS_FOR_WEB_TEMPLATE___ gets the web APIs, not the server ones', async () => {
    const web = (code: string) =>
      parseTpl(`___INFO___\n\n{"type": "MACRO"}\n\n___SANDBOXED_JS_FOR_WEB_TEMPLATE___\n\n${code}\n`);
    await expect(runTemplate(web("require('getEventData');"), { data: {} })).rejects.toThrow(/unknown-api/);
    await expect(runTemplate(web("require('sha256Sync');"), { data: {} })).rejects.toThrow(/unknown-api/);
    const ok = await runTemplate(web("return require('getType')(require('injectScript'));"), { data: {} });
    expect(ok.value).toBe('function');
  });

  test('a server template does not get the web ones', async () => {
    await expect(runTemplate(tpl("require('injectScript');"), { data: {} })).rejects.toThrow(/unknown-api/);
  });
});

describe('cookies', () => {
  test('getCookieValues decodes by default and gives raw values with decode false', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    page.cookie = 'a=x%20y; path=/';
    page.cookie = 'a=z; path=/; domain=shop.test';
    const r = await run("const c = require('getCookieValues'); return [c('a'), c('a', false), c('none')];", { page });
    expect(r.value).toEqual([['x y', 'z'], ['x%20y', 'z'], []]);
  });

  test("setCookie encodes by default; domain 'auto' is the registrable domain, refused on the public suffix", async () => {
    const browser = simulatedBrowser();
    const page = browser.open('https://www.shop.co.uk/');
    await run("require('setCookie')('n', 'a b', {domain: 'auto', path: '/', 'max-age': 60});", { page });
    expect(browser.open('https://checkout.shop.co.uk/').cookie).toBe('n=a%20b');
    expect(browser.open('https://other.co.uk/').cookie).toBe('');
  });

  test('setCookie with max-age 0 deletes; a Secure cookie is refused on http', async () => {
    const browser = simulatedBrowser();
    const page = browser.open('http://www.shop.test/');
    page.cookie = 'gone=1; path=/';
    await run(
      "const s = require('setCookie'); s('gone', '', {path: '/', 'max-age': 0}); s('sec', '1', {path: '/', secure: true});",
      { page },
    );
    expect(page.cookie).toBe('');
  });

  test('setCookie outside set_cookies is refused', async () => {
    const denied = [permission('set_cookies', { allowedCookies: [{ name: 'ok', domain: '*', path: '*' }] })];
    await expect(run("require('setCookie')('other', '1');", {}, denied)).rejects.toThrow(/permission:set_cookies/);
  });
});

describe('localStorage', () => {
  test('getItem gives null when absent; setItem stores and returns true', async () => {
    const r = await run(
      "const ls = require('localStorage'); const before = ls.getItem('kept'); const ok = ls.setItem('kept', 1); return [before, ok, ls.getItem('kept')];",
    );
    expect(r.value).toEqual([null, true, '1']);
  });

  test('a key without write access cannot be written, an undeclared key not read', async () => {
    await expect(run("require('localStorage').setItem('ro', 'x');")).rejects.toThrow(/permission:access_local_storage/);
    await expect(run("require('localStorage').getItem('other');")).rejects.toThrow(/permission:access_local_storage/);
  });

  test('setItem returns false when the browser refuses to store', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    Object.defineProperty(page, 'localStorage', {
      value: {
        getItem: () => null,
        setItem: () => {
          throw new Error('QuotaExceededError');
        },
        removeItem: () => {},
      },
    });
    const r = await run("return require('localStorage').setItem('kept', 'x');", { page });
    expect(r.value).toBe(false);
  });
});

describe('consent', () => {
  test('isConsentGranted: unset counts as granted; the default the page applies is read', async () => {
    const code = "return require('isConsentGranted')('ad_storage');";
    expect((await run(code)).value).toBe(true);
    const page = simulatedBrowser().open('https://www.shop.test/', { consent: { ad_storage: 'denied' } });
    expect((await run(code, { page })).value).toBe(false);
  });

  test('addConsentListener runs on each change between granted and denied, not for unset → granted', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    await run(
      "const q = require('createQueue')('dataLayer'); require('addConsentListener')('ad_storage', (type, granted) => q({type: type, granted: granted}));",
      { page },
    );
    page.consent.update({ ad_storage: 'granted' });
    page.consent.update({ ad_storage: 'denied' });
    page.consent.update({ ad_storage: 'denied' });
    page.consent.update({ ad_storage: 'granted' });
    expect(page.window.dataLayer).toEqual([
      { type: 'ad_storage', granted: false },
      { type: 'ad_storage', granted: true },
    ]);
  });

  test('a default does not override an update; updateConsentState pushes a gtag consent command', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/', { globals: { dataLayer: [] } });
    await run(
      "require('updateConsentState')({ad_storage: 'granted'}); require('setDefaultConsentState')({ad_storage: 'denied'});",
      {
        page,
      },
    );
    expect(page.consent.isGranted('ad_storage')).toBe(true);
    const commands = (page.window.dataLayer as IArguments[]).map((a) => Array.from(a));
    expect(commands).toEqual([
      ['consent', 'update', { ad_storage: 'granted' }],
      ['consent', 'default', { ad_storage: 'denied' }],
    ]);
  });
});

describe('globals and the dataLayer', () => {
  test("createQueue creates the array and pushes through the array's own push (a GTM wrapper sees it)", async () => {
    const seen: unknown[] = [];
    const layer: unknown[] = [];
    const push = layer.push;
    layer.push = (...items: unknown[]) => {
      seen.push(...items);
      return push.apply(layer, items);
    };
    const page = simulatedBrowser().open('https://www.shop.test/', { globals: { dataLayer: layer } });
    await run("require('createQueue')('dataLayer')({event: 'x', n: [1]});", { page });
    expect(seen).toEqual([{ event: 'x', n: [1] }]);
    const fresh = simulatedBrowser().open('https://www.shop.test/');
    await run("require('createQueue')('dataLayer')({event: 'y'});", { page: fresh });
    expect(fresh.window.dataLayer).toEqual([{ event: 'y' }]);
  });

  test('setInWindow keeps an existing value unless told to override; callInWindow calls with its object', async () => {
    const shop = {
      cart: 'old',
      items: [] as unknown[],
      add(item: unknown) {
        this.items.push(item);
        return this.items.length;
      },
    };
    const page = simulatedBrowser().open('https://www.shop.test/', { globals: { shop } });
    const r = await run(
      "const s = require('setInWindow'); return [s('shop.cart', 'a'), require('copyFromWindow')('shop.cart'), s('shop.cart', 'b', true), require('callInWindow')('shop.add', {sku: 1})];",
      { page },
    );
    expect(r.value).toEqual([false, 'old', true, 1]);
    expect(shop.cart).toBe('b');
    expect(shop.items).toEqual([{ sku: 1 }]);
  });

  test('a global outside access_globals is refused (execute is its own right)', async () => {
    await expect(run("require('callInWindow')('shop.cart');")).rejects.toThrow(/permission:access_globals/);
    await expect(run("require('copyFromWindow')('document');")).rejects.toThrow(/permission:access_globals/);
  });

  test('createArgumentsQueue creates the function first, so its queue can live on it', async () => {
    const permissions = [
      permission('access_globals', {
        keys: [row('vendor', { read: true, write: true, execute: true }), row('vendor.q', { read: true, write: true })],
      }),
    ];
    const page = simulatedBrowser().open('https://www.shop.test/');
    await run(
      "const v = require('createArgumentsQueue')('vendor', 'vendor.q'); v('init', 'ID-1');",
      { page },
      permissions,
    );
    const vendor = page.window.vendor as { q: IArguments[] };
    expect(typeof vendor).toBe('function');
    expect(vendor.q.map((a) => Array.from(a))).toEqual([['init', 'ID-1']]);
  });

  test("copyFromDataLayer reads GTM's data model: object pushes merged in order", async () => {
    const page = simulatedBrowser().open('https://www.shop.test/', {
      globals: { dataLayer: [{ ecommerce: { value: 1, currency: 'EUR' } }, { ecommerce: { value: 2 } }] },
    });
    const r = await run(
      "const c = require('copyFromDataLayer'); return [c('ecommerce.value'), c('ecommerce.currency')];",
      { page },
    );
    expect(r.value).toEqual([2, 'EUR']);
    await expect(run("require('copyFromDataLayer')('user');", { page })).rejects.toThrow(/permission:read_data_layer/);
  });
});

describe('URL', () => {
  const page = () =>
    simulatedBrowser().open('https://www.shop.test:8443/dir/page.html?a=1&a=2&b=x+y#/route?rtid=z', {
      referrer: 'https://ref.example/?q=s',
    });

  test('getUrl gives the whole URL or one component', async () => {
    const r = await run(
      "const u = require('getUrl'); return [u(), u('protocol'), u('host'), u('port'), u('path'), u('query'), u('extension'), u('fragment')];",
      { page: page() },
    );
    expect(r.value).toEqual([
      'https://www.shop.test:8443/dir/page.html?a=1&a=2&b=x+y#/route?rtid=z',
      'https',
      'www.shop.test',
      '8443',
      '/dir/page.html',
      'a=1&a=2&b=x+y',
      'html',
      '/route?rtid=z',
    ]);
  });

  test('getQueryParameters gives the first value decoded, or all; the referrer has its own APIs', async () => {
    const permissions = [...WEB_PERMISSIONS, permission('get_referrer', { urlParts: 'any', queriesAllowed: 'any' })];
    const r = await run(
      "const q = require('getQueryParameters'); return [q('a'), q('a', true), q('b'), q('none'), require('getReferrerQueryParameters')('q'), require('getReferrerUrl')('host')];",
      { page: page() },
      permissions,
    );
    expect(r.value).toEqual(['1', ['1', '2'], 'x y', undefined, 's', 'ref.example']);
  });

  test('get_url with specific parts and query keys allows only those', async () => {
    const narrow = [
      permission('get_url', { urlParts: 'specific', query: true, queriesAllowed: 'specific', queryKeys: ['a'] }),
    ];
    expect((await run("return require('getQueryParameters')('a');", { page: page() }, narrow)).value).toBe('1');
    await expect(run("require('getQueryParameters')('b');", { page: page() }, narrow)).rejects.toThrow(/get_url/);
    await expect(run("require('getUrl')('host');", { page: page() }, narrow)).rejects.toThrow(/get_url/);
    await expect(run("require('getUrl')();", { page: page() }, narrow)).rejects.toThrow(/get_url/);
  });
});

describe('scripts and pixels', () => {
  const code = `const inject = require('injectScript');
const q = require('createQueue')('dataLayer');
inject('https://cdn.example.com/a.js', () => q('loaded'), () => q('failed'), 'a');
inject('https://cdn.example.com/a.js', () => q('loaded again'), () => q('failed again'), 'a');`;

  test('injectScript fails without a network stand-in; a cache token loads its URL once', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    const r = await run(code, { page });
    expect(r.scripts).toEqual(['https://cdn.example.com/a.js']);
    expect(r.logs).toContain('[runner] no network stand-in: the script https://cdn.example.com/a.js fails to load');
    expect(page.window.dataLayer).toEqual(['failed', 'failed again']);
  });

  test('injectScript calls onSuccess when the stand-in loads the URL', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    await run(code, { page, load: () => true });
    expect(page.window.dataLayer).toEqual(['loaded', 'loaded again']);
  });

  test('inject_script and send_pixel URL patterns are enforced', async () => {
    await expect(run("require('injectScript')('https://evil.example/x.js');")).rejects.toThrow(/inject_script/);
    const r = await run("require('sendPixel')('https://px.example.com/?id=1');", { load: () => true });
    expect(r.pixels).toEqual(['https://px.example.com/?id=1']);
    await expect(run("require('sendPixel')('https://other.example.com/');")).rejects.toThrow(/send_pixel/);
  });
});

describe('templateStorage and the test API', () => {
  test('templateStorage lasts for the page, per template', async () => {
    const page = simulatedBrowser().open('https://www.shop.test/');
    const counter =
      "const s = require('templateStorage'); const n = (s.getItem('n') || 0) + 1; s.setItem('n', n); return n;";
    await run(counter, { page });
    expect((await run(counter, { page })).value).toBe(2);
    expect((await run(`${counter}\n// another template`, { page })).value).toBe(1);
  });

  test("tests run on GTM's test page, and an arguments object equals the array of its items", async () => {
    const template = tpl("return require('getUrl')();", {
      context: 'WEB',
      permissions: [permission('get_url', { urlParts: 'any', queriesAllowed: 'any' })],
      tests: {
        setup: '',
        scenarios: [
          { name: 'page', code: "assertThat(runCode({})).isEqualTo('https://gtm-msr.appspot.com/');" },
          {
            name: 'arguments',
            code: "const f = function () { return arguments; }; assertThat(f(1, 'a')).isEqualTo([1, 'a']);",
          },
          { name: 'not equal', code: 'const f = function () { return arguments; }; assertThat(f(1)).isEqualTo([2]);' },
        ],
      },
    });
    expect((await runTemplateTests(template)).map((s) => s.passed)).toEqual([true, true, false]);
  });

  test('___TESTS___ of a web template run with the web APIs; mocks skip permissions', async () => {
    const template = tpl(
      "const ok = require('injectScript'); ok('https://cdn.example.com/x.js', data.gtmOnSuccess, data.gtmOnFailure);",
      {
        type: 'TAG',
        context: 'WEB',
        permissions: [permission('inject_script', { urls: ['https://cdn.example.com/*'] })],
        tests: {
          setup: '',
          scenarios: [
            {
              name: 'loads',
              code: "mock('injectScript', (url, onSuccess) => onSuccess()); runCode({}); assertApi('gtmOnSuccess').wasCalled();",
            },
            {
              name: 'the load ends after the code',
              code: "runCode({}); assertApi('gtmOnFailure').wasNotCalled();",
            },
            { name: 'wrong', code: "runCode({}); assertApi('gtmOnSuccess').wasCalled();" },
          ],
        },
      },
    );
    const results = await runTemplateTests(template);
    expect(results.map((s) => [s.name, s.passed])).toEqual([
      ['loads', true],
      ['the load ends after the code', true],
      ['wrong', false],
    ]);
  });
});
