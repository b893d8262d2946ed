// @vitest-environment node
/**
 * A rule the three server templates share: one attribution window for a cookie ID (an ID the ID Keeper would delete is
 * never sent). Last click wins and the conversion ID are specified in each template's ___TESTS___.
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

// GTM's test API runs one template: that the Keeper, the tag (both APIs) and the variable agree needs all three.
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
});
