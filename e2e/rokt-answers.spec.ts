// How the tag reacts to Rokt's answers, and the PII-less mode, seen from what the Rokt stand-in received.
import type { Page } from '@playwright/test';
import type { Preview } from '../src/preview/preview';
import { checkout, conversionOf, EMAIL, EMAIL_SHA256, expect, preConsent, RTID, test } from './support/preview';

/** Lands with the ID (consent given), buys on checkout. with an email, and returns the processed conversion. */
async function convert(page: Page, preview: Preview) {
  await preConsent(page.context());
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  const order = await checkout(page, EMAIL);
  return conversionOf(preview, order);
}

const statuses = (preview: Preview) =>
  preview.rokt.received.map((exchange) => `${exchange.method} ${exchange.url.split('?')[0]} ${exchange.status}`);

test('Rokt accepting: one batch to the Event and Audience API, 202, the tag succeeds', async ({ page, preview }) => {
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 202']);
  expect(preview.rokt.received[0]).toMatchObject({ api: 'eventAudienceApi', problems: [], response: '' });
  expect(conversion.tags[0].outcome).toBe('success');
});

test('Rokt answering 202 with errors: the tag fails and logs each error', async ({ page, preview }) => {
  preview.rokt.answerNext('unprocessed');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 202']);
  expect(conversion.tags[0].outcome).toBe('failure');
  expect(conversion.tags[0].logs.join('\n')).toContain('error 1: BAD_REQUEST');
});

for (const [answer, status] of [
  ['rate-limited', 429],
  ['unavailable', 503],
] as const) {
  test(`Rokt answering ${status}: the tag retries the same batch once, and succeeds when the retry is accepted`, async ({
    page,
    preview,
  }) => {
    preview.rokt.answerNext(answer);
    const conversion = await convert(page, preview);
    expect(statuses(preview)).toEqual([`POST /v2/events ${status}`, 'POST /v2/events 202']);
    expect(preview.rokt.received[1].body).toBe(preview.rokt.received[0].body);
    expect(conversion.tags[0].outcome).toBe('success');
  });
}

for (const [answer, status] of [
  ['bad-request', 400],
  ['unauthorized', 401],
  ['forbidden', 403],
] as const) {
  test(`Rokt answering ${status}: no retry, the tag fails`, async ({ page, preview }) => {
    preview.rokt.answerNext(answer);
    const conversion = await convert(page, preview);
    expect(statuses(preview)).toEqual([`POST /v2/events ${status}`]);
    expect(conversion.tags[0].outcome).toBe('failure');
  });
}

test('Rokt answering 503 twice: two attempts, then the tag fails', async ({ page, preview }) => {
  preview.rokt.answerNext('unavailable', 2);
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 503', 'POST /v2/events 503']);
  expect(conversion.tags[0].outcome).toBe('failure');
});

test('Event API, unprocessed records: the tag fails', async ({ page, preview }) => {
  preview.mode = 'event-api';
  preview.rokt.answerNext('unprocessed');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 200']);
  expect(JSON.parse(preview.rokt.received[0].response).data.unprocessedRecords).toHaveLength(1);
  expect(conversion.tags[0].outcome).toBe('failure');
});

test('Event API, 500 then accepted: the tag retries once and succeeds', async ({ page, preview }) => {
  preview.mode = 'event-api';
  preview.rokt.answerNext('server-error');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 500', 'POST /v2/events 200']);
  expect(preview.rokt.received[1].body).toBe(preview.rokt.received[0].body);
  expect(conversion.tags[0].outcome).toBe('success');
});

test('PII-less mode: one GET /api/conv with the account, the ID and the conversion type, and no email anywhere', async ({
  page,
  preview,
}) => {
  preview.mode = 'conversion-get';
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['GET /api/conv 200']);
  const [exchange] = preview.rokt.received;
  expect(exchange.host).toBe('apps.rokt.com');
  expect(exchange.problems).toEqual([]);
  const query = new URL(exchange.url, 'https://apps.rokt.com');
  expect(Object.fromEntries(query.searchParams)).toEqual({
    id: '3051387316918867566',
    passbackconversiontrackingid: RTID,
    conversiontype: 'purchase',
  });
  expect(exchange.response).toBe('{"statusCode":200,"success":true}');
  const sent = JSON.stringify(exchange).toLowerCase();
  expect(sent).not.toContain(EMAIL_SHA256);
  expect(sent).not.toContain('shopper.one');
  expect(sent).not.toContain('%40');
  expect(conversion.tags[0].outcome).toBe('success');
  // The browser did hash the email: the GET leaves it out by design, not for lack of it.
  expect(conversion.eventData.emailsha256).toBe(EMAIL_SHA256);
});
