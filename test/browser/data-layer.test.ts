import { describe, expect, it } from 'vitest';
import { adStorage, dataLayerOf, type Entry, interceptPushes, userDataEmail } from '../../src/browser/data-layer';
import { gtmStandIn } from './page';

describe('dataLayerOf', () => {
  it('creates the named array when missing and returns the existing one otherwise', () => {
    const win: Record<string, Entry[]> = {};
    const created = dataLayerOf(win, 'myLayer');
    expect(win.myLayer).toBe(created);
    expect(dataLayerOf(win, 'myLayer')).toBe(created);
  });
});

describe('interceptPushes', () => {
  it('sees each pushed value before the previous push, and returns what the previous push returns', () => {
    const layer: Entry[] = [];
    const seen: unknown[] = [];
    interceptPushes(layer, (entries) => seen.push(...Array.from(entries)));
    expect(layer.push({ a: 1 }, { b: 2 })).toBe(2);
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    expect([...layer]).toEqual([{ a: 1 }, { b: 2 }]);
  });

  for (const order of ['before', 'after'] as const) {
    it(`what inspect attaches reaches GTM when GTM wrapped push ${order} us`, () => {
      const layer: Entry[] = [];
      const gtmFirst = order === 'before' ? gtmStandIn(layer) : undefined;
      interceptPushes(layer, (entries) => {
        for (const entry of Array.from(entries)) if (entry.event === 'purchase') entry.rtid = 'R1';
      });
      const gtm = gtmFirst ?? gtmStandIn(layer);
      layer.push({ event: 'purchase' });
      expect(gtm.processed).toEqual([
        { event: 'purchase', model: { event: 'purchase', rtid: 'R1' }, pushed: { event: 'purchase', rtid: 'R1' } },
      ]);
    });
  }
});

describe('adStorage', () => {
  function gtag(..._args: unknown[]): Entry {
    // biome-ignore lint/complexity/noArguments: gtag pushes its arguments object, and so must this stand-in
    return arguments as unknown as Entry;
  }

  it("reads ad_storage from gtag's consent commands (an arguments object) and from plain arrays", () => {
    expect(adStorage(gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'granted' }))).toBe(
      'denied',
    );
    expect(adStorage(gtag('consent', 'update', { ad_storage: 'granted' }))).toBe('granted');
    expect(adStorage(['consent', 'update', { ad_storage: 'granted' }] as unknown as Entry)).toBe('granted');
  });

  it('ignores everything else', () => {
    expect(adStorage(gtag('consent', 'default', { analytics_storage: 'denied' }))).toBeFalsy();
    expect(adStorage(gtag('event', 'purchase', { ad_storage: 'denied' }))).toBeFalsy();
    expect(adStorage({ event: 'consent', ad_storage: 'denied' })).toBeFalsy();
  });
});

describe('userDataEmail', () => {
  it('takes sha256_email_address first, then email, then email_address; the first of a list', () => {
    expect(userDataEmail({ user_data: { email: 'a@b.co', sha256_email_address: 'HASH' } })).toBe('HASH');
    expect(userDataEmail({ user_data: { email_address: 'x@y.co', email: 'a@b.co' } })).toBe('a@b.co');
    expect(userDataEmail({ user_data: { email_address: ['first@b.co', 'second@b.co'] } })).toBe('first@b.co');
    expect(userDataEmail({ event: 'purchase' })).toBeUndefined();
  });

  it("reads gtag's set command too: gtag('set', 'user_data', {email})", () => {
    expect(userDataEmail(['set', 'user_data', { email: 'a@b.co' }] as unknown as Entry)).toBe('a@b.co');
    expect(userDataEmail(['set', 'page_title', { email: 'a@b.co' }] as unknown as Entry)).toBeUndefined();
  });
});
