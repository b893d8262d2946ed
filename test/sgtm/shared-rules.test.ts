// @vitest-environment node
/**
 * Rules the three server templates share: one attribution window for a cookie ID (an ID the ID Keeper would delete is
 * never sent), last click wins, and a conversion ID that is distinct for distinct conversions and equal for duplicates.
 */

import { loadTpl, type RunResult, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { KEEPER_TPL, NOW, purchaseEvent, ROKT_ID, TAG_TPL, tagFields, VARIABLE_TPL } from './fixtures';

const DAY = 86_400_000;
const tag = loadTpl(TAG_TPL);
const variable = loadTpl(VARIABLE_TPL);
const keeper = loadTpl(KEEPER_TPL);
const AUDIENCE = { apiMode: 'eventAudienceApi', pod: 'us2', apiKey: 'k', apiSecret: 's', environment: 'production' };
const accepted = async () => ({ statusCode: 202, body: '' });

/** A conversion hit without the Rokt ID in its parameters or URL, so only the cookie can give one. */
const cookieOnlyHit = (overrides: Record<string, unknown> = {}) =>
  purchaseEvent({ rtid: undefined, emailsha256: undefined, user_data: undefined, ...overrides });

async function runTag(fields: Record<string, unknown>, eventData: Record<string, unknown>, cookies = {}) {
  return runTemplate(tag, { data: tagFields(fields), eventData, cookies, now: NOW, fetch: accepted });
}

function sentRoktId(run: RunResult): string | undefined {
  if (run.requests.length === 0) return undefined;
  const body = JSON.parse(run.requests[0]!.body!);
  return (
    body.user_identities?.other2 ??
    body.events[0].objectData?.find((p: { name: string }) => p.name === 'passbackconversiontrackingid')?.value
  );
}

describe('one attribution window for the cookie ID in all three templates', () => {
  it.each([
    ['first seen 89 days ago', 89 * DAY, '90', true],
    ['first seen 90 days ago', 90 * DAY, '90', false],
    ['first seen 31 days ago, a 30-day window', 31 * DAY, '30', false],
    ['first seen 29 days ago, a 30-day window', 29 * DAY, '30', true],
    ['first seen in the future (clamped to now)', -5 * DAY, '90', true],
  ])('%s: the tag sends it exactly when the Keeper keeps it', async (_, age, attributionDays, kept) => {
    const cookies = { RoktTransactionId: ROKT_ID, RoktTransactionIdSeen: String(NOW - age) };
    const keeperRun = await runTemplate(keeper, {
      data: { attributionDays, roktIdKeys: '', cookieDomain: 'auto', consentMode: 'respect', unknownConsent: 'keep' },
      eventData: cookieOnlyHit(),
      cookies,
      now: NOW,
    });
    const keptId = keeperRun.cookiesSet.find((c) => c.name === 'RoktTransactionId');
    expect(keptId !== undefined && keptId.value !== '').toBe(kept);
    if (kept) expect(keptId!.options['max-age']).toBeLessThanOrEqual(Number(attributionDays) * 86_400);
    for (const fields of [{ attributionDays }, { attributionDays, ...AUDIENCE }]) {
      const run = await runTag(fields, cookieOnlyHit(), cookies);
      expect(sentRoktId(run)).toBe(kept ? ROKT_ID : undefined);
    }
    const value = await runTemplate(variable, {
      data: { output: 'roktId', attributionDays },
      eventData: cookieOnlyHit(),
      cookies,
      now: NOW,
    });
    expect(value.value).toBe(kept ? ROKT_ID : undefined);
  });

  it('never sets a Max-Age beyond the window or 400 days', async () => {
    for (const attributionDays of ['1', '90', '400']) {
      for (const seen of [NOW, NOW + 400 * DAY, NOW - DAY / 2]) {
        const run = await runTemplate(keeper, {
          data: { attributionDays, cookieDomain: 'auto', consentMode: 'respect', unknownConsent: 'keep' },
          eventData: cookieOnlyHit(),
          cookies: { RoktTransactionId: ROKT_ID, RoktTransactionIdSeen: String(seen) },
          now: NOW,
        });
        for (const cookie of run.cookiesSet) {
          expect(cookie.options['max-age']).toBeLessThanOrEqual(Math.min(Number(attributionDays), 400) * 86_400);
        }
      }
    }
  });
});

describe('last click wins on the server', () => {
  it.each([{}, AUDIENCE])(
    'a click in page_location beats an older ID in the parameters and the cookie (%o)',
    async (fields) => {
      const hit = purchaseEvent({ rtid: 'older-param', page_location: 'https://www.shop.test/landing?rtid=new-click' });
      const run = await runTag(fields, hit, { RoktTransactionId: 'older-cookie' });
      expect(sentRoktId(run)).toBe('new-click');
    },
  );
});

describe('the conversion ID', () => {
  const idOf = (run: RunResult) => {
    const body = JSON.parse(run.requests[0]!.body!);
    return body.events[0].clientEventId ?? body.events[0].data.source_message_id;
  };
  it.each([{}, AUDIENCE])('is equal for duplicates and distinct for distinct conversions (%o)', async (api) => {
    const ids = async (fields: Record<string, unknown>, hit: Record<string, unknown>) =>
      idOf(await runTag({ ...api, ...fields }, hit));
    const noOrder = { transaction_id: undefined };
    // The same conversion twice.
    expect(await ids({}, purchaseEvent())).toBe(await ids({}, purchaseEvent()));
    expect(await ids({}, purchaseEvent(noOrder))).toBe(await ids({}, purchaseEvent(noOrder)));
    // Two conversion types of one short order ID.
    expect(await ids({ conversionType: 'purchase' }, purchaseEvent())).not.toBe(
      await ids({ conversionType: 'signup' }, purchaseEvent()),
    );
    // Two events batched in one GA4 request (same client, session, page and request count).
    expect(await ids({}, purchaseEvent({ ...noOrder, value: 10 }))).not.toBe(
      await ids({}, purchaseEvent({ ...noOrder, value: 20 })),
    );
    // Two visitors without session keys.
    const anonymous = { ...noOrder, client_id: undefined, ga_session_id: undefined, 'x-ga-page_id': undefined };
    expect(await ids({}, purchaseEvent({ ...anonymous, ip_override: '203.0.113.1' }))).not.toBe(
      await ids({}, purchaseEvent({ ...anonymous, ip_override: '203.0.113.2' })),
    );
  });
});
