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

test('Rokt answering with unprocessed records: the tag fails', async ({ page, preview }) => {
  preview.rokt.answerNext('unprocessed');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 200']);
  expect(JSON.parse(preview.rokt.received[0].response).data.unprocessedRecords).toHaveLength(1);
  expect(conversion.tags[0].outcome).toBe('failure');
});

test('Rokt answering 500: the tag retries once, and succeeds when the retry is accepted', async ({ page, preview }) => {
  preview.rokt.answerNext('server-error');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 500', 'POST /v2/events 200']);
  // The retry is the same request: same event, same clientEventId.
  expect(preview.rokt.received[1].body).toBe(preview.rokt.received[0].body);
  expect(conversion.tags[0].outcome).toBe('success');
});

test('Rokt answering 500 twice: two attempts, then the tag fails', async ({ page, preview }) => {
  preview.rokt.answerNext('server-error', 2);
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 500', 'POST /v2/events 500']);
  expect(conversion.tags[0].outcome).toBe('failure');
});

test('Rokt answering 400: no retry, the tag fails', async ({ page, preview }) => {
  preview.rokt.answerNext('bad-request');
  const conversion = await convert(page, preview);
  expect(statuses(preview)).toEqual(['POST /v2/events 400']);
  expect(conversion.tags[0].outcome).toBe('failure');
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
