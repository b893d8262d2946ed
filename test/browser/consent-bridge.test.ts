// Consent as the page sees it: the config option, consent(), Consent Mode commands on the dataLayer.
import { beforeEach, describe, expect, it } from 'vitest';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY } from '../../src/browser/identity';
import {
  cookies,
  dataLayer,
  freshPage,
  gtag,
  gtmStandIn,
  identityEvents,
  load,
  navigate,
  page,
  sha,
  spyOnStorageWrites,
} from './page';

beforeEach(() => freshPage());

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

describe('where rokt_identity lands relative to the consent update that released it', () => {
  /** A returning visitor: the ID stored on an earlier visit, this page's Consent Mode default denied. */
  function returningVisitorDeniedByDefault(): void {
    freshPage('https://www.shop.test/?rtid=back1');
    load();
    navigate('https://www.shop.test/');
    page.dataLayer = [];
    gtag('consent', 'default', { ad_storage: 'denied' });
  }
  const isConsentUpdate = (entry: Record<string, unknown>) =>
    Object.prototype.toString.call(entry) === '[object Arguments]' && entry[0] === 'consent' && entry[1] === 'update';

  it('after it: GTM (wrapped before the bundle, as for the Custom HTML tag) evaluates rokt_identity with ad_storage granted', () => {
    returningVisitorDeniedByDefault();
    const gtm = gtmStandIn(dataLayer());
    load();
    expect(identityEvents()).toEqual([]);
    gtag('consent', 'update', { ad_storage: 'granted' });
    const entries = dataLayer();
    expect(entries.findIndex((entry) => entry.event === 'rokt_identity')).toBe(entries.findIndex(isConsentUpdate) + 1);
    expect(gtm.processed.filter((p) => p.event === 'rokt_identity')).toMatchObject([
      { pushed: { event: 'rokt_identity', rtid: 'back1' }, adStorage: 'granted' },
    ]);
  });

  it('after it in the dataLayer when GTM wrapped push after the bundle (a script tag before gtm.js) too', () => {
    returningVisitorDeniedByDefault();
    load();
    gtmStandIn(dataLayer());
    gtag('consent', 'update', { ad_storage: 'granted' });
    const entries = dataLayer();
    expect(entries.findIndex((entry) => entry.event === 'rokt_identity')).toBe(entries.findIndex(isConsentUpdate) + 1);
  });

  it('the nulls of a revoke follow the update that denied, as every entry of the bridge follows the push it reads', () => {
    freshPage('https://www.shop.test/?rtid=gone1');
    page.dataLayer = [];
    load();
    gtag('consent', 'update', { ad_storage: 'denied' });
    expect(
      dataLayer()
        .slice(-2)
        .map((entry) => (isConsentUpdate(entry) ? 'update' : entry)),
    ).toEqual(['update', { rtid: null, emailsha256: null }]);
  });
});
