// @vitest-environment node
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RoktStandIn } from '../../src/preview/rokt-standin';

const KEYS = { publicKey: 'rpub-preview-1', secretKey: 'rsec-preview-1' };
const AUTH = `Basic ${Buffer.from(`${KEYS.publicKey}:${KEYS.secretKey}`).toString('base64')}`;
const HEADERS = {
  'content-type': 'application/json',
  charset: 'utf-8',
  'rokt-version': '2020-05-21',
  authorization: AUTH,
};

function event(overrides: Record<string, unknown> = {}) {
  return {
    clientEventId: 'order-A1',
    eventType: 'conversion',
    eventTime: new Date().toISOString(),
    objectData: [
      { name: 'passbackconversiontrackingid', value: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' },
      { name: 'conversiontype', value: 'purchase' },
    ],
    metaData: [{ name: 'source', value: 'sgtm' }],
    ...overrides,
  };
}

function post(body: unknown, headers: Record<string, string> = HEADERS) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { method: 'POST', url: '/v2/events', host: 'api.rokt.com', headers, body: text };
}

const VALID = { accountId: '3051387316918867566', events: [event()] };

describe('RoktStandIn: POST /v2/events', () => {
  it('accepts a valid request as Rokt does and records it without problems', () => {
    const rokt = new RoktStandIn(KEYS);
    const answer = rokt.answer(post(VALID));
    expect(answer).toEqual({ status: 200, headers: {}, body: '{"data":{"unprocessedRecords":[]}}' });
    expect(rokt.received).toHaveLength(1);
    expect(rokt.received[0]).toMatchObject({ method: 'POST', url: '/v2/events', host: 'api.rokt.com', problems: [] });
  });

  it('answers 400 RequestJsonUnmarshalError for a body that is not JSON', () => {
    const answer = new RoktStandIn(KEYS).answer(post('{"accountId":'));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).data.code).toBe('RequestJsonUnmarshalError');
  });

  it('answers 400 RequestValidationError and names the broken rule', () => {
    const answer = new RoktStandIn(KEYS).answer(post({ ...VALID, events: [event({ metaData: [] })] }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).data).toMatchObject({ code: 'RequestValidationError' });
    expect(JSON.parse(answer.body).data.message).toContain('source');
  });

  it('answers 401 UnauthorizedError for other credentials', () => {
    const other = `Basic ${Buffer.from('rpub-other:rsec-other').toString('base64')}`;
    const answer = new RoktStandIn(KEYS).answer(post(VALID, { ...HEADERS, authorization: other }));
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body).data.code).toBe('UnauthorizedError');
  });

  it('can report every event as unprocessed, with the original record', () => {
    const rokt = new RoktStandIn(KEYS);
    rokt.answerNext('unprocessed');
    const answer = rokt.answer(post(VALID));
    expect(answer.status).toBe(200);
    const records = JSON.parse(answer.body).data.unprocessedRecords;
    expect(records).toEqual([
      { error: { code: 'ValidationError', message: 'Invalid content' }, record: VALID.events[0] },
    ]);
  });

  it('uses a scripted answer once, then accepts again', () => {
    const rokt = new RoktStandIn(KEYS);
    rokt.answerNext('server-error');
    expect(rokt.answer(post(VALID)).status).toBe(500);
    expect(rokt.answer(post(VALID)).status).toBe(200);
    rokt.answerNext('bad-request', 2);
    expect([rokt.answer(post(VALID)).status, rokt.answer(post(VALID)).status, rokt.answer(post(VALID)).status]).toEqual(
      [400, 400, 200],
    );
  });
});

describe('RoktStandIn: GET /api/conv', () => {
  const get = (query: string) => ({
    method: 'GET',
    url: `/api/conv?${query}`,
    host: 'apps.rokt.com',
    headers: {},
    body: '',
  });

  it('answers {"statusCode":200,"success":true} for a valid conversion', () => {
    const answer = new RoktStandIn().answer(
      get('id=3051387316918867566&passbackconversiontrackingid=qjkp3xy7&conversiontype=purchase'),
    );
    expect(answer).toEqual({ status: 200, headers: {}, body: '{"statusCode":200,"success":true}' });
  });

  it('refuses an email parameter in PII-less mode', () => {
    const rokt = new RoktStandIn();
    const answer = rokt.answer(get('id=1&passbackconversiontrackingid=qjkp3xy7&email=a%40b.com'));
    expect(answer.status).toBe(400);
    expect(rokt.received[0].problems.join()).toContain('email');
  });
});

describe('RoktStandIn over HTTP', () => {
  let rokt: RoktStandIn | undefined;
  afterEach(async () => rokt?.close());

  it('serves on 127.0.0.1 and resolves waitFor once the request has arrived', async () => {
    rokt = new RoktStandIn(KEYS);
    const base = await rokt.listen(0);
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const arrived = rokt.waitFor((received) => received.length === 1);
    // node:http rather than fetch: fetch may not set the Host header, which tells the stand-in which Rokt host was meant.
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${base}/v2/events`,
        { method: 'POST', headers: { ...HEADERS, host: 'api.rokt.com' } },
        (res) => {
          res.setEncoding('utf8');
          let text = '';
          res.on('data', (chunk) => (text += chunk)).on('end', () => resolve(text));
        },
      );
      req.on('error', reject).end(JSON.stringify(VALID));
    });
    expect(JSON.parse(answer)).toEqual({ data: { unprocessedRecords: [] } });
    const [exchange] = await arrived;
    expect(exchange).toMatchObject({ status: 200, problems: [], host: 'api.rokt.com' });
  });

  it('rejects waitFor with what arrived when the condition never holds', async () => {
    rokt = new RoktStandIn(KEYS);
    await expect(rokt.waitFor((received) => received.length > 0, 50)).rejects.toThrow('condition not met after 50 ms');
  });
});

describe('RoktStandIn: the Event and Audience API (POST /v2/events on s2s.<pod>.mparticle.com)', () => {
  const AUDIENCE_KEYS = { apiKey: 'preview-key', apiSecret: 'preview-secret' };
  const now = Date.now();
  const batch = {
    environment: 'production',
    source_request_id: 'order-A1',
    user_identities: { other2: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' },
    integration_attributes: { '1277': { passbackconversiontrackingid: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' } },
    events: [
      {
        event_type: 'custom_event',
        data: {
          event_name: 'conversion',
          custom_event_type: 'transaction',
          source_message_id: 'order-A1',
          timestamp_unixtime_ms: now,
          custom_attributes: { conversiontype: 'purchase' },
        },
      },
    ],
  };
  const auth = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;
  const audiencePost = (
    body: unknown = batch,
    authorization = auth('preview-key', 'preview-secret'),
    host = 's2s.us2.mparticle.com',
  ) => ({
    method: 'POST',
    url: '/v2/events',
    host,
    headers: { 'content-type': 'application/json', charset: 'utf-8', authorization },
    body: JSON.stringify(body),
  });

  it('answers a valid batch 202 without a body and records which API it was', () => {
    const rokt = new RoktStandIn(AUDIENCE_KEYS);
    expect(rokt.answer(audiencePost())).toEqual({ status: 202, headers: {}, body: '' });
    expect(rokt.received[0]).toMatchObject({ api: 'eventAudienceApi', host: 's2s.us2.mparticle.com', problems: [] });
  });

  it('answers 401 with an errors list for other credentials, and 400 naming the broken rule for a bad batch', () => {
    const rokt = new RoktStandIn(AUDIENCE_KEYS);
    const wrongKey = rokt.answer(audiencePost(batch, auth('preview-key', 'other')));
    expect(wrongKey.status).toBe(401);
    expect(JSON.parse(wrongKey.body).errors[0].code).toBe('UNAUTHORIZED');
    const bad = rokt.answer(audiencePost({ ...batch, environment: 'staging' }));
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).errors[0].message).toContain('environment');
  });

  it('tells the Event API from the Event and Audience API by the Host header, not the path', () => {
    const rokt = new RoktStandIn(AUDIENCE_KEYS);
    expect(rokt.answer(audiencePost(batch, undefined, 'api.rokt.com')).status).toBe(401);
    expect(rokt.received[0]!.api).toBe('eventApi');
    expect(rokt.answer(audiencePost(batch, undefined, 's2s.us9.mparticle.com')).status).toBe(404);
  });

  it.each([
    ['unprocessed', 202, 'BAD_REQUEST'],
    ['bad-request', 400, 'BAD_REQUEST'],
    ['unauthorized', 401, 'UNAUTHORIZED'],
    ['forbidden', 403, 'FORBIDDEN'],
    ['rate-limited', 429, 'RATE_LIMITED'],
    ['server-error', 500, 'SERVER_ERROR'],
    ['unavailable', 503, 'UNAVAILABLE'],
  ] as const)('scripted %s: status %d with an errors list', (answer, status, code) => {
    const rokt = new RoktStandIn(AUDIENCE_KEYS);
    rokt.answerNext(answer);
    const reply = rokt.answer(audiencePost());
    expect(reply.status).toBe(status);
    expect(JSON.parse(reply.body).errors[0].code).toBe(code);
    expect(reply.headers['retry-after'] !== undefined).toBe(answer === 'rate-limited');
    expect(rokt.answer(audiencePost()).status).toBe(202);
  });
});
