// The two install paths (script tag, GTM Custom HTML text) alone, together, and under a strict nonce-based CSP.
import type { Page } from '@playwright/test';
import { conversionOf, expect, preConsent, RTID, roktPosts, sentToRokt, test, theRoktRequest } from './support/preview';

type Entry = Record<string, unknown>;

const dataLayerEvents = (page: Page, name: string) =>
  page.evaluate(
    (event) => (window as unknown as { dataLayer: Entry[] }).dataLayer.filter((entry) => entry.event === event).length,
    name,
  );

test('the bundle loaded twice (script tag and GTM tag): one identity event, one conversion, one request', async ({
  page,
  context,
  preview,
}) => {
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?rtid=${RTID}&install=both`);
  await expect(page.locator('#bridge-state')).toContainText(RTID);
  const order = (await page.locator('#order-id').textContent()) ?? '';
  await page.click('#buy-now');

  await preview.container.waitFor((events) => events.some((event) => event.eventData.event_name === 'rokt_identity'));
  await conversionOf(preview, order);
  expect(await dataLayerEvents(page, 'rokt_identity')).toBe(1);
  expect(await dataLayerEvents(page, 'purchase')).toBe(1);
  const names = preview.container.processed.map((event) => event.eventData.event_name);
  expect(names.filter((name) => name === 'rokt_identity')).toHaveLength(1);
  expect(names.filter((name) => name === 'purchase')).toHaveLength(1);
  expect(roktPosts(preview)).toHaveLength(1);
  // The page really did get both copies.
  expect(await page.locator('script[src="/rokt-sgtm-bridge.min.js"]').count()).toBe(1);
  expect(
    await page.evaluate(() =>
      [...document.scripts].some(
        (script) => !script.src && script.text.includes('roktBridgeConfig = window.roktBridgeConfig'),
      ),
    ),
  ).toBe(true);
});

for (const install of ['tag', 'gtm'] as const) {
  test(`${install === 'tag' ? 'script tag' : 'GTM Custom HTML'} under a strict nonce CSP: zero violations, conversion sent`, async ({
    page,
    context,
    preview,
  }) => {
    await preConsent(context);
    const response = await page.goto(`${preview.http.landing}/?rtid=${RTID}&install=${install}`);
    expect(response?.headers()['content-security-policy']).toMatch(
      /^script-src 'nonce-[^']+' 'strict-dynamic'; object-src 'none'; base-uri 'none'$/,
    );
    await expect(page.locator('#bridge-state')).toContainText(RTID);
    const order = (await page.locator('#order-id').textContent()) ?? '';
    await page.click('#buy-now');
    await conversionOf(preview, order);

    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
    expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
    // Control: the same listener does report a violation, here an inline event handler that the CSP blocks.
    await page.evaluate(() => document.querySelector('h1')?.setAttribute('onclick', 'window.inlineRan = true'));
    await page.click('h1');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations.length))
      .toBe(1);
    expect(await page.evaluate(() => (window as unknown as { inlineRan?: boolean }).inlineRan)).toBeUndefined();
  });
}
