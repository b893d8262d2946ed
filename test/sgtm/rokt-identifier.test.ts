// @vitest-environment node
import fc from 'fast-check';
import { loadTpl, type RunOptions, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';
import vectors from '../vectors/identifiers.json';
import { CAPTURED_PAGE_VIEW, describeScenarios, NOW, VARIABLE_TPL } from './fixtures';

const tpl = loadTpl(VARIABLE_TPL);

async function evaluate(fields: Record<string, unknown>, options: Omit<RunOptions, 'data'> = {}): Promise<unknown> {
  const result = await runTemplate(tpl, {
    now: NOW,
    ...options,
    data: { roktIdKeys: 'rtid,rclid,passbackconversiontrackingid', ...fields },
  });
  return result.value;
}
const roktId = (options: Omit<RunOptions, 'data'>) => evaluate({ output: 'roktId' }, options);
const emailSha256 = (eventData: Record<string, unknown>) => evaluate({ output: 'emailSha256' }, { eventData });

// The template's own ___TESTS___, run through the offline runner: the behaviours GTM's test API can express.
describeScenarios('Rokt Identifier: ___TESTS___ scenarios', tpl);

// The shared identifier vectors (test/vectors/identifiers.json) are one list for the bundle and every template; a
// scenario would copy them.
describe('Rokt Identifier: the shared Rokt ID vectors', () => {
  const expected = (v: (typeof vectors.rtid)[number]) => (v.valid ? v.decoded : undefined);

  // The GA4 client has already decoded ep.rtid once, so event data holds the decoded form.
  it.each(vectors.rtid.filter((v) => v.decoded !== null))('event data rtid: $why', async (v) => {
    expect(await roktId({ eventData: { rtid: v.decoded } })).toBe(expected(v));
  });

  // The cookie is read with getCookieValues' one decoding, as the URL parameter was in the browser.
  it.each(vectors.rtid.filter((v) => v.decoded !== null))('RoktTransactionId cookie: $why', async (v) => {
    expect(await roktId({ cookies: { RoktTransactionId: v.raw } })).toBe(expected(v));
  });

  it.each(vectors.rtid)('rtid in page_location: $why', async (v) => {
    const page_location = `https://www.shop.test/landing?utm_source=rokt&rtid=${v.raw}`;
    expect(await roktId({ eventData: { page_location } })).toBe(expected(v));
  });

  it.each(vectors.rtid)('rtid in the fragment of page_location: $why', async (v) => {
    const page_location = `https://www.shop.test/#/landing?utm_source=rokt&rtid=${v.raw}`;
    expect(await roktId({ eventData: { page_location } })).toBe(expected(v));
  });

  // A GA4 client's real hit (fixtures.ts, from a published template's fixture) stays out of the shipped .tpl.
  it('finds nothing in the captured page_view, which carries no Rokt ID', async () => {
    expect(await roktId({ eventData: { ...CAPTURED_PAGE_VIEW } })).toBeUndefined();
  });
});

// The shared identifier vectors, as above.
describe('Rokt Identifier: the shared email vectors', () => {
  it.each(vectors.email)('emailsha256 parameter: $why', async (v) => {
    expect(await emailSha256({ emailsha256: v.input })).toBe(v.sha256 ?? undefined);
  });

  it.each(vectors.email)('user_data.email_address: $why', async (v) => {
    expect(await emailSha256({ user_data: { email_address: v.input } })).toBe(v.sha256 ?? undefined);
  });

  it.each(vectors.emailDigestServer)('base64 digest in user_data.sha256_email_address: $why', async (v) => {
    expect(await emailSha256({ user_data: { sha256_email_address: v.input } })).toBe(v.sha256 ?? undefined);
  });
});

// Property-based: fast-check generates the URLs; GTM's test API has no generator.
describe('Rokt Identifier: page URLs without the Rokt ID, for GA4', () => {
  const cleaned = (url: unknown, output = 'pageLocationWithoutRoktId') =>
    evaluate({ output }, { eventData: { page_location: url, page_referrer: url } });

  // Pairs of the kind a landing URL holds: names that look like the Rokt ID's but are not, and values with = and %.
  const name = fc.constantFrom('utm_source', 'gclid', 'rtidx', 'x_rtid', 'RTID', 'rclid2', 'a', 'next');
  const value = fc.constantFrom('', 'rokt', 'a%26b', 'x=y', '45670808', '%2Fcart%3Fstep%3D2');
  const pair = fc.tuple(name, value).map(([n, v]) => `${n}=${v}`);
  const rokt = fc.tuple(fc.constantFrom('rtid', 'rclid'), value).map(([n, v]) => (v === '' ? n : `${n}=${v}`));
  const mixed = fc
    .tuple(fc.array(pair, { maxLength: 4 }), fc.array(rokt, { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 3 }))
    .map(([kept, dropped, positions]) => {
      const all = [...kept];
      dropped.forEach((p, i) => {
        all.splice((positions[i] ?? 0) % (all.length + 1), 0, p);
      });
      return { kept, all };
    });
  const query = (pairs: string[], mark: string) => (pairs.length ? `${mark}${pairs.join('&')}` : '');

  it(
    'removes every rtid and rclid pair from the query and a hash route, and keeps every other pair in order',
    async () => {
      await fc.assert(
        fc.asyncProperty(mixed, mixed, fc.boolean(), async (page, route, hasRoute) => {
          const base = 'https://www.shop.test/landing';
          const url = `${base}${query(page.all, '?')}${hasRoute ? `#/checkout${query(route.all, '?')}` : ''}`;
          const expected = `${base}${query(page.kept, '?')}${hasRoute ? `#/checkout${query(route.kept, '?')}` : ''}`;
          expect(await cleaned(url)).toBe(expected);
          expect(await cleaned(url, 'pageReferrerWithoutRoktId')).toBe(expected);
        }),
        { numRuns: 150 },
      );
    },
    HEAVY_TEST_TIMEOUT_MS,
  );
});
