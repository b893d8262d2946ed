// @vitest-environment node
// The Capture tag against the bundle's contract: the shared identifier vectors, and the storage rules of
// src/browser/identity.ts (names, domain, window from first seen, last click, daily refresh, the ID Keeper's cookies,
// the clear marker), gated by GTM's ad_storage state.

import { simulatedBrowser } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY, KEPT_KEY, SEEN_KEY } from '../../src/browser/identity';
import { describeScenarios } from '../sgtm/fixtures';
import vectors from '../vectors/identifiers.json';
import { CAPTURE, capture, DAY, jar, pushes, T0 } from './fixtures';

// The template's own ___TESTS___, run through the offline runner: the behaviours GTM's test API can express.
describeScenarios('Rokt Capture: ___TESTS___ scenarios', CAPTURE);

/** One browser with a clock the tests move. */
function browser() {
  const clock = { now: T0 };
  const b = simulatedBrowser(() => clock.now);
  return { clock, open: b.open, storage: b.storage };
}

// The shared identifier vectors (test/vectors/identifiers.json) are one list for the bundle and every template; a
// scenario would copy them.
describe('Rokt Capture: the shared identifier vectors', () => {
  it.each(vectors.rtid)('rtid in the landing URL: $why', async (v) => {
    const { open } = browser();
    const page = open(`https://www.shop.test/landing?utm_source=rokt&rtid=${v.raw}`);
    await capture(page, {}, T0);
    if (v.valid) {
      expect(jar(page)[ID_KEY]).toBe(v.decoded);
      expect(page.localStorage?.getItem(ID_KEY)).toBe(v.decoded);
      expect(pushes(page)).toEqual([{ rtid: v.decoded, event: 'rokt_identity' }]);
    } else {
      expect(jar(page)).toEqual({});
      expect(page.localStorage?.getItem(ID_KEY)).toBeNull();
      expect(pushes(page)).toEqual([]);
    }
  });

  it.each(vectors.email)('email field: $why', async (v) => {
    const { open } = browser();
    const page = open('https://www.shop.test/thanks');
    const result = await capture(page, { email: v.input }, T0);
    expect(page.localStorage?.getItem(EMAIL_KEY)).toBe(v.valid ? v.sha256 : null);
    expect(jar(page)).toEqual({});
    // The address itself reaches no storage, no dataLayer entry and no console line.
    const address = v.input.trim().toLowerCase();
    if (address.includes('@')) {
      const seen = JSON.stringify([pushes(page), result.logs, page.cookie]).toLowerCase();
      expect(seen).not.toContain(address);
    }
  });
});

// Journeys: several page loads of one simulated browser, its cookie jar (domains, expiry) and localStorage carried
// between them, as the bundle's storage rules are defined over visits.
describe('Rokt Capture: the bundle storage rules over visits', () => {
  it('the window counts from first seen: a later visit keeps the first-seen time and the end date', async () => {
    const { open, clock } = browser();
    await capture(open('https://www.shop.test/?rtid=click-1'), {}, T0);
    clock.now = T0 + 10 * DAY;
    const later = open('https://www.shop.test/account');
    const result = await capture(later, {}, clock.now);
    // The daily refresh rewrites the cookies with what is left of the window, never more.
    const id = result.cookiesSet.find((c) => c.name === ID_KEY);
    expect(id?.options['max-age']).toBe(80 * 86400);
    expect(jar(later)[SEEN_KEY]).toBe(String(T0));
    expect(pushes(later)).toEqual([{ rtid: 'click-1', event: 'rokt_identity' }]);
  });

  it('refreshes at most once a day: a visit an hour later writes nothing', async () => {
    const { open, clock } = browser();
    await capture(open('https://www.shop.test/?rtid=click-1'), {}, T0);
    clock.now = T0 + 3_600_000;
    const result = await capture(open('https://www.shop.test/cart'), {}, clock.now);
    expect(result.cookiesSet).toEqual([]);
  });

  it('last click wins: a new ID replaces the stored one and is first seen now', async () => {
    const { open, clock } = browser();
    await capture(open('https://www.shop.test/?rtid=click-1'), {}, T0);
    clock.now = T0 + 3_600_000;
    const page = open('https://www.shop.test/?rtid=click-2');
    await capture(page, {}, clock.now);
    expect(jar(page)[ID_KEY]).toBe('click-2');
    expect(jar(page)[SEEN_KEY]).toBe(String(clock.now));
    expect(page.localStorage?.getItem(ID_KEY)).toBe('click-2');
  });

  it('an ID past its window is deleted and not pushed', async () => {
    const { open, clock, storage } = browser();
    await capture(open('https://www.shop.test/?rtid=click-1'), {}, T0);
    clock.now = T0 + 91 * DAY;
    // The cookies expired in the jar; the localStorage copy has no expiry and is judged by its first-seen time.
    const page = open('https://www.shop.test/cart');
    await capture(page, {}, clock.now);
    expect(storage('https://www.shop.test').items.has(ID_KEY)).toBe(false);
    expect(pushes(page)).toEqual([]);
  });

  it('removes a stale host-only copy that shadows the domain cookie, as the bundle does', async () => {
    const { open } = browser();
    const page = open('https://www.shop.test/cart');
    page.cookie = `${ID_KEY}=stale; path=/`;
    page.cookie = `${ID_KEY}=click-1; path=/; domain=shop.test; max-age=99999`;
    page.cookie = `${SEEN_KEY}=${T0}; path=/; domain=shop.test; max-age=99999`;
    await capture(page, {}, T0);
    expect(page.cookie.split('; ').filter((c) => c.startsWith(`${ID_KEY}=`))).toEqual([`${ID_KEY}=click-1`]);
    expect(pushes(page)).toEqual([{ rtid: 'click-1', event: 'rokt_identity' }]);
  });

  it("leaves the ID Keeper's server-set cookies alone on a refresh, and replaces them on a new click", async () => {
    const { open, clock } = browser();
    const first = open('https://www.shop.test/');
    for (const [name, value] of [
      [ID_KEY, 'click-1'],
      [SEEN_KEY, String(T0)],
      [KEPT_KEY, String(T0)],
    ])
      first.cookie = `${name}=${value}; path=/; domain=shop.test; max-age=7776000`;
    clock.now = T0 + 2 * DAY;
    const refresh = await capture(open('https://www.shop.test/cart'), {}, clock.now);
    expect(refresh.cookiesSet.map((c) => c.name)).not.toContain(ID_KEY);
    expect(refresh.cookiesSet.map((c) => c.name)).not.toContain(SEEN_KEY);
    const click = open('https://www.shop.test/?rtid=click-2');
    await capture(click, {}, clock.now);
    expect(jar(click)[ID_KEY]).toBe('click-2');
    expect(jar(click)[KEPT_KEY]).toBeUndefined();
  });
});

// Consent changes on a live page (the listeners GTM runs on an update) and across subdomains: a journey, not a runCode.
describe("Rokt Capture: GTM's consent state", () => {
  it('a denied default stores nothing; the update that grants stores; withdrawing deletes and marks the clear', async () => {
    const { open } = browser();
    const page = open('https://www.shop.test/?rtid=click-1', { consent: { ad_storage: 'denied' } });
    await capture(page, { email: vectors.email[0].input }, T0);
    expect(jar(page)).toEqual({});
    expect(page.localStorage?.getItem(ID_KEY)).toBeNull();
    expect(pushes(page)).toEqual([{ rtid: 'click-1', emailsha256: vectors.email[0].sha256, event: 'rokt_identity' }]);

    page.consent.update({ ad_storage: 'granted' });
    expect(jar(page)[ID_KEY]).toBe('click-1');
    expect(page.localStorage?.getItem(EMAIL_KEY)).toBe(vectors.email[0].sha256);

    page.consent.update({ ad_storage: 'denied' });
    expect(Object.keys(jar(page))).toEqual([CLEARED_KEY]);
    expect(page.localStorage?.getItem(ID_KEY)).toBeNull();
    expect(page.localStorage?.getItem(EMAIL_KEY)).toBeNull();
    expect(pushes(page).at(-1)).toEqual({ rtid: null, emailsha256: null });
  });

  it("a revoke on one subdomain drops the other subdomain's localStorage copy on its next page", async () => {
    const { open, clock } = browser();
    await capture(open('https://www.shop.test/?rtid=click-1'), {}, T0);
    const checkout = open('https://checkout.shop.test/pay');
    await capture(checkout, {}, T0);
    checkout.consent.update({ ad_storage: 'denied' });
    clock.now = T0 + 1000;
    const www = open('https://www.shop.test/cart');
    await capture(www, {}, clock.now);
    expect(www.localStorage?.getItem(ID_KEY)).toBeNull();
    expect(pushes(www)).toEqual([]);
    expect(jar(www)[ID_KEY]).toBeUndefined();
  });
});
