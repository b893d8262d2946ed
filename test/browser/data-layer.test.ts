import { describe, expect, it } from 'vitest';
import { dataLayerOf, type Entry, interceptPushes, readEntry } from '../../src/browser/data-layer';
import { gtagCommand, gtmStandIn } from './page';

const silent = () => {};
/** What an entry means with Consent Mode followed and `purchase` as the conversion. */
const read = (entry: unknown) => readEntry(entry as Entry, true, ['purchase'], silent);

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
    interceptPushes(layer, (entries) => seen.push(...Array.from(entries)), silent);
    expect(layer.push({ a: 1 }, { b: 2 })).toBe(2);
    expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    expect([...layer]).toEqual([{ a: 1 }, { b: 2 }]);
  });

  for (const order of ['before', 'after'] as const) {
    it(`what inspect attaches reaches GTM when GTM wrapped push ${order} us`, () => {
      const layer: Entry[] = [];
      const gtmFirst = order === 'before' ? gtmStandIn(layer) : undefined;
      interceptPushes(
        layer,
        (entries) => {
          for (const entry of Array.from(entries)) if (entry.event === 'purchase') entry.rtid = 'R1';
        },
        silent,
      );
      const gtm = gtmFirst ?? gtmStandIn(layer);
      layer.push({ event: 'purchase' });
      expect(gtm.processed).toEqual([
        { event: 'purchase', model: { event: 'purchase', rtid: 'R1' }, pushed: { event: 'purchase', rtid: 'R1' } },
      ]);
    });
  }

  it("an entry of ours made while a site's push is read follows that push, in the dataLayer and in GTM's processing", () => {
    const layer: Entry[] = [];
    const gtm = gtmStandIn(layer);
    const ours = interceptPushes(
      layer,
      (entries) => {
        if (Array.from(entries).some((entry) => entry.event === 'site')) ours({ event: 'ours' });
      },
      (entry) => layer.push(entry),
    );
    layer.push({ event: 'site' });
    expect(layer.map((entry) => entry.event)).toEqual(['site', 'ours']);
    expect(gtm.processed.map((p) => p.event)).toEqual(['site', 'ours']);
  });

  it('a push made while GTM processes a site push (a tag pushing) hands our entries on: all follow the outer push', () => {
    const layer: Entry[] = [];
    const gtm = gtmStandIn(layer);
    // A tag on the site's event that pushes another event while GTM processes the first.
    const gtmPush = layer.push;
    layer.push = function (...entries: Entry[]) {
      const result = gtmPush.apply(this, entries);
      if (entries.some((entry) => entry.event === 'site')) layer.push({ event: 'tag' });
      return result;
    };
    const ours = interceptPushes(
      layer,
      (entries) => {
        for (const entry of Array.from(entries))
          if (entry.event === 'site' || entry.event === 'tag') ours({ event: `after ${entry.event}` });
      },
      (entry) => layer.push(entry),
    );
    layer.push({ event: 'site' });
    expect(layer.map((entry) => entry.event)).toEqual(['site', 'tag', 'after site', 'after tag']);
    expect(gtm.processed.map((p) => p.event)).toEqual(['site', 'tag', 'after site', 'after tag']);
  });

  it('an entry of ours outside any site push goes straight through; a throwing previous push still releases ours', () => {
    const layer: Entry[] = [];
    const forwarded: Entry[] = [];
    layer.push = () => {
      throw new Error('broken push');
    };
    const ours = interceptPushes(
      layer,
      () => {
        ours({ event: 'held' });
      },
      (entry) => forwarded.push(entry),
    );
    ours({ event: 'direct' });
    expect(() => layer.push({ event: 'site' })).toThrow('broken push');
    ours({ event: 'direct again' });
    expect(forwarded.map((entry) => entry.event)).toEqual(['direct', 'held', 'direct again']);
  });
});

describe('readEntry: Consent Mode', () => {
  it("reads ad_storage from gtag's consent commands (an arguments object)", () => {
    expect(read(gtagCommand('consent', 'default', { ad_storage: 'denied', analytics_storage: 'granted' }))).toEqual({
      consent: 'default denied',
    });
    expect(read(gtagCommand('consent', 'update', { ad_storage: 'granted' }))).toEqual({ consent: 'granted' });
  });

  it('a plain array is not a consent command, as in GTM (data-layer-helper runs it as a method call)', () => {
    expect(read(['consent', 'update', { ad_storage: 'granted' }]).consent).toBeUndefined();
  });

  it('ignores everything else, values other than granted and denied, and all of it when not following Consent Mode', () => {
    expect(read(gtagCommand('consent', 'default', { analytics_storage: 'denied' }))).toEqual({});
    expect(read(gtagCommand('consent', 'update', { ad_storage: 'yes' }))).toEqual({});
    expect(read(gtagCommand('event', 'purchase', { ad_storage: 'denied' })).consent).toBeUndefined();
    expect(read({ event: 'consent', ad_storage: 'denied' }).consent).toBeUndefined();
    const consent = gtagCommand('consent', 'update', { ad_storage: 'granted' }) as Entry;
    expect(readEntry(consent, false, ['purchase'], silent)).toEqual({});
  });
});

describe('readEntry: GA4 user_data', () => {
  it('takes sha256_email_address first, then email, then email_address; the first of a list', () => {
    expect(read({ user_data: { email: 'a@b.co', sha256_email_address: 'HASH' } }).email).toBe('HASH');
    expect(read({ user_data: { email_address: 'x@y.co', email: 'a@b.co' } }).email).toBe('a@b.co');
    expect(read({ user_data: { email_address: ['first@b.co', 'second@b.co'] } }).email).toBe('first@b.co');
    expect(read({ event: 'page_view' }).email).toBeUndefined();
    expect(read({ user_data: null }).email).toBeUndefined();
  });

  it("reads gtag's set command too: gtag('set', 'user_data', {email}), not a plain array", () => {
    expect(read(gtagCommand('set', 'user_data', { email: 'a@b.co' }))).toEqual({ email: 'a@b.co' });
    expect(read(gtagCommand('set', 'page_title', { email: 'a@b.co' })).email).toBeUndefined();
    expect(read(gtagCommand('event', 'purchase', { value: 1 })).email).toBeUndefined();
    expect(read(['set', 'user_data', { email: 'a@b.co' }]).email).toBeUndefined();
  });
});

describe('readEntry: conversions', () => {
  it('an object push named in conversionEvents is its own target; with its user_data read too', () => {
    const entry = { event: 'purchase', user_data: { email: 'a@b.co' } };
    expect(read(entry)).toEqual({ email: 'a@b.co', conversion: entry });
    expect(read(entry).conversion).toBe(entry);
    expect(readEntry(entry, true, [], silent).conversion).toBeUndefined();
  });

  it("gives the params of gtag('event', name, params) for a conversion name, and creates them when absent", () => {
    const params = { value: 1 };
    expect(read(gtagCommand('event', 'purchase', params)).conversion).toBe(params);
    const bare = gtagCommand('event', 'purchase');
    expect(read(bare).conversion).toEqual({});
    // GTM reads an Arguments object up to its length: the created params must be inside it.
    expect([].slice.call(bare)).toEqual(['event', 'purchase', {}]);
  });

  it('ignores other events, other commands and plain arrays', () => {
    expect(read(gtagCommand('event', 'page_view', {})).conversion).toBeUndefined();
    expect(read(gtagCommand('config', 'purchase', {})).conversion).toBeUndefined();
    expect(read(['event', 'purchase', {}]).conversion).toBeUndefined();
    expect(read({ event: 'page_view' }).conversion).toBeUndefined();
  });
});
