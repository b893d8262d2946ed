// The server-side Rokt ID Keeper in the preview: the server container sets RoktTransactionId (+ Seen, Kept) in its
// answer to the GA4 hit, and that cookie carries the ID to the conversion when the bundle cannot.
import type { BrowserContext, Page } from '@playwright/test';
import type { Preview } from '../src/preview/preview';
import type { ProcessedEvent } from '../src/preview/server-container';
import {
  checkout,
  consent,
  conversionOf,
  expect,
  preConsent,
  RTID,
  sentToRokt,
  test,
  theRoktRequest,
} from './support/preview';

const KEEPER = 'Rokt ID Keeper';
const DAY_MS = 86_400_000;

/** The cookies the keeper set (or deleted, value '') in the answer to `event`'s hit. */
function keeperCookies(event: ProcessedEvent) {
  return event.tags.filter((tag) => tag.template === KEEPER).flatMap((tag) => tag.cookiesSet);
}

/** The keeper's cookies (the bundle's own markers, such as a clear marker, are not among them). */
const KEEPER_COOKIES = ['RoktTransactionId', 'RoktTransactionIdSeen', 'RoktTransactionIdKept'];

/** Names of the keeper's cookies the context holds. */
async function roktCookies(context: BrowserContext): Promise<string[]> {
  return (await context.cookies()).map((cookie) => cookie.name).filter((name) => KEEPER_COOKIES.includes(name));
}

/** Resolves once the browser holds the keeper's three cookies. */
async function serverCookiesArrived(context: BrowserContext): Promise<void> {
  await expect.poll(() => roktCookies(context)).toEqual(expect.arrayContaining(KEEPER_COOKIES));
}

/** Step 1 of the conversion's card on /__rokt. */
async function stepOne(page: Page, preview: Preview, order: string) {
  await page.goto(preview.traceUrl);
  return page.locator('section.conversion', { hasText: order }).locator('li').nth(0);
}

test('server-only: without the bundle, a landing ?rtid= reaches Rokt from checkout. through the server-set cookie', async ({
  page,
  context,
  preview,
}) => {
  preview.serverOnly = true;
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  expect(await page.evaluate(() => 'roktBridge' in window)).toBe(false);
  await serverCookiesArrived(context);

  const order = await checkout(page);
  const conversion = await conversionOf(preview, order);
  expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  // Nothing in the hit came from a bundle: the ID travelled in the cookie the server set on the landing hit.
  expect(conversion.eventData.rtid).toBeUndefined();
  expect(conversion.cookies.RoktTransactionId).toEqual([RTID]);
  const step = await stepOne(page, preview, order);
  await expect(step).toContainText("From the landing hit's page_location");
  await expect(step).toContainText(`${preview.http.landing}/?rtid=${RTID}`);
});

test('script storage purged: the server-set cookie still brings the ID, first seen at the landing, 30 days later', async ({
  page,
  context,
  preview,
}) => {
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await serverCookiesArrived(context);
  await page.click('#browse');
  await expect(page.locator('#bridge-state')).toContainText(RTID);

  // Tracking prevention after 7 days of browser use without an interaction: every cookie a script wrote is gone, and
  // all localStorage. What survives is what an HTTP answer set: the keeper's cookies, each with the value of the
  // keeper's last answer. (Telling which side wrote a cookie last by timing raced: a script write and a Set-Cookie in
  // flight can land in either order.)
  const keptByServer = new Map<string, string>();
  for (const event of preview.container.processed)
    for (const cookie of keeperCookies(event)) keptByServer.set(cookie.name, cookie.value);
  expect([...keptByServer.keys()].sort()).toEqual([...KEEPER_COOKIES].sort());
  const landingSeen = keptByServer.get('RoktTransactionIdSeen');
  expect(landingSeen).toMatch(/^\d+$/);
  // Domain, path and expiry as the ID cookie has them (the keeper and the bundle write the same attributes).
  const idCookie = (await context.cookies()).find((cookie) => cookie.name === 'RoktTransactionId');
  expect(idCookie).toBeDefined();
  await context.clearCookies();
  await context.addCookies([...keptByServer].map(([name, value]) => ({ ...idCookie!, name, value })));
  // The visitor's consent choice stays as the consent platform keeps it (the test's cookie).
  await preConsent(context);
  const cdp = await context.newCDPSession(page);
  for (const origin of [preview.http.landing, preview.http.checkout])
    await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'local_storage' });
  expect(await page.evaluate(() => localStorage.length)).toBe(0);
  expect(await roktCookies(context)).toEqual(KEEPER_COOKIES);

  await page.clock.install({ time: Date.now() + 30 * DAY_MS });
  await page.goto(`${preview.http.checkout}/checkout`);
  const order = (await page.locator('#order-id').textContent()) ?? '';
  await page.click('#place-order');
  const conversion = await conversionOf(preview, order);
  expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  expect(conversion.cookies.RoktTransactionIdSeen).toEqual([landingSeen]);
  await expect(await stepOne(page, preview, order)).toContainText('From the server-set cookie');
});

for (const serverOnly of [false, true]) {
  test(`revoke${serverOnly ? ' (server-only)' : ''}: after a Consent Mode update to denied the next hit leaves no keeper cookie, and no later hit restores it`, async ({
    page,
    context,
    preview,
  }) => {
    preview.serverOnly = serverOnly;
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await serverCookiesArrived(context);

    await consent(page, 'Decline');
    const before = preview.container.processed.length;
    await page.click('#browse');
    const [next] = await preview.container
      .waitFor((events) => events.length > before)
      .then((events) => events.slice(before));
    expect(next.eventData['x-ga-gcs']).toBe('G100');
    // Without the bundle, only the keeper can delete them: it does, in its answer to that hit. With the bundle, the
    // revoke already deleted them in the page, and the keeper deletes whatever the hit still carried.
    const deleted = keeperCookies(next)
      .filter((cookie) => cookie.value === '')
      .map((cookie) => cookie.name);
    if (serverOnly) expect(deleted).toEqual(KEEPER_COOKIES);
    await expect.poll(() => roktCookies(context)).toEqual([]);

    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(await roktCookies(context)).toEqual([]);
    expect(preview.rokt.received).toEqual([]);
    for (const event of preview.container.processed.slice(before))
      expect(keeperCookies(event).filter((cookie) => cookie.value !== '')).toEqual([]);
  });
}
