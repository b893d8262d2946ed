import { describe, expect, it } from 'vitest';
import {
  adStorage,
  dataLayerOf,
  type Entry,
  gtagEventParams,
  interceptPushes,
  userDataEmail,
} from '../../src/browser/data-layer';
import { gtagCommand, gtmStandIn } from './page';

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

  it("reads ad_storage from gtag's consent commands (an arguments object)", () => {
    expect(adStorage(gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'granted' }))).toBe(
      'denied',
    );
    expect(adStorage(gtag('consent', 'update', { ad_storage: 'granted' }))).toBe('granted');
  });

  it('a plain array is not a consent command, as in GTM (data-layer-helper runs it as a method call)', () => {
    expect(adStorage(['consent', 'update', { ad_storage: 'granted' }] as unknown as Entry)).toBeFalsy();
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

  it("reads gtag's set command too: gtag('set', 'user_data', {email}), not a plain array", () => {
    expect(userDataEmail(gtagCommand('set', 'user_data', { email: 'a@b.co' }))).toBe('a@b.co');
    expect(userDataEmail(gtagCommand('set', 'page_title', { email: 'a@b.co' }))).toBeUndefined();
    expect(userDataEmail(gtagCommand('event', 'purchase', { value: 1 }))).toBeUndefined();
    expect(userDataEmail(['set', 'user_data', { email: 'a@b.co' }] as unknown as Entry)).toBeUndefined();
  });
});

describe('gtagEventParams', () => {
  it("gives the params of gtag('event', name, params) for a conversion name, and creates them when absent", () => {
    const params = { value: 1 };
    expect(gtagEventParams(gtagCommand('event', 'purchase', params), ['purchase'])).toBe(params);
    const bare = gtagCommand('event', 'purchase');
    expect(gtagEventParams(bare, ['purchase'])).toEqual({});
    // GTM reads an Arguments object up to its length: the created params must be inside it.
    expect([].slice.call(bare)).toEqual(['event', 'purchase', {}]);
  });

  it('ignores other events, other commands and plain arrays', () => {
    expect(gtagEventParams(gtagCommand('event', 'page_view', {}), ['purchase'])).toBeUndefined();
    expect(gtagEventParams(gtagCommand('config', 'purchase', {}), ['purchase'])).toBeUndefined();
    expect(gtagEventParams(['event', 'purchase', {}] as unknown as Entry, ['purchase'])).toBeUndefined();
  });
});
