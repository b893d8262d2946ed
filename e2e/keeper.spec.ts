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
  objectData,
  preConsent,
  RTID,
  test,
  theEventApiRequest,
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
  expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
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
  // Which cookie each side wrote last: the page's scripts (document.cookie) or an HTTP answer (the keeper).
  const scriptWrites = new Map<string, number>();
  // The time is taken in the page, at the write: a binding's call reaches Node later, and a time taken there could
  // fall after the server's answer and count a cookie the keeper set last as script-set.
  await context.exposeFunction('__cookieWritten', (name: string, at: number) => scriptWrites.set(name, at));
  await context.addInitScript(() => {
    const native = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie') as PropertyDescriptor;
    Object.defineProperty(Document.prototype, 'cookie', {
      configurable: true,
      get() {
        return native.get?.call(this);
      },
      set(value: string) {
        (window as unknown as { __cookieWritten: (name: string, at: number) => void }).__cookieWritten(
          String(value).split('=')[0].trim(),
          Date.now(),
        );
        native.set?.call(this, value);
      },
    });
  });
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await serverCookiesArrived(context);
  await page.click('#browse');
  await expect(page.locator('#bridge-state')).toContainText(RTID);

  const serverWrites = new Map<string, number>();
  for (const event of preview.container.processed)
    for (const cookie of keeperCookies(event)) serverWrites.set(cookie.name, Date.parse(event.at));
  const landingSeen = preview.container.processed
    .flatMap(keeperCookies)
    .find((cookie) => cookie.name === 'RoktTransactionIdSeen')?.value;
  expect(landingSeen).toMatch(/^\d+$/);

  // Tracking prevention after 7 days: every cookie a script wrote last is gone, and all localStorage.
  const cookies = await context.cookies();
  const scriptSet = cookies.filter(
    (cookie) => (scriptWrites.get(cookie.name) ?? -1) > (serverWrites.get(cookie.name) ?? -1),
  );
  const writes = JSON.stringify({ script: [...scriptWrites], server: [...serverWrites] });
  expect(
    scriptSet.map((cookie) => cookie.name),
    writes,
  ).toContain('_ga');
  await context.clearCookies();
  await context.addCookies(cookies.filter((cookie) => !scriptSet.includes(cookie)));
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
  expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
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
