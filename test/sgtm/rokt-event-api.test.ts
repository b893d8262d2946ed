// @vitest-environment node

import { type HttpResponse, loadTpl, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { checkAudienceApiRequest } from '../../src/formats/rokt-audience-api';
import { checkConversionGet, checkEventApiRequest } from '../../src/formats/rokt-event-api';
import vectors from '../vectors/identifiers.json';
import {
  type CheckedRun,
  describeScenarios,
  eventApiRequest,
  fireTag,
  NOW,
  PUBLIC_KEY,
  purchaseEvent,
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

// GTM's test API runs one template: that the Rokt Identifier variable outputs the very body the tag sends needs both.
describe("Rokt Event API: the body is the Rokt Identifier variable's", () => {
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

// The shared identifier vectors (test/vectors/identifiers.json) are one list for the bundle and every template; a
// scenario would copy them.
describe('Rokt Event API: the shared identifier vectors', () => {
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
});

// The send_http permission matcher is the runner's: a mocked sendHttpRequest in a scenario skips it.
describe('Rokt Event API: send_http permission', () => {
  it('allows the PII-less GET host with a trailing slash, so a URL with a query string matches', () => {
    const sendHttp = (tpl.permissions as { instance: { key: { publicId: string }; param: unknown[] } }[]).find(
      (p) => p.instance.key.publicId === 'send_http',
    );
    expect(JSON.stringify(sendHttp)).toContain('"string":"https://apps.rokt.com/"');
    expect(JSON.stringify(sendHttp)).not.toContain('"string":"https://apps.rokt.com/api/conv"');
  });
});
