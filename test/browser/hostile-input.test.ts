import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EMAIL_KEY, ID_KEY } from '../../src/browser/identity';
import { install } from '../../src/browser/install';
import {
  cookies,
  dataLayer,
  freshPage,
  gtag,
  gtagCommand,
  identityEvents,
  load,
  navigate,
  page,
  sha,
  spyOnStorageWrites,
} from './page';

beforeEach(() => freshPage());

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
