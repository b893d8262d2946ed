import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY, SEEN_KEY } from '../../src/browser/bridge';
import { install } from '../../src/browser/install';
import {
  blockCookies,
  blockLocalStorage,
  cookies,
  dataLayer,
  freshPage,
  gtag,
  gtagCommand,
  gtmStandIn,
  identityEvents,
  load,
  navigate,
  page,
  spyOnStorageWrites,
} from './page';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const DAY = 864e5;

beforeEach(() => freshPage());

describe('capture', () => {
  it('stores the rtid from the landing URL in the cookie and localStorage, raw and case kept', () => {
    freshPage('https://www.shop.test/landing?utm_source=rokt&rtid=AbC-123_x.y~Z');
    const bridge = load();
    expect(bridge.get().rtid).toBe('AbC-123_x.y~Z');
    expect(cookies()[ID_KEY]).toBe('AbC-123_x.y~Z');
    expect(localStorage.getItem(ID_KEY)).toBe('AbC-123_x.y~Z');
  });

  it('falls back to rclid, then to the fragment', () => {
    freshPage('https://www.shop.test/?rclid=ClickId1');
    expect(load().get().rtid).toBe('ClickId1');
    freshPage('https://www.shop.test/#rtid=FromFragment');
    expect(load().get().rtid).toBe('FromFragment');
  });

  it('a new valid ID replaces the stored one (last click wins)', () => {
    freshPage('https://www.shop.test/?rtid=first');
    load();
    navigate('https://www.shop.test/?rtid=second');
    expect(load().get().rtid).toBe('second');
    expect(cookies()[ID_KEY]).toBe('second');
  });

  it('an invalid ID changes nothing and the debug log says why', () => {
    freshPage('https://www.shop.test/?rtid=good1');
    load();
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    navigate('https://www.shop.test/?rtid=bad%3Cid%3E&rokt_debug=1');
    const bridge = load();
    expect(bridge.get().rtid).toBe('good1');
    expect(cookies()[ID_KEY]).toBe('good1');
    expect(logs.mock.calls.flat().join('\n')).toContain('[rokt-sgtm-bridge] rejected (invalid ID) ?rtid');
  });

  it('capture() reads the URL again, for single-page apps', () => {
    const bridge = load();
    expect(bridge.get().rtid).toBeUndefined();
    history.pushState(null, '', '/offer?rtid=SpaId');
    expect(bridge.capture()).toBe(true);
    expect(bridge.get().rtid).toBe('SpaId');
  });

  it('property: whatever the landing URL carries, a value that breaks the rule is never stored or pushed', () => {
    const rule = /^[A-Za-z0-9._~-]{1,100}$/;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 120 }), (raw) => {
        let decoded: string | null = null;
        try {
          decoded = new URLSearchParams(`rtid=${encodeURIComponent(raw)}`).get('rtid');
        } catch {}
        freshPage(`https://www.shop.test/?rtid=${encodeURIComponent(raw)}`);
        const bridge = load();
        const stored = [cookies()[ID_KEY], localStorage.getItem(ID_KEY) ?? undefined, bridge.get().rtid];
        return rule.test(decoded ?? '')
          ? stored.every((value) => value === raw)
          : stored.every((value) => value === undefined);
      }),
      { numRuns: 200 },
    );
  });

  it('setRoktId validates like the URL capture', () => {
    const bridge = load();
    expect(bridge.setRoktId('x'.repeat(101))).toBe(false);
    expect(bridge.setRoktId('ok-id')).toBe(true);
    expect(bridge.get().rtid).toBe('ok-id');
  });
});

describe('persistence', () => {
  it('survives a hop from www. to checkout. through the registrable-domain cookie', () => {
    freshPage('https://www.shop.test/?rtid=hop1');
    load();
    localStorage.clear(); // localStorage is per origin: the new subdomain must get the ID from the cookie
    navigate('https://checkout.shop.test/cart');
    expect(load().get().rtid).toBe('hop1');
    expect(localStorage.getItem(ID_KEY)).toBe('hop1');
  });

  it('writes path=/, SameSite=Lax, the domain, Secure on https and an expiry at the end of the window', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    freshPage('https://www.shop.test/?rtid=attr1');
    const writes = spyOnStorageWrites();
    load();
    const write = writes.find((w) => w.what.startsWith(`${ID_KEY}=attr1`))?.what;
    expect(write).toContain('path=/');
    expect(write).toContain('domain=shop.test');
    expect(write).toContain('sameSite=Lax');
    expect(write).toContain('secure');
    expect(write).toContain(`expires=${new Date(Date.UTC(2026, 0, 1) + 90 * DAY).toUTCString()}`);
    vi.useRealTimers();
  });

  it('a visitor with no identifier costs no storage write at all, not even the domain probe', () => {
    freshPage('https://www.shop.test/?utm_source=news');
    const writes = spyOnStorageWrites();
    load();
    expect(writes).toEqual([]);
  });

  it('on plain http the cookie is not Secure, so the browser keeps it', () => {
    freshPage('http://www.shop.test/?rtid=plain1');
    load();
    expect(cookies()[ID_KEY]).toBe('plain1');
  });

  it('a repeat visit re-writes the cookie with the expiry still counted from first seen', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    freshPage('https://www.shop.test/?rtid=roll1');
    load();
    vi.setSystemTime(Date.UTC(2026, 0, 31));
    const writes = spyOnStorageWrites();
    navigate('https://www.shop.test/');
    load();
    const write = writes.find((w) => w.what.startsWith(`${ID_KEY}=roll1`))?.what;
    expect(write).toContain(`expires=${new Date(Date.UTC(2026, 0, 1) + 90 * DAY).toUTCString()}`);
    expect(cookies()[SEEN_KEY]).toBe(String(Date.UTC(2026, 0, 1)));
    vi.useRealTimers();
  });

  it('an ID older than the attribution window is dropped', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 1), toFake: ['Date'] });
    freshPage('https://www.shop.test/?rtid=old1');
    load({ attributionDays: 30 });
    localStorage.setItem(ID_KEY, 'old1'); // as if the cookie had been kept longer than the window
    vi.setSystemTime(Date.UTC(2026, 0, 31) + 1);
    navigate('https://www.shop.test/');
    expect(load({ attributionDays: 30 }).get().rtid).toBeUndefined();
    expect(localStorage.getItem(ID_KEY)).toBeNull();
    vi.useRealTimers();
  });

  it('the cookie wins over localStorage and localStorage is resynced', () => {
    localStorage.setItem(ID_KEY, 'fromStorage');
    document.cookie = `${ID_KEY}=fromCookie; path=/; domain=shop.test`;
    expect(load().get().rtid).toBe('fromCookie');
    expect(localStorage.getItem(ID_KEY)).toBe('fromCookie');
  });

  it('an empty cookie counts as absent: localStorage restores it', () => {
    localStorage.setItem(ID_KEY, 'kept1');
    document.cookie = `${ID_KEY}=; path=/; domain=shop.test`;
    expect(load().get().rtid).toBe('kept1');
    expect(cookies()[ID_KEY]).toBe('kept1');
  });

  it('a stale host-only duplicate is removed and the domain cookie read', () => {
    document.cookie = `${ID_KEY}=staleHostOnly; path=/`;
    document.cookie = `${ID_KEY}=current; path=/; domain=shop.test`;
    expect(load().get().rtid).toBe('current');
    expect(document.cookie.split(`${ID_KEY}=`).length - 1).toBe(1);
  });

  it('uses an explicit cookieDomain', () => {
    freshPage('https://www.shop.test/?rtid=dom1');
    const writes = spyOnStorageWrites();
    load({ cookieDomain: 'www.shop.test' });
    expect(writes.find((w) => w.what.startsWith(`${ID_KEY}=dom1`))?.what).toContain('domain=www.shop.test');
  });

  it('keeps the email hash in localStorage only, unless emailCookie is set', () => {
    load().setEmail('someone@example.com');
    expect(localStorage.getItem(EMAIL_KEY)).toBe(sha('someone@example.com'));
    expect(cookies()[EMAIL_KEY]).toBeUndefined();
    freshPage();
    load({ emailCookie: true }).setEmail('someone@example.com');
    expect(cookies()[EMAIL_KEY]).toBe(sha('someone@example.com'));
  });
});

describe('blocked storage', () => {
  it('cookies throwing: localStorage and memory still carry the ID to the conversion', () => {
    freshPage('https://www.shop.test/?rtid=noCookies');
    blockCookies();
    const bridge = load();
    expect(bridge.conversion('purchase', { value: 1 })).toMatchObject({ rtid: 'noCookies' });
    expect(localStorage.getItem(ID_KEY)).toBe('noCookies');
  });

  it('cookies and localStorage both throwing: memory carries the ID and the email hash', () => {
    freshPage('https://www.shop.test/?rtid=memOnly');
    blockCookies();
    blockLocalStorage();
    expect(() => window.localStorage.setItem('probe', '1')).toThrow('quota');
    expect(() => document.cookie).toThrow('sandboxed');
    const bridge = load();
    bridge.setEmail('someone@example.com');
    expect(bridge.conversion('purchase')).toEqual({
      event: 'purchase',
      rtid: 'memOnly',
      emailsha256: sha('someone@example.com'),
    });
  });

  it('localStorage missing altogether (sandboxed iframe) is survived', () => {
    freshPage('https://www.shop.test/?rtid=noLs');
    vi.spyOn(window, 'localStorage', 'get').mockImplementation(() => {
      throw new DOMException('denied', 'SecurityError');
    });
    expect(load().get().rtid).toBe('noLs');
  });
});

describe('email', () => {
  it('stores only the hash and never pushes, stores or logs the raw address', () => {
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    const writes = spyOnStorageWrites();
    const bridge = load({ debug: true });
    expect(bridge.setEmail('  Someone@Example.COM ')).toBe(true);
    const everything = [
      JSON.stringify(dataLayer()),
      JSON.stringify(writes),
      JSON.stringify(logs.mock.calls),
      JSON.stringify(localStorage),
      document.cookie,
    ];
    for (const text of everything) expect(text.toLowerCase()).not.toContain('someone@example.com');
    expect(bridge.get().emailsha256).toBe(sha('someone@example.com'));
  });

  it('is available to a conversion pushed right after setEmail, with no await', () => {
    const bridge = load();
    bridge.setEmail('buyer@example.com');
    expect(bridge.conversion('purchase')?.emailsha256).toBe(sha('buyer@example.com'));
  });

  it('an invalid email changes nothing', () => {
    const bridge = load();
    bridge.setEmail('first@example.com');
    expect(bridge.setEmail('not an email')).toBe(false);
    expect(bridge.setEmail('')).toBe(false);
    expect(bridge.get().emailsha256).toBe(sha('first@example.com'));
  });

  it('is read from GA4-style user_data pushed to the dataLayer, before or after load', () => {
    page.dataLayer = [{ user_data: { email: 'early@example.com' } }];
    const bridge = load();
    expect(bridge.get().emailsha256).toBe(sha('early@example.com'));
    dataLayer().push({ user_data: { email_address: 'later@example.com' } });
    expect(bridge.get().emailsha256).toBe(sha('later@example.com'));
    const digest = sha('hashed@example.com').toUpperCase();
    dataLayer().push({ user_data: { sha256_email_address: digest } });
    expect(bridge.get().emailsha256).toBe(digest.toLowerCase());
  });
});

describe('dataLayer', () => {
  it('pushes rokt_identity once per page load when an identifier is known', () => {
    freshPage('https://www.shop.test/?rtid=once1');
    load();
    expect(identityEvents()).toEqual([{ event: 'rokt_identity', rtid: 'once1' }]);
  });

  it('pushes nothing when no identifier is known', () => {
    load();
    expect(dataLayer()).toHaveLength(0);
  });

  it('pushes again when an identifier changes, not when it is set to the same value', () => {
    freshPage('https://www.shop.test/?rtid=id1');
    const bridge = load();
    bridge.setRoktId('id1');
    bridge.setEmail('a@example.com');
    bridge.setEmail('A@example.com ');
    expect(identityEvents()).toEqual([
      { event: 'rokt_identity', rtid: 'id1' },
      { event: 'rokt_identity', rtid: 'id1', emailsha256: sha('a@example.com') },
    ]);
  });

  it('uses the configured dataLayer name and creates it when missing', () => {
    freshPage('https://www.shop.test/?rtid=custom1');
    load({ dataLayerName: 'customLayer' });
    expect(identityEvents('customLayer')).toHaveLength(1);
    expect(page.dataLayer).toBeUndefined();
  });

  it('conversion() pushes the event with its params and the identifiers', () => {
    freshPage('https://www.shop.test/?rtid=conv1');
    const bridge = load();
    bridge.conversion('purchase', { transaction_id: 'T-1', value: 25, currency: 'EUR' });
    expect(dataLayer().at(-1)).toEqual({
      event: 'purchase',
      transaction_id: 'T-1',
      value: 25,
      currency: 'EUR',
      rtid: 'conv1',
    });
  });

  it('params() gives just the known identifiers, to spread into gtag parameters', () => {
    freshPage('https://www.shop.test/?rtid=gtag1');
    expect(load().params()).toEqual({ rtid: 'gtag1' });
  });

  for (const order of ['before', 'after'] as const) {
    it(`attaches the identifiers to a site's conversion push when GTM wrapped push ${order} the bridge`, () => {
      freshPage('https://www.shop.test/?rtid=gtm1');
      page.dataLayer = [];
      const gtm = order === 'before' ? gtmStandIn(dataLayer()) : undefined;
      load({ conversionEvents: ['purchase', 'sign_up'] });
      const standIn = gtm ?? gtmStandIn(dataLayer());
      dataLayer().push({ event: 'purchase', value: 10 });
      dataLayer().push({ event: 'page_view' });
      const purchase = standIn.processed.find((p) => p.event === 'purchase');
      expect(purchase?.pushed).toEqual({ event: 'purchase', value: 10, rtid: 'gtm1' });
      expect(standIn.processed.find((p) => p.event === 'page_view')?.pushed).toEqual({ event: 'page_view' });
    });
  }

  it('keeps a value the site set itself on its conversion', () => {
    freshPage('https://www.shop.test/?rtid=mine');
    load();
    const entry = { event: 'purchase', rtid: 'siteValue' };
    dataLayer().push(entry);
    expect(entry.rtid).toBe('siteValue');
  });

  it("a throwing hook never breaks the site's push", () => {
    load();
    const hostile = Object.defineProperty({}, 'event', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(() => dataLayer().push(hostile)).not.toThrow();
    expect(dataLayer().at(-1)).toBe(hostile);
    expect(warn).toHaveBeenCalled();
  });
});

describe('consent', () => {
  it("'denied': zero cookie and localStorage writes, yet the IDs reach the dataLayer", () => {
    freshPage('https://www.shop.test/?rtid=held1');
    const writes = spyOnStorageWrites();
    const bridge = load({ consent: 'denied' });
    bridge.setEmail('someone@example.com');
    bridge.conversion('purchase');
    expect(writes).toEqual([]);
    expect(dataLayer().at(-1)).toMatchObject({ rtid: 'held1', emailsha256: sha('someone@example.com') });
  });

  it('granting flushes the held identifiers to storage', () => {
    freshPage('https://www.shop.test/?rtid=flush1');
    const bridge = load({ consent: 'denied' });
    bridge.setEmail('someone@example.com');
    bridge.consent('granted');
    expect(cookies()[ID_KEY]).toBe('flush1');
    expect(localStorage.getItem(ID_KEY)).toBe('flush1');
    expect(localStorage.getItem(EMAIL_KEY)).toBe(sha('someone@example.com'));
  });

  it('granting keeps the ID this page captured over an older stored one', () => {
    document.cookie = `${ID_KEY}=older; path=/; domain=shop.test`;
    navigate('https://www.shop.test/?rtid=newer');
    const bridge = load({ consent: 'denied' });
    bridge.consent('granted');
    expect(cookies()[ID_KEY]).toBe('newer');
  });

  it('revoking deletes every key written and tells the dataLayer to forget', () => {
    freshPage('https://www.shop.test/?rtid=revoke1');
    const bridge = load({ consent: 'granted', emailCookie: true });
    bridge.setEmail('someone@example.com');
    bridge.consent('denied');
    // Only the marker that tells the other subdomains a clear happened (it holds a time, no identifier).
    expect(Object.keys(cookies())).toEqual([CLEARED_KEY]);
    expect(Object.keys(localStorage)).toEqual([CLEARED_KEY]);
    expect(dataLayer().at(-1)).toEqual({ rtid: null, emailsha256: null });
    expect(bridge.get()).toEqual({});
  });

  it("'auto' follows Consent Mode's ad_storage from gtag commands, including updates after load", () => {
    page.dataLayer = [];
    gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied' });
    navigate('https://www.shop.test/?rtid=auto1');
    page.dataLayer = [];
    gtag('consent', 'default', { ad_storage: 'denied' });
    const writes = spyOnStorageWrites();
    const bridge = load();
    expect(writes).toEqual([]);
    expect(bridge.get()).toEqual({ rtid: 'auto1' });
    gtag('consent', 'update', { ad_storage: 'granted' });
    expect(cookies()[ID_KEY]).toBe('auto1');
    gtag('consent', 'update', { ad_storage: 'denied' });
    expect(cookies()[ID_KEY]).toBeUndefined();
  });

  it('a Consent Mode default that arrives after the bundle stored takes the stored copies back, keeps the IDs in memory, and a later grant stores them again', () => {
    freshPage('https://www.shop.test/?rtid=late1');
    page.dataLayer = [];
    load();
    expect(cookies()[ID_KEY]).toBe('late1');
    gtag('consent', 'default', { ad_storage: 'denied' });
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(localStorage.getItem(ID_KEY)).toBeNull();
    const bridge = page.roktBridge as ReturnType<typeof load>;
    expect(bridge.conversion('purchase')).toMatchObject({ rtid: 'late1' });
    gtag('consent', 'update', { ad_storage: 'granted' });
    expect(cookies()[ID_KEY]).toBe('late1');
  });

  it('a region-scoped denied default keeps storage denied, whatever the global default says, until an update grants', () => {
    freshPage('https://www.shop.test/?rtid=region1');
    gtag('consent', 'default', { ad_storage: 'denied', region: ['AT', 'BE', 'DE'] });
    gtag('consent', 'default', { ad_storage: 'granted' });
    const writes = spyOnStorageWrites();
    load();
    expect(writes).toEqual([]);
    gtag('consent', 'update', { ad_storage: 'granted' });
    expect(cookies()[ID_KEY]).toBe('region1');
  });

  it('clear() without consent forgets what was stored before: a later grant does not bring it back, and deletes it', () => {
    freshPage('https://www.shop.test/?rtid=old77');
    load();
    navigate('https://www.shop.test/');
    const bridge = load({ consent: 'denied' });
    bridge.clear();
    bridge.consent('granted');
    expect(bridge.get()).toEqual({});
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(localStorage.getItem(ID_KEY)).toBeNull();
  });

  it("'auto' without Consent Mode commands stores at once", () => {
    freshPage('https://www.shop.test/?rtid=auto2');
    load();
    expect(cookies()[ID_KEY]).toBe('auto2');
  });

  it("'granted' and 'denied' ignore Consent Mode commands; consent() decides", () => {
    freshPage('https://www.shop.test/?rtid=fixed1');
    gtag('consent', 'default', { ad_storage: 'granted' });
    const bridge = load({ consent: 'denied' });
    expect(cookies()[ID_KEY]).toBeUndefined();
    gtag('consent', 'update', { ad_storage: 'granted' });
    expect(cookies()[ID_KEY]).toBeUndefined();
    bridge.consent('granted');
    expect(cookies()[ID_KEY]).toBe('fixed1');
  });

  it('does not read stored identifiers while consent is denied', () => {
    freshPage('https://www.shop.test/?rtid=stored1');
    load();
    navigate('https://www.shop.test/');
    expect(load({ consent: 'denied' }).get()).toEqual({});
  });
});

describe('API, queue and safety', () => {
  it('replays calls queued before load, in order, with one identity event', () => {
    freshPage('https://www.shop.test/?rtid=queued1');
    page.roktBridge = [
      ['setEmail', 'queued@example.com'],
      ['conversion', 'purchase', { value: 5 }],
    ];
    const bridge = load();
    expect(page.roktBridge).toBe(bridge);
    expect(identityEvents()).toEqual([
      { event: 'rokt_identity', rtid: 'queued1', emailsha256: sha('queued@example.com') },
    ]);
    expect(dataLayer().at(-1)).toEqual({
      event: 'purchase',
      value: 5,
      rtid: 'queued1',
      emailsha256: sha('queued@example.com'),
    });
  });

  it('a malformed queued call is reported and the rest of the queue still runs; inherited names are not calls', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    page.roktBridge = [
      { 0: 'setRoktId', 1: 'x' },
      ['toString'],
      ['hasOwnProperty'],
      ['setRoktId', 'afterBad1'],
    ] as never;
    expect(load().get()).toEqual({ rtid: 'afterBad1' });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
    ]);
  });

  it('the raw email never reaches the console: not from a mistyped queued call, not from a debug line', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line) => lines.push(line));
    vi.spyOn(console, 'log').mockImplementation((line) => lines.push(line));
    page.roktBridge = [['setEmial', 'jane.doe@example.com']];
    const bridge = load({ debug: true });
    bridge.setEmail('jane.doe@example.com');
    bridge.conversion('purchase', { user_data: { email: 'jane.doe@example.com' } });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('\n')).not.toContain('jane.doe');
  });

  it('push() keeps working after load', () => {
    const bridge = load();
    bridge.push(['setRoktId', 'pushed1']);
    expect(bridge.get().rtid).toBe('pushed1');
  });

  it('loading twice leaves one instance, one hook and one identity event', () => {
    freshPage('https://www.shop.test/?rtid=twice1');
    const first = load();
    const hookedPush = dataLayer().push;
    expect(load()).toBe(first);
    expect(dataLayer().push).toBe(hookedPush);
    first.conversion('purchase');
    expect(identityEvents()).toHaveLength(1);
    expect(dataLayer().filter((e) => e.event === 'purchase')).toHaveLength(1);
  });

  it('clear() forgets both identifiers everywhere', () => {
    freshPage('https://www.shop.test/?rtid=clear1');
    const bridge = load();
    bridge.setEmail('someone@example.com');
    bridge.clear();
    expect(bridge.params()).toEqual({});
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(localStorage.getItem(EMAIL_KEY)).toBeNull();
    expect(dataLayer().at(-1)).toEqual({ rtid: null, emailsha256: null });
  });

  it('bad calls are reported and never throw into the page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bridge = load();
    expect(() => bridge.conversion(undefined as unknown as string)).not.toThrow();
    expect(() => bridge.consent('maybe' as 'granted')).not.toThrow();
    expect(() => bridge.push(['noSuchCall'])).not.toThrow();
    expect(() => bridge.setEmail({} as string)).not.toThrow();
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      '[rokt-sgtm-bridge] conversion() takes an event name',
      '[rokt-sgtm-bridge] consent() takes granted or denied',
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
    ]);
  });

  it('1,000 conversion() and capture() calls add no listener and grow nothing but the dataLayer', () => {
    freshPage('https://www.shop.test/?rtid=many1');
    const added = vi.spyOn(window, 'addEventListener');
    const bridge = load();
    const before = dataLayer().length;
    for (let i = 0; i < 1000; i++) {
      bridge.conversion('purchase', { i });
      bridge.capture();
    }
    expect(added).not.toHaveBeenCalled();
    expect(dataLayer().length - before).toBe(1000);
    expect(identityEvents()).toHaveLength(1);
    expect(document.cookie.split(`${ID_KEY}=`).length - 1).toBe(1);
  });
});

// Contract breaks a red team found with hostile input; each test failed on the code before the fix.
describe('hostile input', () => {
  const lines = () => {
    const seen: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line) => seen.push(line));
    vi.spyOn(console, 'log').mockImplementation((line) => seen.push(line));
    return seen;
  };

  it("a fragment route's query starts at its first ?: a later ? in a value does not hide the ID", () => {
    freshPage('https://www.shop.test/#/landing?rtid=abc123&next=/cart?step=2');
    expect(load().get()).toEqual({ rtid: 'abc123' });
  });

  it('?rtid=&rtid=real1 captures the first value that passes the rule', () => {
    freshPage('https://www.shop.test/?rtid=&rtid=real1');
    expect(load().get()).toEqual({ rtid: 'real1' });
  });

  it.each([
    ['a String object', new String('denied')],
    ['a typo', 'deny'],
  ])('consent given as %s never opens storage, and says so', (_what, consent) => {
    freshPage('https://www.shop.test/?rtid=closed1');
    const seen = lines();
    const writes = spyOnStorageWrites();
    const bridge = load({ consent } as never);
    expect(writes).toEqual([]);
    expect(bridge.get()).toEqual({ rtid: 'closed1' });
    expect(seen.join('\n')).toContain('roktBridgeConfig.consent must be auto, granted or denied');
    bridge.consent('granted');
    expect(cookies()[ID_KEY]).toBe('closed1');
  });

  it('a Consent Mode value other than granted or denied is ignored (GTM accepts only those), with a debug line', () => {
    freshPage('https://www.shop.test/?rtid=yes1&rokt_debug=1');
    const seen = lines();
    load();
    gtag('consent', 'update', { ad_storage: 'yes' });
    expect(cookies()[ID_KEY]).toBe('yes1');
    expect(seen).toContain('[rokt-sgtm-bridge] ignored ad_storage value');
  });

  it('a plain-array consent push changes nothing: GTM does not treat it as a command either', () => {
    freshPage('https://www.shop.test/?rtid=plain2');
    page.dataLayer = [['consent', 'default', { ad_storage: 'denied' }]];
    load();
    expect(cookies()[ID_KEY]).toBe('plain2');
    dataLayer().push(['consent', 'update', { ad_storage: 'denied' }] as unknown as Record<string, unknown>);
    expect(cookies()[ID_KEY]).toBe('plain2');
  });

  it("clear() on one subdomain is not undone by another subdomain's localStorage", () => {
    freshPage('https://www.shop.test/?rtid=res1');
    load().setEmail('a@b.co');
    navigate('https://checkout.shop.test/');
    load().clear();
    navigate('https://www.shop.test/');
    expect(load().get()).toEqual({});
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(localStorage.getItem(ID_KEY)).toBeNull();
    expect(localStorage.getItem(EMAIL_KEY)).toBeNull();
  });

  it('a revoke on one subdomain reaches the others the same way', () => {
    freshPage('https://www.shop.test/?rtid=rev2');
    load();
    navigate('https://checkout.shop.test/');
    load().consent('denied');
    navigate('https://www.shop.test/');
    expect(load().get()).toEqual({});
  });

  it('after a clear, a new Rokt click is captured and kept as usual, on every subdomain', () => {
    freshPage('https://www.shop.test/?rtid=old3');
    load().setEmail('a@b.co');
    navigate('https://checkout.shop.test/');
    load().clear();
    navigate('https://www.shop.test/?rtid=new3');
    expect(load().get()).toEqual({ rtid: 'new3' });
    load().setEmail('c@d.co');
    navigate('https://www.shop.test/');
    expect(load().get()).toEqual({ rtid: 'new3', emailsha256: sha('c@d.co') });
    navigate('https://checkout.shop.test/');
    expect(load().get().rtid).toBe('new3');
  });

  it('a throwing consent getter does not stop the capture: warned about, and consent is denied', () => {
    freshPage('https://www.shop.test/?rtid=getter1');
    const seen = lines();
    const writes = spyOnStorageWrites();
    page.roktBridgeConfig = {
      get consent(): never {
        throw new Error('boom');
      },
    };
    const bridge = load();
    expect(page.roktBridge).toBe(bridge);
    expect(bridge.get()).toEqual({ rtid: 'getter1' });
    expect(writes).toEqual([]);
    expect(seen.join('\n')).toContain('roktBridgeConfig.consent cannot be read');
  });

  it('a window.roktBridgeConfig getter that throws does not stop the capture', () => {
    freshPage('https://www.shop.test/?rtid=getter2');
    lines();
    Object.defineProperty(window, 'roktBridgeConfig', {
      configurable: true,
      get() {
        throw 0;
      },
    });
    const bridge = install(window);
    delete page.roktBridgeConfig;
    expect(bridge.get()).toEqual({ rtid: 'getter2' });
  });

  it("dataLayerName '__proto__' is refused: Window.prototype is left alone and 'dataLayer' used", () => {
    freshPage('https://www.shop.test/?rtid=proto1');
    lines();
    load({ dataLayerName: '__proto__' });
    expect(typeof (Object.getPrototypeOf(window) as { push?: unknown }).push).toBe('undefined');
    expect(identityEvents()).toEqual([{ event: 'rokt_identity', rtid: 'proto1' }]);
  });

  it('a misused push never echoes what it was given: not an email, not a call name', () => {
    const seen = lines();
    const bridge = load({ debug: true });
    bridge.push(['jane@example.com'] as never);
    bridge.push([{ email: 'jane@example.com' }] as never);
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.join('\n')).not.toContain('jane');
  });

  it("gtag('event', <conversion>, params) gets the identifiers in its params, created when absent", () => {
    freshPage('https://www.shop.test/?rtid=gtagConv1');
    load();
    const params = { value: 3 };
    gtag('event', 'purchase', params);
    expect(params).toEqual({ value: 3, rtid: 'gtagConv1' });
    const bare = gtagCommand('event', 'purchase');
    dataLayer().push(bare);
    expect(bare[2]).toEqual({ rtid: 'gtagConv1' });
    gtag('event', 'page_view', {});
    expect(dataLayer().at(-1)?.[2]).toEqual({});
  });

  /**
   * What happens when a site replaces window.dataLayer after the bundle loaded (`window.dataLayer = []` late in the
   * page): the bundle's hook stays on the old array, so pushes to the new one are not seen (no identifiers attached,
   * no Consent Mode command read) — exactly as GTM itself stops seeing them. What the bundle pushes itself
   * (conversion(), rokt_identity) goes to whatever array the name holds at that moment.
   */
  it('a dataLayer replaced after load is not hooked; conversion() still pushes to the current one', () => {
    freshPage('https://www.shop.test/?rtid=replaced1');
    const bridge = load();
    page.dataLayer = [];
    const purchase = { event: 'purchase' };
    dataLayer().push(purchase);
    expect(purchase).toEqual({ event: 'purchase' });
    expect(bridge.conversion('purchase')).toEqual({ event: 'purchase', rtid: 'replaced1' });
    expect(dataLayer().at(-1)).toEqual({ event: 'purchase', rtid: 'replaced1' });
  });
});
