// @vitest-environment node
// The Identifier (web) variable: the shared vectors, and the bundle's priority (URL, this page's rokt_identity,
// cookie, localStorage) within the attribution window and GTM's ad_storage state.

import { simulatedBrowser } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY } from '../../src/browser/identity';
import { describeScenarios } from '../sgtm/fixtures';
import vectors from '../vectors/identifiers.json';
import { capture, IDENTIFIER, identifier, T0 } from './fixtures';

// The template's own ___TESTS___, run through the offline runner: the behaviours GTM's test API can express.
describeScenarios('Rokt Web Identifier: ___TESTS___ scenarios', IDENTIFIER);

// The shared identifier vectors (test/vectors/identifiers.json) are one list for the bundle and every template; a
// scenario would copy them.
describe('Rokt Web Identifier: the shared Rokt ID vectors', () => {
  it.each(vectors.rtid)('rtid in the page URL: $why', async (v) => {
    const page = simulatedBrowser(() => T0).open(`https://www.shop.test/?utm_source=rokt&rtid=${v.raw}`);
    expect(await identifier(page, 'roktId', T0)).toBe(v.valid ? v.decoded : undefined);
  });

  it.each(vectors.rtid)('rtid in a hash route: $why', async (v) => {
    const page = simulatedBrowser(() => T0).open(`https://www.shop.test/#/landing?rtid=${v.raw}`);
    expect(await identifier(page, 'roktId', T0)).toBe(v.valid ? v.decoded : undefined);
  });
});

// Two templates on one simulated browser: what the Capture tag stored or pushed is what the variable reads, on this
// page, a later page or another subdomain. GTM's test API runs one template.
describe('Rokt Web Identifier: where the identifiers come from', () => {
  const stored = async () => {
    const browser = simulatedBrowser(() => T0);
    await capture(browser.open('https://www.shop.test/?rtid=click-1'), { email: vectors.email[0].input }, T0);
    return browser;
  };

  it('what the Capture tag stored, on a later page', async () => {
    const page = (await stored()).open('https://www.shop.test/cart');
    expect(await identifier(page, 'roktId', T0)).toBe('click-1');
    expect(await identifier(page, 'emailSha256', T0)).toBe(vectors.email[0].sha256);
  });

  it("this page's rokt_identity while ad_storage is denied (the Capture tag's memory)", async () => {
    const page = simulatedBrowser(() => T0).open('https://www.shop.test/?rtid=click-1', {
      consent: { ad_storage: 'denied' },
    });
    await capture(page, { email: vectors.email[0].input }, T0);
    expect(await identifier(page, 'roktId', T0)).toBe('click-1');
    expect(await identifier(page, 'emailSha256', T0)).toBe(vectors.email[0].sha256);
  });

  it("not this origin's localStorage copy after a clear made on another subdomain", async () => {
    const browser = await stored();
    const page = browser.open('https://www.shop.test/cart');
    page.cookie = `${ID_KEY}=; path=/; domain=shop.test; max-age=0`;
    page.cookie = `${CLEARED_KEY}=${T0}; path=/; domain=shop.test; max-age=99999`;
    expect(await identifier(page, 'roktId', T0)).toBeUndefined();
    expect(page.localStorage?.getItem(EMAIL_KEY)).toBe(vectors.email[0].sha256);
    expect(await identifier(page, 'emailSha256', T0)).toBeUndefined();
  });
});
