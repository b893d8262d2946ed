// @vitest-environment node

import { type HttpRequestRecord, type HttpResponse, loadTpl, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { type AudienceApiPod, checkAudienceApiRequest } from '../../src/formats/rokt-audience-api';
import {
  type CheckedRun,
  CONVERSION_ID,
  EMAIL_SHA256,
  fireTag,
  NOW,
  purchaseEvent,
  ROKT_ID,
  tagFields,
  VARIABLE_TPL,
} from './fixtures';

const API_KEY = 'us2-4f1c0a9e8b7d6c5b4a3f2e1d0c9b8a7f';
const API_SECRET = 'Zx9_secret-Value.0123456789abcdefABCDEF';
const CREDENTIALS = Buffer.from(`${API_KEY}:${API_SECRET}`).toString('base64');
const ACCEPTED: HttpResponse = { statusCode: 202, body: '' };

/** Tag fields for the Event and Audience API, as the import file and an installer set them. */
function audienceFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return tagFields({
    apiMode: 'eventAudienceApi',
    accountId: '',
    publicKey: '',
    secretKey: '',
    pod: 'us2',
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    environment: 'production',
    customerId: '',
    sendDeviceInfo: true,
    ...overrides,
  });
}

type Run = CheckedRun;

function fire(
  fields: Record<string, unknown> = {},
  eventData: Record<string, unknown> = purchaseEvent(),
  answers: (HttpResponse | 'fail')[] = [ACCEPTED],
): Promise<Run> {
  const data = audienceFields(fields);
  const check = (req: HttpRequestRecord & { body: string }) =>
    checkAudienceApiRequest(req, { apiKey: API_KEY, apiSecret: API_SECRET, pod: data.pod as AudienceApiPod, now: NOW });
  return fireTag(data, { check, secrets: [API_SECRET, CREDENTIALS] }, eventData, answers);
}

const batchOf = (run: Run, index = 0) => JSON.parse(run.requests[index]!.body!);

const logText = (run: Run) => run.logs.join('\n');

describe('Rokt Event and Audience API: the captured GA4 purchase', () => {
  it('posts one mParticle batch that meets every rule of the checker and succeeds on 202', async () => {
    const run = await fire();
    expect(run.outcome).toBe('success');
    expect(run.violations).toEqual([[]]);
    expect(run.requests[0]).toMatchObject({
      url: 'https://s2s.us2.mparticle.com/v2/events',
      method: 'POST',
      headers: { Authorization: `Basic ${CREDENTIALS}`, Charset: 'utf-8', 'Content-Type': 'application/json' },
      timeout: 5000,
    });
    expect(batchOf(run)).toEqual({
      environment: 'production',
      source_request_id: CONVERSION_ID,
      user_identities: { other: EMAIL_SHA256, other2: ROKT_ID },
      device_info: { http_header_user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) ...' },
      ip: '80.221.59.110',
      integration_attributes: { '1277': { passbackconversiontrackingid: ROKT_ID } },
      events: [
        {
          event_type: 'custom_event',
          data: {
            event_name: 'conversion',
            custom_event_type: 'transaction',
            source_message_id: CONVERSION_ID,
            timestamp_unixtime_ms: NOW,
            custom_attributes: {
              conversiontype: 'purchase',
              confirmationref: 'T-1001',
              amount: '129.9',
              currency: 'EUR',
            },
          },
        },
      ],
    });
  });

  it.each(['us1', 'us2', 'eu1', 'au1'])('sends to the host of pod %s', async (pod) => {
    const run = await fire({ pod });
    expect(run.requests[0]!.url).toBe(`https://s2s.${pod}.mparticle.com/v2/events`);
    expect(run.violations).toEqual([[]]);
  });

  it.each([
    ['both', { other: EMAIL_SHA256, other2: ROKT_ID }, true],
    ['emailSha256', { other: EMAIL_SHA256 }, false],
    ['roktId', { other2: ROKT_ID }, true],
  ])('identifier policy %s sends exactly the chosen identifiers', async (identifierPolicy, identities, withClickId) => {
    const run = await fire({ identifierPolicy });
    expect(run.violations).toEqual([[]]);
    expect(batchOf(run).user_identities).toEqual(identities);
    expect(batchOf(run).integration_attributes !== undefined).toBe(withClickId);
  });

  it('sends the raw address as user_identities.email only when asked, and the mapped customer ID as customerid', async () => {
    const hit = purchaseEvent({ emailsha256: undefined });
    const hashed = await fire({ customerId: ' C-88123 ' }, hit);
    expect(batchOf(hashed).user_identities).toEqual({ other: EMAIL_SHA256, other2: ROKT_ID, customerid: 'C-88123' });
    expect(hashed.requests[0]!.body).not.toContain('someone@example.com');
    const raw = await fire({ sendRawEmail: true }, hit);
    expect(raw.violations).toEqual([[]]);
    expect(batchOf(raw).user_identities).toEqual({
      other: EMAIL_SHA256,
      email: 'someone@example.com',
      other2: ROKT_ID,
    });
  });

  it('"Rokt ID only" sends no email in any form and no customer ID, whatever the other fields say', async () => {
    const run = await fire(
      { identifierPolicy: 'roktId', sendRawEmail: true, customerId: 'C-88123' },
      purchaseEvent({ emailsha256: undefined, email: 'someone@example.com' }),
    );
    expect(run.violations).toEqual([[]]);
    expect(batchOf(run).user_identities).toEqual({ other2: ROKT_ID });
    expect(run.requests[0]!.body).not.toMatch(/someone@example\.com|72497f47/);
  });

  it('leaves out the IP address and user agent when the checkbox is off, and sends the chosen environment', async () => {
    const run = await fire({ sendDeviceInfo: false, environment: 'development' });
    expect(run.violations).toEqual([[]]);
    const batch = batchOf(run);
    expect(batch.ip).toBeUndefined();
    expect(batch.device_info).toBeUndefined();
    expect(batch.environment).toBe('development');
  });

  it('maps the conversion type and the extra attribute rows into custom_attributes, as strings', async () => {
    const run = await fire({
      conversionTypeMap: [{ eventName: 'purchase', conversionType: 'order' }],
      objectDataRows: [
        { name: 'margin', value: 12.5 },
        { name: 'currency', value: 'USD' },
        { name: 'amount', value: '' },
        { name: 'rokt.score', value: '1' },
        { name: 'Email', value: 'someone@example.com' },
      ],
    });
    expect(run.violations).toEqual([[]]);
    expect(batchOf(run).events[0].data.custom_attributes).toEqual({
      conversiontype: 'order',
      confirmationref: 'T-1001',
      currency: 'USD',
      margin: '12.5',
    });
    expect(logText(run)).toContain('attribute "rokt.score" dropped');
  });

  it('derives the batch and message IDs from the conversion: the same conversion twice gives the same IDs', async () => {
    const first = batchOf(await fire());
    const again = batchOf(await fire());
    expect(again.source_request_id).toBe(first.source_request_id);
    expect(again.events[0].data.source_message_id).toBe(first.events[0].data.source_message_id);
    const otherOrder = batchOf(await fire({}, purchaseEvent({ transaction_id: 'T-1002' })));
    expect(otherOrder.source_request_id).not.toBe(first.source_request_id);
  });

  it('outputs, as the Rokt Identifier variable, the very body the tag sends for the same fields', async () => {
    for (const fields of [{}, { identifierPolicy: 'emailSha256', customerId: 'C-1', sendDeviceInfo: false }]) {
      const run = await fire(fields);
      const variable = await runTemplate(loadTpl(VARIABLE_TPL), {
        data: { ...audienceFields(fields), output: 'audienceApiBody' },
        eventData: purchaseEvent(),
        now: NOW,
      });
      expect(variable.value).toBe(run.requests[0]!.body);
    }
  });
});

describe('Rokt Event and Audience API: outcomes and retry', () => {
  const errorsBody = JSON.stringify({
    errors: [
      { code: 'BAD_REQUEST', message: 'Required event field "event_type" is missing or empty.' },
      { code: 'BAD_REQUEST', message: 'Second problem' },
    ],
  });
  const rateLimited: HttpResponse = { statusCode: 429, headers: { 'retry-after': '7' }, body: '' };
  const unavailable: HttpResponse = { statusCode: 503, body: '' };
  const timedOut: HttpResponse = { statusCode: 0, timeout: true };
  it.each<[string, number, 'success' | 'failure', (HttpResponse | 'fail')[], string]>([
    ['202', 1, 'success', [ACCEPTED], 'status 202, accepted'],
    ['202 with an empty errors list', 1, 'success', [{ statusCode: 202, body: '{"errors":[]}' }], 'accepted'],
    ['202 with errors', 1, 'failure', [{ statusCode: 202, body: errorsBody }, ACCEPTED], '2 error(s) in the answer'],
    ['200 with errors that are not a list', 1, 'failure', [{ statusCode: 200, body: '{"errors":"x"}' }], 'not a list'],
    ['400', 1, 'failure', [{ statusCode: 400, body: errorsBody }, ACCEPTED], 'refused the request as malformed'],
    ['401', 1, 'failure', [{ statusCode: 401, body: '' }, ACCEPTED], 'the API key or secret is wrong'],
    ['403', 1, 'failure', [{ statusCode: 403, body: '' }, ACCEPTED], 'the API key or secret is wrong'],
    [
      '429, then 202',
      2,
      'success',
      [rateLimited, ACCEPTED],
      'status 429 (rate-limited, Retry-After 7 s); retrying once',
    ],
    ['429 twice', 2, 'failure', [rateLimited, rateLimited, ACCEPTED], 'rate-limited by Rokt, Retry-After 7 s'],
    ['503, then 202', 2, 'success', [unavailable, ACCEPTED], 'status 503; retrying once'],
    ['503 twice', 2, 'failure', [unavailable, unavailable, ACCEPTED], 'still after one retry'],
    ['a time-out, then 202', 2, 'success', [timedOut, ACCEPTED], 'timed out; retrying once'],
    ['two time-outs', 2, 'failure', [timedOut, timedOut, ACCEPTED], 'not delivered: timed_out after 2 attempt(s)'],
    ['a failed connection, then 202', 2, 'success', ['fail', ACCEPTED], 'connection failed; retrying once'],
  ])('%s: %d request(s), %s', async (_, requests, outcome, answers, logged) => {
    const run = await fire({}, purchaseEvent(), answers);
    expect(run.requests).toHaveLength(requests);
    expect(run.outcome).toBe(outcome);
    expect(run.violations.flat()).toEqual([]);
    if (requests === 2) expect(run.requests[1]).toEqual(run.requests[0]);
    expect(logText(run)).toContain(logged);
  });

  it('logs each error of a refusal by its code and message, never the body', async () => {
    const run = await fire({}, purchaseEvent(), [{ statusCode: 400, body: errorsBody }]);
    expect(run.logs).toContain(
      'Rokt Event API: error 1: BAD_REQUEST: Required event field "event_type" is missing or empty.',
    );
    expect(run.logs).toContain('Rokt Event API: error 2: BAD_REQUEST: Second problem');
    expect(logText(run)).not.toContain(errorsBody);
  });
});

describe('Rokt Event and Audience API: settings, consent and dry run', () => {
  it.each([
    ['pod', { pod: 'us3' }, 'the Pod must be one of us1, us2, eu1, au1'],
    ['pod', { pod: '' }, 'the Pod must be one of'],
    ['pod', { pod: undefined }, 'the Pod must be one of'],
    ['apiKey', { apiKey: '' }, 'the API key is missing'],
    ['apiKey', { apiKey: '   ' }, 'the API key is missing'],
    ['apiKey', { apiKey: 'two words' }, 'the API key is missing or contains spaces'],
    ['apiSecret', { apiSecret: undefined }, 'the API secret is missing'],
    ['apiSecret', { apiSecret: `${API_SECRET} ` }, 'the API secret is missing or contains spaces'],
    ['environment', { environment: 'staging' }, 'the Environment must be production or development'],
    ['environment', { environment: '' }, 'the Environment must be production or development'],
  ])('a bad %s (%o) sends nothing, fails and names the field', async (_, fields, message) => {
    const run = await fire(fields);
    expect(run.requests).toEqual([]);
    expect(run.outcome).toBe('failure');
    expect(logText(run)).toContain(`not sent: ${message}`);
  });

  it('does not need the Event API account ID or keys', async () => {
    const run = await fire({ accountId: undefined, publicKey: undefined, secretKey: undefined });
    expect(run.outcome).toBe('success');
  });

  it('sends nothing and succeeds when the hit says ad_storage is denied', async () => {
    const run = await fire({}, purchaseEvent({ 'x-ga-gcs': 'G101' }));
    expect(run.requests).toEqual([]);
    expect(run.outcome).toBe('success');
  });

  it('dry run logs the batch that would be sent, without the secret, the Authorization or the raw email', async () => {
    const run = await fire({ dryRun: true, sendRawEmail: true }, purchaseEvent({ emailsha256: undefined }));
    expect(run.requests).toEqual([]);
    expect(run.outcome).toBe('success');
    const line = run.logs.find((l) => l.includes('dry run, not sent: POST https://s2s.us2.mparticle.com/v2/events '));
    expect(line).toBeDefined();
    expect(line).toContain('"email":"(raw email, not logged)"');
    expect(logText(run).toLowerCase()).not.toContain('someone@example.com');
  });
});
