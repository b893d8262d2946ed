// The identifiers end to end through the installed bridge: capture, memory, the stores, the window, the email hash.
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EMAIL_KEY, ID_KEY, SEEN_KEY } from '../../src/browser/identity';
import {
  blockCookies,
  blockLocalStorage,
  cookies,
  dataLayer,
  freshPage,
  load,
  navigate,
  page,
  sha,
  spyOnStorageWrites,
} from './page';

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
    expect(write).toContain('SameSite=Lax');
    expect(write).toContain('Secure');
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
