// @vitest-environment node
import fc from 'fast-check';
import { loadTpl, type RunOptions, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { checkEventApiRequest } from '../../src/formats/rokt-event-api';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';
import vectors from '../vectors/identifiers.json';
import {
  ACCOUNT_ID,
  CAPTURED_PAGE_VIEW,
  describeScenarios,
  EMAIL_SHA256,
  eventApiRequest,
  NOW,
  purchaseEvent,
  ROKT_ID,
  VARIABLE_TPL,
} from './fixtures';

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

describeScenarios('Rokt Identifier: ___TESTS___ scenarios', tpl);

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

  // Last click wins, as in the bundle: the hit's parameters, then a click in the URL, then an earlier visit's cookie.
  it('last click wins: a click in page_location beats event data and the cookie; event data beats the cookie', async () => {
    const cookies = { RoktTransactionId: 'from-cookie' };
    const page_location = 'https://www.shop.test/?rtid=from-url';
    expect(await roktId({ eventData: { rclid: 'from-event', page_location }, cookies })).toBe('from-url');
    expect(await roktId({ eventData: { rtid: 'from-url', page_location }, cookies })).toBe('from-url');
    expect(await roktId({ eventData: { page_location }, cookies })).toBe('from-url');
    const landing = 'https://www.shop.test/';
    expect(await roktId({ eventData: { rclid: 'from-event', page_location: landing }, cookies })).toBe('from-event');
    expect(await roktId({ eventData: { page_location: landing }, cookies })).toBe('from-cookie');
  });

  it('reads rclid in the URL after rtid, and the query before the fragment', async () => {
    const at = (page_location: string) => roktId({ eventData: { page_location } });
    expect(await at('https://www.shop.test/?rclid=b&rtid=a')).toBe('a');
    expect(await at('https://www.shop.test/?rclid=b#rtid=a')).toBe('b');
    expect(await at('https://www.shop.test/?rtid=&rtid=second')).toBe('second');
    expect(await at('https://www.shop.test/#rtid=plain-fragment')).toBe('plain-fragment');
  });

  it('finds nothing in the captured page_view, which carries no Rokt ID', async () => {
    expect(await roktId({ eventData: { ...CAPTURED_PAGE_VIEW } })).toBeUndefined();
  });
});

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

  it('reads the keys in the documented order and skips a malformed one', async () => {
    const other = vectors.email.find((v) => v.why === 'plain address')!;
    const all = {
      emailsha256: 'not-a-digest',
      user_data: { sha256_email_address: EMAIL_SHA256, email_address: 'other@example.org' },
      email: 'third@example.net',
    };
    expect(await emailSha256(all)).toBe(EMAIL_SHA256);
    expect(await emailSha256({ email: other.input })).toBe(other.sha256);
  });

  it('never outputs something for a non-string value', async () => {
    expect(await emailSha256({ emailsha256: { value: EMAIL_SHA256 } })).toBeUndefined();
    expect(await emailSha256({ emailsha256: true })).toBeUndefined();
  });
});

describe('Rokt Identifier: Event API body output', () => {
  const bodyFor = (eventData: Record<string, unknown>, now = NOW) =>
    evaluate({ output: 'eventApiBody', accountId: ACCOUNT_ID, conversionType: '' }, { eventData, now }) as Promise<
      string | undefined
    >;

  it('builds a body from the captured purchase that meets every documented constraint', async () => {
    const body = await bodyFor(purchaseEvent());
    expect(typeof body).toBe('string');
    expect(checkEventApiRequest(eventApiRequest(body!, 'rpub-a', 'rsec-b'), { now: NOW })).toEqual([]);
    const event = JSON.parse(body!).events[0];
    expect(event.objectData).toContainEqual({ name: 'passbackconversiontrackingid', value: ROKT_ID });
    expect(event.objectData).toContainEqual({ name: 'emailsha256', value: EMAIL_SHA256 });
    expect(event.objectData).toContainEqual({ name: 'amount', value: '129.9' });
    expect(event.objectData).toContainEqual({ name: 'couponcode', value: 'SPRING10' });
  });

  it('never puts the raw email in the body', async () => {
    const body = await bodyFor(purchaseEvent({ emailsha256: undefined }));
    expect(body).not.toContain('someone@example.com');
    expect(JSON.parse(body!).events[0].objectData).toContainEqual({ name: 'emailsha256', value: EMAIL_SHA256 });
  });

  it.each([0, 951782400000, 4107542399999, NOW, 1709164800123, -1])(
    'writes eventTime %d as Date#toISOString does',
    async (now) => {
      const body = await bodyFor(purchaseEvent(), now);
      expect(JSON.parse(body!).events[0].eventTime).toBe(new Date(now).toISOString());
    },
  );

  it('gives the same clientEventId to a hit delivered twice without a transaction ID', async () => {
    const hit = purchaseEvent({ transaction_id: undefined });
    const first = JSON.parse((await bodyFor(hit))!).events[0].clientEventId;
    const again = JSON.parse((await bodyFor(hit, NOW + 1000))!).events[0].clientEventId;
    const nextHit = JSON.parse((await bodyFor({ ...hit, 'x-ga-request_count': 2 }))!).events[0].clientEventId;
    expect(first).toMatch(/^[0-9a-f]{36}$/);
    expect(again).toBe(first);
    expect(nextHit).not.toBe(first);
  });
});

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

  it('gives undefined for no URL and a URL without a Rokt ID unchanged', async () => {
    expect(await cleaned(undefined)).toBeUndefined();
    expect(await cleaned({ not: 'a url' })).toBeUndefined();
    expect(await cleaned('https://www.shop.test/?a=1&&b=2#top')).toBe('https://www.shop.test/?a=1&&b=2#top');
  });
});
