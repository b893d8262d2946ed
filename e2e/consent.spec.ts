// Consent gates storage and sending; blocked storage does not lose the ID on the page. Asserted in the browser's
// storage and in what the Rokt stand-in finally received.
import type { Page } from '@playwright/test';
import {
  CLEAR_MARKER,
  checkout,
  consent,
  conversionOf,
  expect,
  preConsent,
  RTID,
  sentToRokt,
  storedRoktState,
  test,
  theRoktRequest,
} from './support/preview';

/** Buys with the landing page's "Buy now" button and returns the order id. */
async function buyNow(page: Page): Promise<string> {
  const order = (await page.locator('#order-id').textContent()) ?? '';
  await page.click('#buy-now');
  await expect(page.locator('#order-confirmation')).toContainText(order);
  return order;
}

test('consent denied: nothing of ours in cookies or localStorage, and no Event API request', async ({
  page,
  preview,
}) => {
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Decline');
  const order = await buyNow(page);

  const conversion = await conversionOf(preview, order);
  expect(conversion.eventData['x-ga-gcs']).toBe('G100');
  expect(preview.rokt.received).toEqual([]);
  // The only cookie is the shop's record of the refusal itself.
  expect(await storedRoktState(page)).toEqual({ cookies: ['shop_consent=denied'], localStorage: [] });
});

test('consent granted later: the ID is stored then, and the conversion is sent', async ({ page, preview }) => {
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Decline');
  expect((await storedRoktState(page)).localStorage).toEqual([]);
  await consent(page, 'Accept');

  const stored = await storedRoktState(page);
  expect(stored.cookies).toContain(`RoktTransactionId=${RTID}`);
  expect(stored.localStorage).toContain(`RoktTransactionId=${RTID}`);
  const order = await checkout(page);
  await conversionOf(preview, order);
  expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
});

test('consent revoked: the stored ID is removed and nothing more is sent', async ({ page, context, preview }) => {
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  expect((await storedRoktState(page)).cookies).toContain(`RoktTransactionId=${RTID}`);
  await consent(page, 'Decline');

  // What remains is the clear marker, a time with no identifier in it, which stops other subdomains restoring theirs.
  const stored = await storedRoktState(page);
  expect(stored.cookies.filter((cookie) => cookie.startsWith('Rokt'))).toEqual([CLEAR_MARKER]);
  expect(stored.localStorage.filter((item) => item.startsWith('Rokt'))).toEqual([CLEAR_MARKER]);
  const order = await buyNow(page);
  await conversionOf(preview, order);
  expect(preview.rokt.received).toEqual([]);
});

test('cookies blocked and localStorage throwing: the conversion on that page still carries the ID', async ({
  page,
  preview,
}) => {
  await page.addInitScript(() => {
    // As a browser that blocks site data: cookies read empty and are not kept, localStorage throws on access.
    Object.defineProperty(Document.prototype, 'cookie', { get: () => '', set: () => {}, configurable: true });
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      configurable: true,
    });
  });
  // Such a browser keeps no cookie from HTTP responses either: the server container's Set-Cookie is dropped.
  await page.route('**/g/collect*', async (route) => {
    // Fetched by Node, which does not know *.shop.test: straight to 127.0.0.1, keeping the Host header.
    const url = new URL(route.request().url());
    const host = url.host;
    url.hostname = '127.0.0.1';
    const response = await route.fetch({ url: url.href, headers: { ...route.request().headers(), host } });
    const headers = { ...response.headers() };
    delete headers['set-cookie'];
    await route.fulfill({ response, headers });
  });
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Accept');
  const order = await buyNow(page);
  const pushed = await page.evaluate(() =>
    (window as unknown as { dataLayer: Record<string, unknown>[] }).dataLayer.find(
      (entry) => entry.event === 'purchase',
    ),
  );
  expect(pushed?.rtid).toBe(RTID);

  await conversionOf(preview, order);
  expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  expect((await page.context().cookies()).map((cookie) => cookie.name)).toEqual([]);
});
