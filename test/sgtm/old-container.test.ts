// @vitest-environment node
/**
 * A container imported before the tag offered the Event and Audience API keeps working: its Rokt Event API tag, with
 * the field values that import file gave it (and without the fields added since), sends what it sent then.
 */
import { readFileSync } from 'node:fs';
import { type HttpRequestRecord, loadTpl, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import type { GtmParameter } from '../../src/formats/gtm-export';
import { checkConversionGet, checkEventApiRequest } from '../../src/formats/rokt-event-api';
import { decodeParameters } from '../../src/formats/template-fields';
import { ACCOUNT_ID, CONVERSION_ID, NOW, PUBLIC_KEY, purchaseEvent, ROKT_ID, SECRET_KEY, TAG_TPL } from './fixtures';

const saved = JSON.parse(
  readFileSync(new URL('./fixtures/event-api-tag-before-audience-api.json', import.meta.url), 'utf8'),
) as {
  parameter: GtmParameter[];
  request: HttpRequestRecord;
  outcome: string;
};

/**
 * The one deliberate change since: the clientEventId of an order is its conversion type and order ID digested (a short
 * order ID used to be sent as it was, so two conversion types of one order shared an ID); nothing else differs.
 */
function withFixedClientEventId(request: HttpRequestRecord): HttpRequestRecord {
  const body = JSON.parse(request.body ?? '');
  expect(body.events[0].clientEventId).toBe('T-1001');
  body.events[0].clientEventId = CONVERSION_ID;
  return { ...request, body: JSON.stringify(body) };
}

/** The saved tag's fields, with its three Constants filled in as an installer did, and Dry run off. */
function savedFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...decodeParameters(saved.parameter),
    accountId: ACCOUNT_ID,
    publicKey: PUBLIC_KEY,
    secretKey: SECRET_KEY,
    dryRun: false,
    ...overrides,
  };
}

async function run(data: Record<string, unknown>, answer = '{"data":{"unprocessedRecords":[]}}') {
  return runTemplate(loadTpl(TAG_TPL), {
    data,
    eventData: purchaseEvent(),
    now: NOW,
    fetch: async () => ({ statusCode: 200, body: answer }),
  });
}

// An old container's saved tag (a fixture file) against today's template: not a scenario of the template itself.
describe('a Rokt Event API tag saved by the import file of before the Event and Audience API', () => {
  it('has none of the fields added since (the test would prove nothing otherwise)', () => {
    const keys = saved.parameter.map((p) => p.key);
    expect(keys).toContain('apiMode');
    for (const added of ['pod', 'apiKey', 'apiSecret', 'environment', 'customerId', 'sendDeviceInfo'])
      expect(keys).not.toContain(added);
  });

  it('still posts to the Event API the request it sent then, and succeeds', async () => {
    const result = await run(savedFields());
    expect(result.requests).toEqual([withFixedClientEventId(saved.request)]);
    expect(result.outcome).toBe(saved.outcome);
    expect(
      checkEventApiRequest({ ...result.requests[0]!, body: result.requests[0]!.body ?? '' }, { now: NOW }),
    ).toEqual([]);
  });

  it('keeps the Event API when the saved tag has no apiMode value at all', async () => {
    const result = await run(savedFields({ apiMode: undefined }));
    expect(result.requests).toEqual([withFixedClientEventId(saved.request)]);
  });

  it('switched to the PII-less GET, still sends the 0.1.0 query', async () => {
    const result = await run(savedFields({ apiMode: 'conversionGet' }), '{"statusCode":200,"success":true}');
    expect(result.requests.map((r) => r.url)).toEqual([
      `https://apps.rokt.com/api/conv?id=${ACCOUNT_ID}&passbackconversiontrackingid=${ROKT_ID}&conversiontype=purchase`,
    ]);
    expect(checkConversionGet(result.requests[0]!.url)).toEqual([]);
    expect(result.outcome).toBe('success');
  });
});
