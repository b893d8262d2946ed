// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkAudienceApiRequest } from '../../src/formats/rokt-audience-api';
import type { EventApiRequest } from '../../src/formats/rokt-event-api';

const KEY = 'key-12345';
const SECRET = 'secret-67890';
const NOW = Date.parse('2026-03-14T09:26:53.589Z');
const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
const SHA = '86e0b9e56c17cc4d12387e1949b85053fbe73bc3ce5a1188713a9d300cc6133d';

// biome-ignore lint/suspicious/noExplicitAny: a test body is changed freely to break one rule at a time
type Batch = Record<string, any>;

/** The example batch of docs/rokt-api.md, valid under every rule. */
function validBatch(): Batch {
  return {
    environment: 'production',
    source_request_id: 'T-1001',
    user_identities: { email: 'jane.doe@example.com', other: SHA, customerid: 'cust-88123', other2: RTID },
    device_info: { http_header_user_agent: 'Mozilla/5.0' },
    ip: '203.0.113.24',
    integration_attributes: { '1277': { passbackconversiontrackingid: RTID } },
    events: [
      {
        event_type: 'custom_event',
        data: {
          event_name: 'conversion',
          custom_event_type: 'transaction',
          source_message_id: 'T-1001',
          timestamp_unixtime_ms: NOW,
          custom_attributes: {
            conversiontype: 'purchase',
            confirmationref: 'T-1001',
            amount: '129.95',
            currency: 'USD',
          },
        },
      },
    ],
  };
}

function request(body: unknown, headers: Record<string, string> = {}, url = 'https://s2s.us2.mparticle.com/v2/events') {
  return {
    method: 'POST',
    url,
    headers: {
      'Content-Type': 'application/json',
      Charset: 'utf-8',
      Authorization: `Basic ${Buffer.from(`${KEY}:${SECRET}`).toString('base64')}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  } satisfies EventApiRequest;
}

function errorsAfter(change: (batch: Batch) => void): string[] {
  const batch = validBatch();
  change(batch);
  return checkAudienceApiRequest(request(batch), { apiKey: KEY, apiSecret: SECRET, pod: 'us2', now: NOW });
}

describe('checkAudienceApiRequest', () => {
  it('accepts the documented example batch', () => {
    expect(errorsAfter(() => {})).toEqual([]);
  });

  it('accepts each customer identifier alone', () => {
    for (const keep of ['email', 'other', 'other2'] as const) {
      expect(
        errorsAfter((b) => {
          b.user_identities = { [keep]: validBatch().user_identities[keep] };
          delete b.integration_attributes;
        }),
      ).toEqual([]);
    }
  });

  it.each<[string, (b: Batch) => void, string]>([
    ['no environment', (b) => delete b.environment, 'environment: required'],
    ['another environment', (b) => (b.environment = 'staging'), 'environment: required'],
    ['an unknown batch field', (b) => (b.accountId = '1'), 'batch: unknown field "accountId"'],
    ['an empty source_request_id', (b) => (b.source_request_id = ''), 'source_request_id'],
    [
      'mParticle spelling of the Rokt ID key',
      (b) => (b.user_identities.other_id_2 = RTID),
      'unknown field "other_id_2"',
    ],
    ['a numeric identity', (b) => (b.user_identities.customerid = 42), 'user_identities.customerid: must be a string'],
    ['an upper-case hash', (b) => (b.user_identities.other = SHA.toUpperCase()), 'user_identities.other'],
    ['an address as the hash', (b) => (b.user_identities.other = 'jane@example.com'), 'user_identities.other'],
    ['an untrimmed email', (b) => (b.user_identities.email = ' Jane@Example.com'), 'user_identities.email'],
    ['a Rokt ID with a space', (b) => (b.user_identities.other2 = 'abc def'), 'user_identities.other2'],
    [
      'two different Rokt IDs',
      (b) => (b.integration_attributes['1277'].passbackconversiontrackingid = 'other'),
      'same Rokt ID',
    ],
    [
      'no customer identifier',
      (b) => {
        b.user_identities = { customerid: 'c-1' };
        delete b.integration_attributes;
      },
      'needs at least one of email',
    ],
    ['an IP that is no address', (b) => (b.ip = '203.0.113'), 'ip:'],
    [
      'a user agent that is not a string',
      (b) => (b.device_info.http_header_user_agent = 1),
      'device_info.http_header_user_agent',
    ],
    ['a reserved user attribute', (b) => (b.user_attributes = { $firstname: 'x' }), 'reserved'],
    ['no events', (b) => (b.events = []), 'events: required'],
    ['another event type', (b) => (b.events[0].event_type = 'commerce_event'), 'event_type'],
    ['no event name', (b) => delete b.events[0].data.event_name, 'event_name: required'],
    [
      'an unknown custom event type',
      (b) => (b.events[0].data.custom_event_type = 'purchase'),
      'custom_event_type: required',
    ],
    [
      'a conversion that is no transaction',
      (b) => (b.events[0].data.custom_event_type = 'other'),
      'a conversion is a "transaction"',
    ],
    ['no source_message_id', (b) => delete b.events[0].data.source_message_id, 'source_message_id: required'],
    ['a timestamp in seconds', (b) => (b.events[0].data.timestamp_unixtime_ms = Math.floor(NOW / 1000)), '13 digits'],
    ['a timestamp as text', (b) => (b.events[0].data.timestamp_unixtime_ms = String(NOW)), '13 digits'],
    ['a timestamp 31 days old', (b) => (b.events[0].data.timestamp_unixtime_ms = NOW - 31 * 86400000), '30 days ago'],
    ['a timestamp an hour ahead', (b) => (b.events[0].data.timestamp_unixtime_ms = NOW + 3600000), '5 minutes ahead'],
    ['no conversiontype', (b) => delete b.events[0].data.custom_attributes.conversiontype, 'conversiontype'],
    [
      'a numeric attribute',
      (b) => (b.events[0].data.custom_attributes.amount = 129.95),
      'custom_attributes.amount: must be a string',
    ],
    [
      'an attribute over 4096 characters',
      (b) => (b.events[0].data.custom_attributes.note = 'x'.repeat(4097)),
      'at most 4096',
    ],
    [
      '101 attributes',
      (b) => {
        for (let i = 0; i < 97; i++) b.events[0].data.custom_attributes[`a${i}`] = 'x';
      },
      'at most 100 attributes',
    ],
    ['a reserved attribute name', (b) => (b.events[0].data.custom_attributes['rokt.x'] = '1'), 'reserved'],
    ['two events with one message ID', (b) => b.events.push(structuredClone(b.events[0])), 'must differ'],
    [
      'a batch over 128 KB',
      (b) => (b.user_attributes = { big: ['y'.repeat(500)].concat(Array(300).fill('z'.repeat(500))) }),
      'bytes per batch',
    ],
  ])('refuses %s', (_, change, expected) => {
    const errors = errorsAfter(change);
    expect(errors.join('\n')).toContain(expected);
  });

  it.each<[string, Partial<Parameters<typeof request>>, string]>([
    ['the legacy endpoint', [validBatch(), {}, 'https://api.rokt.com/v2/events'], 'url:'],
    [
      'another pod than expected',
      [validBatch(), {}, 'https://s2s.eu1.mparticle.com/v2/events'],
      'must go to the us2 pod',
    ],
    ['an unknown pod', [validBatch(), {}, 'https://s2s.us3.mparticle.com/v2/events'], 'url:'],
    ['no Charset', [validBatch(), { Charset: 'latin1' }], 'Charset'],
    ['text/plain', [validBatch(), { 'Content-Type': 'text/plain' }], 'Content-Type'],
    ['the Event API version header', [validBatch(), { 'Rokt-Version': '2020-05-21' }], 'Rokt-Version'],
    ['a Bearer token', [validBatch(), { Authorization: 'Bearer x' }], 'Authorization must be'],
    [
      'the wrong secret',
      [validBatch(), { Authorization: `Basic ${Buffer.from(`${KEY}:nope`).toString('base64')}` }],
      'wrong API secret',
    ],
    [
      'an empty secret',
      [validBatch(), { Authorization: `Basic ${Buffer.from(`${KEY}:`).toString('base64')}` }],
      'without spaces',
    ],
    ['a body that is not JSON', ['{', {}], 'valid JSON'],
  ])('refuses %s', (_, args, expected) => {
    const errors = checkAudienceApiRequest(request(...(args as Parameters<typeof request>)), {
      apiKey: KEY,
      apiSecret: SECRET,
      pod: 'us2',
    });
    expect(errors.join('\n')).toContain(expected);
  });

  it('refuses a GET', () => {
    expect(checkAudienceApiRequest({ ...request(validBatch()), method: 'GET' }).join()).toContain('must be POST');
  });
});
