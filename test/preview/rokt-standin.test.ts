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
    expect(answer).toEqual({ status: 200, body: '{"data":{"unprocessedRecords":[]}}' });
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
    expect(answer).toEqual({ status: 200, body: '{"statusCode":200,"success":true}' });
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
