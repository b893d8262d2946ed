// @vitest-environment node
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Ga4HitTooLarge, MAX_PARAMETER_COPIES, parseCookieHeader, parseGa4Hit } from '../src/ga4-hit.js';

const SHARED =
  'v=2&tid=G-PREVIEW&gtm=45je0&_p=1940542384&cid=123.456&sid=1652075867&sct=18&ul=en-us&sr=1536x960' +
  '&dl=http%3A%2F%2Fcheckout.shop.test%3A8080%2Fthank-you%3Forder%3DA1&dt=Thanks&gcs=G111&_s=3&seg=1';

describe('parseGa4Hit', () => {
  it('maps the documented query parameters to event data keys', () => {
    const [event] = parseGa4Hit({ query: `?${SHARED}&en=page_view&_et=12`, body: '' });
    expect(event).toEqual({
      'x-ga-protocol_version': '2',
      'x-ga-measurement_id': 'G-PREVIEW',
      'x-ga-gtm_version': '45je0',
      'x-ga-page_id': 1940542384,
      client_id: '123.456',
      ga_session_id: '1652075867',
      ga_session_number: 18,
      language: 'en-us',
      screen_resolution: '1536x960',
      page_location: 'http://checkout.shop.test:8080/thank-you?order=A1',
      page_hostname: 'checkout.shop.test',
      page_path: '/thank-you',
      page_title: 'Thanks',
      'x-ga-gcs': 'G111',
      'x-ga-request_count': 3,
      'x-ga-mp2-seg': '1',
      event_name: 'page_view',
      engagement_time_msec: 12,
    });
  });

  it('puts ep.* as strings and epn.* as numbers at the top level, up.* under user properties', () => {
    const [event] = parseGa4Hit({
      query: 'en=purchase&ep.rtid=qjkp3xy7&ep.transaction_id=0042&epn.value=42.5&up.tier=gold&upn.visits=3',
      body: '',
    });
    expect(event).toMatchObject({
      event_name: 'purchase',
      rtid: 'qjkp3xy7',
      transaction_id: '0042',
      value: 42.5,
      'x-ga-mp2-user_properties': { tier: 'gold', visits: 3 },
    });
  });

  it('keeps a numeric parameter that does not parse as the string that was sent', () => {
    const [event] = parseGa4Hit({ query: 'en=x&epn.value=abc', body: '' });
    expect(event.value).toBe('abc');
  });

  it('makes one event per body line, each line on top of the shared query parameters', () => {
    const events = parseGa4Hit({
      query: SHARED,
      body: 'en=sign_up&ep.rtid=R1\nen=purchase&ep.rtid=R1&ep.emailsha256=ab12&dt=Override\n',
    });
    expect(events.map((event) => [event.event_name, event.client_id, event.page_title])).toEqual([
      ['sign_up', '123.456', 'Thanks'],
      ['purchase', '123.456', 'Override'],
    ]);
    expect(events[1].emailsha256).toBe('ab12');
    expect(events[0].emailsha256).toBeUndefined();
  });

  it('decodes percent-encoding once, as URLSearchParams does', () => {
    const [event] = parseGa4Hit({ query: 'en=x&ep.rtid=abc%252Ddef&ep.note=a+b', body: '' });
    expect(event.rtid).toBe('abc%2Ddef');
    expect(event.note).toBe('a b');
  });

  it('reports the user agent and client address', () => {
    const [event] = parseGa4Hit({ query: 'en=x', body: '', userAgent: 'Chromium/156', ip: '127.0.0.1' });
    expect(event).toMatchObject({ user_agent: 'Chromium/156', ip_override: '127.0.0.1' });
  });

  it('parses pr1… items and currency', () => {
    const [event] = parseGa4Hit({
      query: 'en=purchase&cu=EUR&pr1=idSKU1~nmMug~pr12.5~qt2&pr2=idSKU2~brAcme',
      body: '',
    });
    expect(event.currency).toBe('EUR');
    expect(event.items).toEqual([
      { item_id: 'SKU1', item_name: 'Mug', price: 12.5, quantity: 2 },
      { item_id: 'SKU2', item_brand: 'Acme' },
    ]);
  });
});

describe('parseCookieHeader', () => {
  it('splits a Cookie header into name → values, keeping repeats', () => {
    expect(parseCookieHeader('VendorClickId=abc; _ga=GA1.1.1.2; a=1; a=2; broken')).toEqual({
      VendorClickId: ['abc'],
      _ga: ['GA1.1.1.2'],
      a: ['1', '2'],
    });
  });

  it('gives nothing for no header', () => {
    expect(parseCookieHeader(undefined)).toEqual({});
  });
});

describe('parseGa4Hit on hostile input', () => {
  afterEach(() => vi.restoreAllMocks());

  /**
   * Counts the work of a parse as the number of array elements walked by the array methods it uses, and refuses (by
   * throwing) to walk an array longer than `limit`, so a parser that builds a huge array fails at once instead of
   * running for minutes. No clock is read.
   */
  function countWork(limit: number): { walked: () => number } {
    let walked = 0;
    for (const name of ['filter', 'map', 'forEach', 'sort', 'some', 'find'] as const) {
      const original = Array.prototype[name] as (...args: unknown[]) => unknown;
      vi.spyOn(Array.prototype, name).mockImplementation(function (this: unknown[], ...args: unknown[]) {
        if (this.length > limit) throw new Error(`${name}() over ${this.length} elements`);
        walked += this.length;
        return original.apply(this, args);
      });
    }
    return { walked: () => walked };
  }

  it('an item index of 300,000,000 orders the item; it never sizes an array', () => {
    const work = countWork(1000);
    const [event] = parseGa4Hit({ query: 'v=2&en=purchase&pr300000000=idB~nmLast&pr2=idA', body: '' });
    expect(event.items).toEqual([{ item_id: 'A' }, { item_id: 'B', item_name: 'Last' }]);
    expect(work.walked()).toBeLessThan(50);
  });

  it('is linear: ten times the parameters is ten times the work, and ten times the event data', () => {
    const hit = (n: number) => ({
      query: `v=2&en=purchase&${Array.from({ length: n }, (_, i) => `ep.p${i}=v&pr${i + 1}=id${i}`).join('&')}`,
      body: '',
    });
    const work = countWork(1_000_000);
    const small = parseGa4Hit(hit(1000));
    const smallWork = work.walked();
    const large = parseGa4Hit(hit(10_000));
    const largeWork = work.walked() - smallWork;
    expect(largeWork / smallWork).toBeGreaterThan(9);
    expect(largeWork / smallWork).toBeLessThan(11);
    expect(Object.keys(large[0]).length / Object.keys(small[0]).length).toBeGreaterThan(9);
    expect((large[0].items as unknown[]).length).toBe(10_000);
  });

  it('a request whose events × shared parameters is beyond any GA4 hit is refused whole', () => {
    const query = Array.from({ length: 2000 }, (_, i) => `ep.s${i}=1`).join('&');
    const body = Array.from({ length: MAX_PARAMETER_COPIES / 1000 }, () => 'en=x').join('\n');
    expect(() => parseGa4Hit({ query, body })).toThrow(Ga4HitTooLarge);
  });

  it('parameter names that are Object property names are parameters, never lost or misread', () => {
    const [event] = parseGa4Hit({
      query: 'v=2&en=purchase&constructor=c&toString=t&ep.__proto__=p&up.__proto__=u&pr1=__x~constructory',
      body: '',
    });
    expect(event['x-ga-mp2-constructor']).toBe('c');
    expect(event['x-ga-mp2-toString']).toBe('t');
    expect(Object.getOwnPropertyDescriptor(event, '__proto__')?.value).toBe('p');
    expect(Object.getPrototypeOf(event)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(event['x-ga-mp2-user_properties'], '__proto__')?.value).toBe('u');
    expect(event.items).toEqual([{}]);
    expect(Object.keys(event).some((key) => key.includes('function'))).toBe(false);
  });

  it('a cookie named constructor or __proto__ is a cookie', () => {
    const cookies = parseCookieHeader('constructor=1; __proto__=2; toString=3; constructor=4');
    expect(cookies.constructor).toEqual(['1', '4']);
    expect(Object.getOwnPropertyDescriptor(cookies, '__proto__')?.value).toEqual(['2']);
    expect(cookies.toString).toEqual(['3']);
    expect(cookies.hasOwnProperty).toBeUndefined();
  });
});
