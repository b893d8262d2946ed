// @vitest-environment node

import { loadTpl, type RunOptions, type RunResult, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import vectors from '../vectors/identifiers.json';
import { CAPTURED_PAGE_VIEW, describeScenarios, expectExactlyOneOutcome, KEEPER_TPL, NOW, ROKT_ID } from './fixtures';

const tpl = loadTpl(KEEPER_TPL);
const DAY = 86_400_000;
const LANDING = `https://www.shop.test/landing?utm_source=rokt&rtid=${ROKT_ID}`;

/** Keeper fields as an advertiser leaves them (defaults), logging on so the tests can read why. */
function keeperFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    cookieDomain: 'auto',
    attributionDays: '90',
    roktIdKeys: 'rtid,rclid,passbackconversiontrackingid',
    httpOnly: false,
    consentMode: 'respect',
    unknownConsent: 'keep',
    logType: 'always',
    ...overrides,
  };
}

/** One GA4 hit through the keeper: the captured page_view at `page_location`, with the request's cookies. */
async function hit(
  page_location: string,
  cookies: Record<string, string> = {},
  options: { fields?: Record<string, unknown>; eventData?: Record<string, unknown>; now?: number } = {},
): Promise<RunResult> {
  const run: RunOptions = {
    data: keeperFields(options.fields),
    eventData: { ...structuredClone(CAPTURED_PAGE_VIEW), 'x-ga-gcs': 'G111', page_location, ...options.eventData },
    cookies,
    now: options.now ?? NOW,
  };
  const result = await runTemplate(tpl, run);
  expectExactlyOneOutcome(result);
  expect(result.errors).toEqual([]);
  return result;
}

const set = (result: RunResult) => Object.fromEntries(result.cookiesSet.map((c) => [c.name, c.value]));
const maxAge = (result: RunResult) => result.cookiesSet[0]?.options['max-age'];
/** The cookies a browser would send back after `result`'s Set-Cookie headers (deletions removed). */
const jarAfter = (before: Record<string, string>, result: RunResult) => {
  const jar = { ...before };
  for (const c of result.cookiesSet) {
    if (c.options['max-age'] === 0) delete jar[c.name];
    else jar[c.name] = c.value;
  }
  return jar;
};

// The template's own ___TESTS___, run through the offline runner: the behaviours GTM's test API can express.
describeScenarios('Rokt ID Keeper: ___TESTS___ scenarios', tpl);

// The shared identifier vectors (test/vectors/identifiers.json) are one list for the bundle and every template; a
// scenario would copy them.
describe('Rokt ID Keeper: the shared Rokt ID vectors', () => {
  it.each(vectors.rtid)('rtid in the query of page_location: $why', async (v) => {
    const result = await hit(`https://www.shop.test/landing?utm_source=rokt&rtid=${v.raw}`);
    expect(result.outcome).toBe('success');
    expect(set(result).RoktTransactionId).toBe(v.valid ? (v.decoded ?? undefined) : undefined);
  });

  it.each(vectors.rtid)('rtid in the fragment of page_location: $why', async (v) => {
    const result = await hit(`https://www.shop.test/#/landing?rtid=${v.raw}`);
    expect(set(result).RoktTransactionId).toBe(v.valid ? (v.decoded ?? undefined) : undefined);
  });

  it.each(vectors.rtid.filter((v) => v.decoded !== null))(
    'rclid event parameter alone, without its first-seen time: $why',
    async (v) => {
      const result = await hit('https://www.shop.test/checkout', {}, { eventData: { rclid: v.decoded } });
      expect(result.outcome).toBe('success');
      expect(result.cookiesSet).toEqual([]);
    },
  );

  // A GA4 client's real hit (fixtures.ts, from a published template's fixture) stays out of the shipped .tpl.
  it('finds nothing in the captured page_view and sets nothing', async () => {
    const result = await hit(CAPTURED_PAGE_VIEW.page_location as string);
    expect(result.cookiesSet).toEqual([]);
    expect(result.outcome).toBe('success');
  });
});

// Journeys: the Set-Cookie headers of one hit become the cookies of the next (jarAfter), across several hits.
describe('Rokt ID Keeper: a visit over time (the cookie jar carried from hit to hit)', () => {
  it('keeps the landing ID through a 60-day journey, refreshing at most once per 24 hours, never past the window', async () => {
    let jar: Record<string, string> = {};
    const writes: number[] = [];
    // Landing, then hits at +1 h, +23 h, +25 h, +30 days and +60 days without any ID in the hit.
    const times = [0, 1 / 24, 23 / 24, 25 / 24, 30, 60].map((days) => NOW + days * DAY);
    for (const [i, now] of times.entries()) {
      const result = await hit(i === 0 ? LANDING : 'https://checkout.shop.test/cart', jar, { now });
      if (result.cookiesSet.length) writes.push(i);
      jar = jarAfter(jar, result);
      expect(jar.RoktTransactionId).toBe(ROKT_ID);
      expect(jar.RoktTransactionIdSeen).toBe(String(NOW));
      if (result.cookiesSet.length) {
        expect(jar.RoktTransactionIdKept).toBe(String(now));
        expect(maxAge(result)).toBe(Math.floor((NOW + 90 * DAY - now) / 1000));
      }
    }
    expect(writes).toEqual([0, 3, 4, 5]);
  });

  it('deletes the cookies on the first hit after the window and does not bring them back', async () => {
    let jar: Record<string, string> = {
      RoktTransactionId: ROKT_ID,
      RoktTransactionIdSeen: String(NOW - 90 * DAY),
      RoktTransactionIdKept: String(NOW - 2 * DAY),
    };
    const first = await hit('https://www.shop.test/', jar);
    jar = jarAfter(jar, first);
    expect(jar).toEqual({});
    const second = await hit('https://www.shop.test/', jar, { now: NOW + DAY });
    expect(second.cookiesSet).toEqual([]);
  });

  it('last click wins: a new click replaces the ID and restarts the window; the old click does not come back', async () => {
    let jar = jarAfter({}, await hit(LANDING));
    const later = NOW + 10 * DAY;
    jar = jarAfter(jar, await hit('https://www.shop.test/?rtid=second-click', jar, { now: later }));
    expect(jar).toEqual({
      RoktTransactionId: 'second-click',
      RoktTransactionIdSeen: String(later),
      RoktTransactionIdKept: String(later),
    });
    const after = await hit('https://www.shop.test/cart', jar, { now: later + 2 * DAY });
    expect(set(after).RoktTransactionId).toBe('second-click');
    expect(set(after).RoktTransactionIdSeen).toBe(String(later));
  });

  it('a revoke (ad_storage denied) deletes all three cookies; no later denied hit restores them', async () => {
    let jar = jarAfter({}, await hit(LANDING));
    const revoke = await hit(LANDING, jar, { eventData: { 'x-ga-gcs': 'G100' }, now: NOW + DAY });
    expect(revoke.cookiesSet.map((c) => [c.name, c.value, c.options['max-age'], c.options.domain])).toEqual([
      ['RoktTransactionId', '', 0, 'auto'],
      ['RoktTransactionIdSeen', '', 0, 'auto'],
      ['RoktTransactionIdKept', '', 0, 'auto'],
    ]);
    jar = jarAfter(jar, revoke);
    expect(jar).toEqual({});
    const next = await hit(LANDING, jar, { eventData: { 'x-ga-gcs': 'G101' }, now: NOW + 2 * DAY });
    expect(next.cookiesSet).toEqual([]);
  });
});
