// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { parseCookieHeader, parseGa4Hit } from '../../src/preview/ga4-hit';

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
      body: 'en=rokt_identity&ep.rtid=R1\nen=purchase&ep.rtid=R1&ep.emailsha256=ab12&dt=Override\n',
    });
    expect(events.map((event) => [event.event_name, event.client_id, event.page_title])).toEqual([
      ['rokt_identity', '123.456', 'Thanks'],
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
    expect(parseCookieHeader('RoktTransactionId=abc; _ga=GA1.1.1.2; a=1; a=2; broken')).toEqual({
      RoktTransactionId: ['abc'],
      _ga: ['GA1.1.1.2'],
      a: ['1', '2'],
    });
  });

  it('gives nothing for no header', () => {
    expect(parseCookieHeader(undefined)).toEqual({});
  });
});
