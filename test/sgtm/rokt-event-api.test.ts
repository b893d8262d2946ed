// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkAudienceApiRequest } from '../../src/formats/rokt-audience-api';
import { checkConversionGet, checkEventApiRequest } from '../../src/formats/rokt-event-api';
import { type HttpResponse, loadTpl, runTemplate } from '../../src/sandbox/index';
import vectors from '../vectors/identifiers.json';
import {
  ACCOUNT_ID,
  type CheckedRun,
  CONVERSION_ID,
  describeScenarios,
  EMAIL_SHA256,
  eventApiRequest,
  expectExactlyOneOutcome,
  fireTag,
  NOW,
  PUBLIC_KEY,
  purchaseEvent,
  ROKT_ID,
  type ScenarioRequest,
  SECRET_KEY,
  TAG_TPL,
  type TagCheck,
  tagFields,
  VARIABLE_TPL,
} from './fixtures';

const tpl = loadTpl(TAG_TPL);
const CREDENTIALS = Buffer.from(`${PUBLIC_KEY}:${SECRET_KEY}`).toString('base64');
const ACCEPTED: HttpResponse = { statusCode: 200, body: '{"data":{"unprocessedRecords":[]}}' };

type Run = CheckedRun;

/** Every request checked against Rokt's documented constraints; no log line may carry a credential. */
const EVENT_API_CHECK: TagCheck = {
  check: (req) =>
    req.method === 'GET'
      ? checkConversionGet(req.url)
      : checkEventApiRequest(req, { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, now: NOW }),
  secrets: [SECRET_KEY, CREDENTIALS],
};

/** Runs the tag once on the Event API (or the fields' API); `answers` are what Rokt says to each request in turn. */
function fire(
  fields: Record<string, unknown> = {},
  eventData: Record<string, unknown> = purchaseEvent(),
  answers: (HttpResponse | 'fail')[] = [ACCEPTED],
  cookies: Record<string, string> = {},
): Promise<Run> {
  return fireTag(tagFields(fields), EVENT_API_CHECK, eventData, answers, cookies);
}

const objectData = (run: Run, index = 0): { name: string; value: string }[] =>
  JSON.parse(run.requests[index]!.body!).events[0].objectData;
const objectValue = (run: Run, name: string) => objectData(run).find((p) => p.name === name)?.value;

/** The key pair of the Event and Audience API in the tag's ___TESTS___ setup. */
const SCENARIO_AUDIENCE_KEY = 'key-12345';
const SCENARIO_AUDIENCE_SECRET = 'secret-67890';
const REDACTED_EMAIL = '"(raw email, not logged)"';

/**
 * Rokt's contract for whichever API a scenario's request goes to. A dry run logs only the method, URL and body: its
 * headers are the ones the tag sends with them (the scenarios of real requests check those headers), and the raw
 * email it redacts in the log stands for an address.
 */
function roktContract(sent: ScenarioRequest): string[] {
  const req = sent.dryRun ? { ...sent, body: sent.body.replaceAll(REDACTED_EMAIL, '"someone@example.com"') } : sent;
  if (req.method === 'GET') return checkConversionGet(req.url);
  if (req.url.startsWith('https://api.rokt.com/')) {
    const request = req.dryRun ? eventApiRequest(req.body, PUBLIC_KEY, SECRET_KEY) : req;
    return checkEventApiRequest(request, { publicKey: PUBLIC_KEY, secretKey: SECRET_KEY, now: NOW });
  }
  const request = req.dryRun
    ? {
        ...req,
        headers: {
          'Content-Type': 'application/json',
          Charset: 'utf-8',
          Authorization: `Basic ${Buffer.from(`${SCENARIO_AUDIENCE_KEY}:${SCENARIO_AUDIENCE_SECRET}`).toString('base64')}`,
        },
      }
    : req;
  return checkAudienceApiRequest(request, {
    apiKey: SCENARIO_AUDIENCE_KEY,
    apiSecret: SCENARIO_AUDIENCE_SECRET,
    now: NOW,
  });
}

// GTM's test API cannot check a request against Rokt's contract: the scenarios run here, and every request of every
// scenario (sent or logged as a dry run) goes through the contract checker.
describeScenarios('Rokt Event API: ___TESTS___ scenarios', tpl, roktContract);

describe('Rokt Event API: the captured GA4 purchase', () => {
  it('posts one request that meets every documented constraint and succeeds', async () => {
    const run = await fire();
    expect(run.outcome).toBe('success');
    expect(run.requests).toHaveLength(1);
    expect(run.violations).toEqual([[]]);
    expect(run.requests[0]!.timeout).toBe(5000);
    expect(run.requests[0]!.headers.Authorization).toBe(`Basic ${CREDENTIALS}`);
  });

  it('maps the GA4 e-commerce parameters to string objectData', async () => {
    const run = await fire();
    expect(objectData(run)).toEqual([
      { name: 'passbackconversiontrackingid', value: ROKT_ID },
      { name: 'emailsha256', value: EMAIL_SHA256 },
      { name: 'conversiontype', value: 'purchase' },
      { name: 'amount', value: '129.9' },
      { name: 'currency', value: 'EUR' },
      { name: 'transactionid', value: 'T-1001' },
      { name: 'confirmationref', value: 'T-1001' },
      { name: 'couponcode', value: 'SPRING10' },
    ]);
    const event = JSON.parse(run.requests[0]!.body!).events[0];
    expect(event).toMatchObject({
      clientEventId: CONVERSION_ID,
      eventType: 'conversion',
      eventTime: new Date(NOW).toISOString(),
    });
    expect(event.metaData).toContainEqual({ name: 'source', value: 'sgtm' });
  });

  it.each([
    ['both', [ROKT_ID, EMAIL_SHA256]],
    ['emailSha256', [EMAIL_SHA256]],
    ['roktId', [ROKT_ID]],
  ])('identifier policy %s sends exactly the chosen identifiers', async (identifierPolicy, expected) => {
    const run = await fire({ identifierPolicy });
    expect(run.violations).toEqual([[]]);
    const ids = objectData(run).filter((p) =>
      ['passbackconversiontrackingid', 'emailsha256', 'email'].includes(p.name),
    );
    expect(ids.map((p) => p.value)).toEqual(expected);
  });

  it('hashes the raw user_data email when no digest came with the hit, and sends the address only on request', async () => {
    const hit = purchaseEvent({ emailsha256: undefined, rtid: undefined });
    const hashed = await fire({}, hit);
    expect(hashed.violations).toEqual([[]]);
    expect(objectData(hashed)).toContainEqual({ name: 'emailsha256', value: EMAIL_SHA256 });
    expect(hashed.requests[0]!.body).not.toContain('someone@example.com');
    const raw = await fire({ sendRawEmail: true }, hit);
    expect(raw.violations).toEqual([[]]);
    expect(objectData(raw)).toContainEqual({ name: 'email', value: 'someone@example.com' });
  });

  it.each([
    ['the defaults', {}],
    [
      'every body field set',
      {
        conversionTypeMap: [{ eventName: 'purchase', conversionType: 'order' }],
        identifierPolicy: 'roktId',
        sendRawEmail: true,
        objectDataRows: [
          { name: 'margin', value: 12.5 },
          { name: 'currency', value: 'USD' },
        ],
      },
    ],
  ])('sends the body the Rokt Identifier variable outputs for the same hit and %s', async (_, fields) => {
    const run = await fire(fields);
    const variable = await runTemplate(loadTpl(VARIABLE_TPL), {
      data: { ...tagFields(fields), output: 'eventApiBody' },
      eventData: purchaseEvent(),
      now: NOW,
    });
    expect(variable.value).toBe(run.requests[0]!.body);
  });
});

describe('Rokt Event API: outcome, retry and time-out', () => {
  const fiveHundred: HttpResponse = { statusCode: 503, body: '{"data":{"code":"ServiceUnavailableError"}}' };
  it.each<[string, number, 'success' | 'failure', (HttpResponse | 'fail')[]]>([
    ['a 2xx with no unprocessed records', 1, 'success', [ACCEPTED]],
    ['a 2xx with an empty body', 1, 'success', [{ statusCode: 204 }]],
    ['a 2xx whose body is not JSON', 1, 'success', [{ statusCode: 200, body: 'OK' }]],
    [
      'a 2xx whose unprocessedRecords is not a list',
      1,
      'failure',
      [{ statusCode: 200, body: '{"data":{"unprocessedRecords":{"error":{"code":"ValidationError"}}}}' }],
    ],
    [
      'a 2xx whose unprocessedRecords is a string',
      1,
      'failure',
      [{ statusCode: 200, body: '{"data":{"unprocessedRecords":"all"}}' }],
    ],
    [
      'a 2xx with unprocessed records',
      1,
      'failure',
      [{ statusCode: 200, body: '{"data":{"unprocessedRecords":[{"error":{"code":"ValidationError"}}]}}' }],
    ],
    ['a 400', 1, 'failure', [{ statusCode: 400, body: '{"data":{"code":"RequestValidationError"}}' }, ACCEPTED]],
    ['a 401', 1, 'failure', [{ statusCode: 401, body: '{"data":{"code":"UnauthorizedError"}}' }, ACCEPTED]],
    ['a 5xx, then acceptance', 2, 'success', [fiveHundred, ACCEPTED]],
    ['two 5xx', 2, 'failure', [fiveHundred, fiveHundred, ACCEPTED]],
    ['a failed connection, then acceptance', 2, 'success', ['fail', ACCEPTED]],
    ['two failed connections', 2, 'failure', ['fail', 'fail', ACCEPTED]],
    ['a time-out', 1, 'failure', [{ statusCode: 0, timeout: true }, ACCEPTED]],
    ['a 5xx, then a time-out', 2, 'failure', [fiveHundred, { statusCode: 0, timeout: true }, ACCEPTED]],
  ])('%s: %d request(s), %s', async (_, requests, outcome, answers) => {
    const run = await fire({}, purchaseEvent(), answers);
    expect(run.requests).toHaveLength(requests);
    expect(run.outcome).toBe(outcome);
    expect(run.violations.flat()).toEqual([]);
    if (requests === 2) expect(run.requests[1]!.body).toBe(run.requests[0]!.body);
  });

  it('names the status and the error codes in the log', async () => {
    const run = await fire({}, purchaseEvent(), [
      {
        statusCode: 200,
        body: '{"data":{"unprocessedRecords":[{"error":{"code":"ValidationError"}},{"error":{"code":"DuplicateEvent"}}]}}',
      },
    ]);
    expect(run.logs.join('\n')).toContain(
      'status 200, 2 unprocessed record(s), error codes: ValidationError, DuplicateEvent',
    );
  });
});

describe('Rokt Event API: consent, identifiers and dry run', () => {
  it.each([
    ['G100', 0],
    ['G101', 0],
    ['G110', 1],
    ['G111', 1],
    [undefined, 1],
    ['garbage', 1],
  ])('x-ga-gcs %s: %d request(s), success', async (gcs, requests) => {
    const run = await fire({}, purchaseEvent({ 'x-ga-gcs': gcs }));
    expect(run.requests).toHaveLength(requests);
    expect(run.outcome).toBe('success');
    if (requests === 0) expect(run.logs.join('\n')).toContain('ad_storage is denied');
  });

  it.each([
    ['an empty account ID', { accountId: '' }, 'the Rokt account ID is empty'],
    ['a blank account ID', { accountId: '   ' }, 'the Rokt account ID is empty'],
    ['an account ID over 64 characters', { accountId: '1'.repeat(65) }, 'the Rokt account ID must be 1 to 64'],
    ['an account ID with a space', { accountId: '3051 387' }, 'the Rokt account ID must be 1 to 64'],
    ['a public key without rpub-', { publicKey: 'pk-1' }, 'the Rokt public key must be rpub- followed by'],
    ['a public key that is only the prefix', { publicKey: 'rpub-' }, 'the Rokt public key must be rpub- followed by'],
    ['a public key with a space', { publicKey: 'rpub-12 34' }, 'the Rokt public key must be rpub- followed by'],
    ['a secret key without rsec-', { secretKey: 'sk-1' }, 'the Rokt secret key must be rsec- followed by'],
    ['a secret key that is only the prefix', { secretKey: 'rsec-' }, 'the Rokt secret key must be rsec- followed by'],
    ['a blank secret key', { secretKey: ' ' }, 'the Rokt secret key must be rsec- followed by'],
    ['an attribution window of 0 days', { attributionDays: '0' }, 'the Attribution window must be 1 to 400'],
    ['an attribution window over 400 days', { attributionDays: '401' }, 'the Attribution window must be 1 to 400'],
  ])('fails once, sending nothing, on %s', async (_, fields, why) => {
    const run = await fire(fields);
    expect(run.requests).toHaveLength(0);
    expect(run.outcome).toBe('failure');
    expect(run.logs.join('\n')).toContain(why);
  });

  it('fails with a log line and no request when the hit has no identifier', async () => {
    const run = await fire({}, purchaseEvent({ rtid: undefined, emailsha256: undefined, user_data: undefined }));
    expect(run.requests).toHaveLength(0);
    expect(run.outcome).toBe('failure');
    expect(run.logs.join('\n')).toContain('no valid Rokt ID or email');
  });

  it('reads the Rokt ID from the RoktTransactionId cookie when the hit lacks it', async () => {
    const run = await fire({ identifierPolicy: 'roktId' }, purchaseEvent({ rtid: undefined }), [ACCEPTED], {
      RoktTransactionId: '45670808',
    });
    expect(run.violations).toEqual([[]]);
    expect(objectValue(run, 'passbackconversiontrackingid')).toBe('45670808');
  });

  it.each(vectors.rtid.filter((v) => v.decoded !== null))('Rokt ID vector in event data: $why', async (v) => {
    const run = await fire({ identifierPolicy: 'roktId' }, purchaseEvent({ rtid: v.decoded }));
    if (v.valid) {
      expect(run.violations).toEqual([[]]);
      expect(objectValue(run, 'passbackconversiontrackingid')).toBe(v.decoded);
    } else {
      expect(run.requests).toHaveLength(0);
      expect(run.outcome).toBe('failure');
    }
  });

  it.each(vectors.email)('email vector in user_data.email: $why', async (v) => {
    const run = await fire(
      { identifierPolicy: 'emailSha256' },
      purchaseEvent({ emailsha256: undefined, user_data: { email: v.input } }),
    );
    if (v.valid) {
      expect(run.violations).toEqual([[]]);
      expect(objectValue(run, 'emailsha256')).toBe(v.sha256);
    } else {
      expect(run.requests).toHaveLength(0);
      expect(run.outcome).toBe('failure');
    }
  });

  it('dry run logs a request body that meets the constraints, sends nothing and succeeds', async () => {
    const run = await fire({ dryRun: true });
    expect(run.requests).toHaveLength(0);
    expect(run.outcome).toBe('success');
    const line = run.logs.find((l) => l.includes('dry run, not sent: POST https://api.rokt.com/v2/events '))!;
    const body = line.slice(line.indexOf('{'));
    const headers = {
      'Content-Type': 'application/json',
      Charset: 'utf-8',
      'Rokt-Version': '2020-05-21',
      Authorization: `Basic ${CREDENTIALS}`,
    };
    expect(
      checkEventApiRequest({ method: 'POST', url: 'https://api.rokt.com/v2/events', headers, body }, { now: NOW }),
    ).toEqual([]);
  });

  it('drops objectData names with the reserved rokt. prefix and stringifies extra values', async () => {
    const run = await fire({
      objectDataRows: [
        { name: 'rokt.internal', value: 'x' },
        { name: 'margin', value: 12.5 },
      ],
    });
    expect(run.violations).toEqual([[]]);
    expect(objectValue(run, 'margin')).toBe('12.5');
    expect(objectData(run).some((p) => p.name.toLowerCase().startsWith('rokt.'))).toBe(false);
  });
});

describe('Rokt Event API: PII-less mode', () => {
  it('reports by GET with the Rokt ID only and succeeds on success: true', async () => {
    const run = await fire({ apiMode: 'conversionGet', sendRawEmail: true }, purchaseEvent(), [
      { statusCode: 200, body: '{"statusCode":200,"success":true}' },
    ]);
    expect(run.outcome).toBe('success');
    expect(run.requests).toHaveLength(1);
    expect(run.requests[0]!.method).toBe('GET');
    expect(run.violations).toEqual([[]]);
    expect(run.requests[0]!.url).toBe(
      `https://apps.rokt.com/api/conv?id=${ACCOUNT_ID}&passbackconversiontrackingid=${ROKT_ID}&conversiontype=purchase`,
    );
  });

  it.each<[string, HttpResponse]>([
    ['success false', { statusCode: 200, body: '{"success":false}' }],
    ['no JSON', { statusCode: 200, body: 'OK' }],
    ['a 404', { statusCode: 404, body: '{"success":true}' }],
  ])('fails on %s', async (_, answer) => {
    const run = await fire({ apiMode: 'conversionGet' }, purchaseEvent(), [answer]);
    expect(run.outcome).toBe('failure');
    expect(run.requests).toHaveLength(1);
  });

  it('sends nothing without a Rokt ID, even with an email at hand', async () => {
    const run = await fire({ apiMode: 'conversionGet' }, purchaseEvent({ rtid: undefined }));
    expect(run.requests).toHaveLength(0);
    expect(run.outcome).toBe('failure');
  });
});

describe('Rokt Event API: Log to console', () => {
  const run = (logType: string | undefined, containerVersion: Record<string, unknown>) =>
    runTemplate(tpl, {
      data: tagFields({ logType }),
      eventData: purchaseEvent(),
      fetch: async () => ACCEPTED,
      now: NOW,
      containerVersion,
    });

  it.each<[string | undefined, Record<string, unknown>, boolean]>([
    [undefined, {}, false],
    ['debug', {}, false],
    ['debug', { debugMode: true }, true],
    ['debug', { previewMode: true }, true],
    ['always', {}, true],
    ['never', { debugMode: true, previewMode: true }, false],
  ])('logType %s with container %j: logs %s', async (logType, containerVersion, logs) => {
    const result = await run(logType, containerVersion);
    expect(result.outcome).toBe('success');
    expect(result.logs.some((line) => line.startsWith('Rokt Event API: status 200'))).toBe(logs);
  });

  it('a dry run never logs the raw email, even with "send the raw email" on', async () => {
    const result = await runTemplate(tpl, {
      data: tagFields({ dryRun: true, sendRawEmail: true }),
      eventData: purchaseEvent({ user_data: { email: 'Someone@Example.com' } }),
      now: NOW,
    });
    expectExactlyOneOutcome(result);
    expect(result.requests).toHaveLength(0);
    expect(result.logs.join('\n')).toContain('"name":"email","value":"(raw email, not logged)"');
    expect(result.logs.join('\n').toLowerCase()).not.toContain('someone@example.com');
  });
});

describe('Rokt Event API: send_http permission', () => {
  it('allows the PII-less GET host with a trailing slash, so a URL with a query string matches', () => {
    const sendHttp = (tpl.permissions as { instance: { key: { publicId: string }; param: unknown[] } }[]).find(
      (p) => p.instance.key.publicId === 'send_http',
    );
    expect(JSON.stringify(sendHttp)).toContain('"string":"https://apps.rokt.com/"');
    expect(JSON.stringify(sendHttp)).not.toContain('"string":"https://apps.rokt.com/api/conv"');
  });
});
