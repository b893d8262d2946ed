// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkConversionGet, checkEventApiRequest, type EventApiRequest } from '../../src/formats/rokt-event-api';
import { eventApiRequest } from './fixtures';

const PUB = 'rpub-12345-a';
const SEC = 'rsec-67890-b';
const NOW = Date.parse('2026-03-14T09:26:53.589Z');

type Body = { accountId?: unknown; events: Record<string, unknown>[]; [k: string]: unknown };

function validBody(): Body {
  return {
    accountId: '3051387316918867566',
    events: [
      {
        clientEventId: 'T-1001',
        eventType: 'conversion',
        eventTime: '2026-03-14T09:26:53.589Z',
        objectData: [
          { name: 'passbackconversiontrackingid', value: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' },
          { name: 'conversiontype', value: 'purchase' },
          { name: 'amount', value: '21.5' },
        ],
        metaData: [{ name: 'source', value: 'sgtm' }],
      },
    ],
  };
}

function request(body: unknown = validBody(), headers: Record<string, string> = {}): EventApiRequest {
  return eventApiRequest(typeof body === 'string' ? body : JSON.stringify(body), PUB, SEC, headers);
}

/** Applies `change` to a fresh valid body and returns the checker's verdict. */
function bodyErrors(change: (b: Body, e: Record<string, unknown>) => void): string[] {
  const body = validBody();
  change(body, body.events[0]!);
  return checkEventApiRequest(request(body), { publicKey: PUB, secretKey: SEC, now: NOW });
}

describe('checkEventApiRequest', () => {
  it('accepts a request that follows every documented rule', () => {
    expect(checkEventApiRequest(request(), { publicKey: PUB, secretKey: SEC, now: NOW })).toEqual([]);
  });

  it.each<[string, Partial<EventApiRequest>, RegExp]>([
    ['a GET', { method: 'GET' }, /method/],
    ['another URL', { url: 'https://api.rokt.com/v1/events' }, /url/],
    ['a body that is not JSON', { body: '{"accountId":' }, /valid JSON/],
  ])('rejects %s', (_, change, rule) => {
    expect(checkEventApiRequest({ ...request(), ...change }).join('\n')).toMatch(rule);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a form content type', { 'Content-Type': 'application/x-www-form-urlencoded' }, /Content-Type/],
    ['another charset', { Charset: 'latin1' }, /Charset/],
    ['another API version', { 'Rokt-Version': '2021-01-01' }, /Rokt-Version/],
    ['a bearer token', { Authorization: 'Bearer abc' }, /Authorization must be/],
    ['credentials without rpub-/rsec-', { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }, /rpub-/],
    [
      'credentials of another key pair',
      { Authorization: `Basic ${Buffer.from('rpub-x:rsec-y').toString('base64')}` },
      /wrong public key/,
    ],
  ])('rejects %s', (_, headers, rule) => {
    expect(checkEventApiRequest(request(validBody(), headers), { publicKey: PUB, secretKey: SEC }).join('\n')).toMatch(
      rule,
    );
  });

  it('matches header names case-insensitively', () => {
    const req = request();
    const lower = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(checkEventApiRequest({ ...req, headers: lower })).toEqual([]);
  });

  it.each<[string, (b: Body, e: Record<string, unknown>) => void, RegExp]>([
    ['a missing accountId', (b) => delete b.accountId, /accountId: required/],
    ['an accountId over 64 characters', (b) => (b.accountId = '1'.repeat(65)), /accountId: at most 64/],
    ['an unknown top-level field', (b) => (b.extra = 1), /unknown field "extra"/],
    ['an empty event list', (b) => (b.events = []), /events: required/],
    [
      'more than 100 events',
      (b) => (b.events = Array.from({ length: 101 }, () => validBody().events[0]!)),
      /at most 100/,
    ],
    ['a clientEventId over 36 characters', (_, e) => (e.clientEventId = 'x'.repeat(37)), /clientEventId: at most 36/],
    ['a missing clientEventId', (_, e) => delete e.clientEventId, /clientEventId: required/],
    ['an eventType over 128 characters', (_, e) => (e.eventType = 'x'.repeat(129)), /eventType: at most 128/],
    ['an eventTime with an offset', (_, e) => (e.eventTime = '2026-03-14T10:26:53.589+01:00'), /RFC 3339 in UTC/],
    ['an eventTime in milliseconds', (_, e) => (e.eventTime = NOW), /eventTime: required/],
    ['an impossible date', (_, e) => (e.eventTime = '2026-02-30T00:00:00.000Z'), /not a real date/],
    [
      'an eventTime 10 minutes ahead',
      (_, e) => (e.eventTime = new Date(NOW + 600_000).toISOString()),
      /5 minutes ahead/,
    ],
    ['an eventTime two years old', (_, e) => (e.eventTime = '2024-03-14T09:26:53.589Z'), /18 months/],
    [
      'a numeric objectData value',
      (_, e) => ((e.objectData as { value: unknown }[])[2]!.value = 21.5),
      /value: must be a string, got number/,
    ],
    ['a null objectData value', (_, e) => ((e.objectData as { value: unknown }[])[2]!.value = null), /got null/],
    [
      'a value over 65536 characters',
      (_, e) => ((e.objectData as { value: unknown }[])[2]!.value = 'x'.repeat(65537)),
      /at most 65536/,
    ],
    [
      'a name with the reserved prefix',
      (_, e) => (e.objectData as object[]).push({ name: 'ROKT.score', value: '1' }),
      /reserved/,
    ],
    [
      'a metaData name over 256 characters',
      (_, e) => (e.metaData as object[]).push({ name: 'x'.repeat(257), value: '1' }),
      /at most 256/,
    ],
    [
      'an extra key in a pair',
      (_, e) => (e.objectData as object[]).push({ name: 'a', value: 'b', type: 's' }),
      /unknown field "type"/,
    ],
    ['objectData that is not a list', (_, e) => (e.objectData = { amount: '1' }), /list of \{name, value\}/],
    ['no source: sgtm metaData', (_, e) => (e.metaData = [{ name: 'source', value: 'web' }]), /source/],
    [
      'a conversion without conversiontype',
      (_, e) => (e.objectData = (e.objectData as { name: string }[]).filter((p) => p.name !== 'conversiontype')),
      /conversiontype/,
    ],
    [
      'no identifier at all',
      (_, e) => (e.objectData = [{ name: 'conversiontype', value: 'purchase' }]),
      /at least one of/,
    ],
    [
      'an upper-case email hash',
      (_, e) =>
        (e.objectData = [
          { name: 'conversiontype', value: 'x' },
          { name: 'emailsha256', value: 'A'.repeat(64) },
        ]),
      /64 lowercase hex/,
    ],
    [
      'an invalid Rokt ID',
      (_, e) => ((e.objectData as { value: unknown }[])[0]!.value = 'abc def'),
      /passbackconversiontrackingid: must be/,
    ],
    [
      'a raw email in upper case',
      (_, e) =>
        (e.objectData = [
          { name: 'conversiontype', value: 'x' },
          { name: 'email', value: 'A@Example.com' },
        ]),
      /trimmed, lowercase/,
    ],
  ])('rejects %s', (_, change, rule) => {
    expect(bodyErrors(change).join('\n')).toMatch(rule);
  });

  it('accepts every documented identifier alone', () => {
    for (const id of [
      { name: 'email', value: 'someone@example.com' },
      { name: 'emailsha256', value: 'a'.repeat(64) },
      { name: 'passbackconversiontrackingid', value: '45670808' },
    ]) {
      expect(bodyErrors((_, e) => (e.objectData = [{ name: 'conversiontype', value: 'signup' }, id]))).toEqual([]);
    }
  });
});

describe('checkConversionGet', () => {
  const ok =
    'https://apps.rokt.com/api/conv?id=3051387316918867566&passbackconversiontrackingid=qjkp3xy7dtf9wvneazc5r2bh8ls1m06g&conversiontype=purchase';

  it('accepts the documented example and omits the optional conversiontype', () => {
    expect(checkConversionGet(ok)).toEqual([]);
    expect(checkConversionGet(ok.replace('&conversiontype=purchase', ''))).toEqual([]);
  });

  it.each<[string, string, RegExp]>([
    ['another host', ok.replace('apps.rokt.com', 'api.rokt.com'), /must start with/],
    ['plain http', ok.replace('https:', 'http:'), /must start with/],
    ['a missing account ID', ok.replace('id=3051387316918867566&', ''), /id \(the Rokt account ID\) is required/],
    [
      'a missing Rokt ID',
      ok.replace(/&passbackconversiontrackingid=[^&]+/, ''),
      /passbackconversiontrackingid is required/,
    ],
    ['an invalid Rokt ID', ok.replace('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g', 'abc%20def'), /must be 1-100/],
    ['an email parameter', `${ok}&email=someone%40example.com`, /"email" is not part/],
    ['an email hash parameter', `${ok}&emailsha256=${'a'.repeat(64)}`, /"emailsha256" is not part/],
    [
      'an email hidden in conversiontype',
      ok.replace('conversiontype=purchase', 'conversiontype=a%40b.com'),
      /carries an email/,
    ],
    ['a repeated parameter', `${ok}&conversiontype=signup`, /more than once/],
    ['an empty conversiontype', ok.replace('conversiontype=purchase', 'conversiontype='), /must not be empty/],
    ['a relative URL', '/api/conv?id=1', /absolute URL/],
  ])('rejects %s', (_, url, rule) => {
    expect(checkConversionGet(url).join('\n')).toMatch(rule);
  });
});
