// What the installed bridge pushes to the dataLayer and attaches to the site's conversions.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { dataLayer, freshPage, gtag, gtmStandIn, identityEvents, load, page, sha } from './page';

beforeEach(() => freshPage());

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

  it('the debug log reports a rejected email only for an email that was given and refused', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line) => lines.push(line));
    gtag('consent', 'default', { ad_storage: 'granted' });
    gtag('js', new Date());
    gtag('config', 'G-TEST');
    gtag('set', 'page_title', 'Shop');
    gtag('set', 'user_data', { phone_number: '+15550100' });
    dataLayer().push({ event: 'page_view' }, { user_data: null }, { user_data: { email: '' } });
    load({ debug: true });
    gtag('event', 'purchase', { value: 1 });
    gtag('event', 'page_view');
    expect(lines.filter((line) => line.includes('rejected'))).toEqual([]);
    gtag('set', 'user_data', { email: 'not an email' });
    dataLayer().push({ user_data: { email_address: 'still not one' } });
    expect(lines.filter((line) => line.includes('rejected'))).toEqual([
      '[rokt-sgtm-bridge] rejected email',
      '[rokt-sgtm-bridge] rejected email',
    ]);
  });
});
