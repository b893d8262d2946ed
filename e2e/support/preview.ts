/**
 * The end-to-end fixture: one running preview (shop, server container, Rokt stand-in) per worker, reset before
 * every test, plus the steps a shopper takes. Every wait is on an event (a processed hit, a page state), never a sleep.
 */
import { createHash } from 'node:crypto';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { type Preview, startPreview } from '../../src/preview/preview';
import type { ProcessedEvent } from '../../src/preview/server-container';

export { expect };

/** The documented example Rokt ID (docs/rokt-api.md §4). */
export const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
/**
 * What `clear()` or a consent revoke leaves in the cookie jar and in localStorage: the time of the clear, no
 * identifier. Every subdomain sees the cookie and so never restores an ID from its own localStorage afterwards.
 */
export const CLEAR_MARKER = expect.stringMatching(/^RoktTransactionIdCleared=\d+$/);
/** A second valid ID, for "a new landing wins". */
export const RTID_2 = 'AbC-123_x.y~Z';
export const EMAIL = '  Shopper.One@Example.COM ';
/** The digest of the trimmed, lowercased address by node:crypto: the bundle's own SHA-256 is checked against Node's. */
export const EMAIL_SHA256 = createHash('sha256').update(EMAIL.trim().toLowerCase()).digest('hex');

// biome-ignore lint/suspicious/noConfusingVoidType: Playwright types a fixture that provides no value as void
export const test = base.extend<{ fresh: void }, { preview: Preview }>({
  preview: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires the destructuring even when no fixture is used
    async ({}, use) => {
      // E2E_DIST_DIR tests another build of the bundle (default: dist/, made by npm run build).
      const preview = await startPreview({ port: 0, httpsPort: 0, roktPort: 0, distDir: process.env.E2E_DIST_DIR });
      await use(preview);
      await preview.close();
    },
    { scope: 'worker' },
  ],
  fresh: [
    async ({ preview }, use) => {
      preview.reset();
      await use();
    },
    { auto: true },
  ],
});

/** Decides in the shop's consent banner, which drives gtag consent mode and so the bundle's `consent: 'auto'`. */
export async function consent(page: Page, choice: 'Accept' | 'Decline'): Promise<void> {
  const banner = page.locator('#consent-banner');
  if (await banner.isHidden()) await page.click('#consent-settings');
  await page.getByRole('button', { name: choice }).click();
  await expect(banner).toBeHidden();
}

/** Stores the shop's consent decision for every subdomain before any page loads (tests that are not about consent). */
export async function preConsent(context: BrowserContext, state: 'granted' | 'denied' = 'granted'): Promise<void> {
  await context.addCookies([{ name: 'shop_consent', value: state, domain: '.shop.test', path: '/' }]);
}

/** Goes from the current www. page to checkout., places the order (with `email` if given), lands on the thank-you page. */
export async function checkout(page: Page, email?: string): Promise<string> {
  await page.click('#to-checkout');
  await expect(page).toHaveURL(/\/\/checkout\.shop\.test:\d+\/checkout/);
  const order = (await page.locator('#order-id').textContent()) ?? '';
  if (email !== undefined) await page.fill('#email', email);
  await page.click('#place-order');
  await expect(page.locator('#order-confirmation')).toContainText(order);
  return order;
}

/** Resolves once the server container has processed the `purchase` of `order` (tags finished). */
export async function conversionOf(preview: Preview, order: string): Promise<ProcessedEvent> {
  const isIt = (event: ProcessedEvent) =>
    event.eventData.event_name === 'purchase' && event.eventData.transaction_id === order;
  const processed = await preview.container.waitFor((events) => events.some(isIt));
  return processed.find(isIt) as ProcessedEvent;
}

/** The parts of either API's body that {@link sentToRokt} reads. */
interface Batch {
  events: { objectData?: { name: string; value: string }[]; data?: { custom_attributes?: Record<string, string> } }[];
  user_identities?: Record<string, string>;
  integration_attributes?: Record<string, Record<string, string>>;
}

/**
 * What a conversion request told Rokt, as one name → value map in the Event API's names, whichever API carried it:
 * an Event API body's objectData, or an Event and Audience API batch's identifiers (`other` → `emailsha256`, `email`,
 * the Rokt ID of `integration_attributes["1277"]`, which must equal `other2`) and custom attributes.
 */
export function sentToRokt(body: string): Record<string, string> {
  const parsed = JSON.parse(body) as Batch;
  const event = parsed.events[0]!;
  if (event.objectData) {
    return Object.fromEntries(event.objectData.map(({ name, value }) => [name, value]));
  }
  const identities = parsed.user_identities ?? {};
  const rtid = parsed.integration_attributes?.['1277']?.passbackconversiontrackingid;
  expect(rtid, 'the Rokt ID in integration_attributes and in other2').toBe(identities.other2);
  const named: Record<string, string | undefined> = {
    passbackconversiontrackingid: rtid,
    emailsha256: identities.other,
    email: identities.email,
    ...event.data?.custom_attributes,
  };
  return Object.fromEntries(Object.entries(named).filter(([, value]) => value !== undefined)) as Record<string, string>;
}

/** The first event of an Event API body, or the `data` of an Event and Audience API batch's first event. */
export function firstEvent(body: string): Record<string, unknown> {
  const event = (JSON.parse(body) as { events: Record<string, unknown>[] }).events[0]!;
  return (event.data as Record<string, unknown> | undefined) ?? event;
}

/**
 * The one conversion request of the test (Event and Audience API or Event API); fails with the tags' logs (why
 * nothing, or too much, was sent) otherwise.
 */
export function theRoktRequest(preview: Preview) {
  const requests = roktPosts(preview);
  const logs = preview.container.processed.flatMap((event) =>
    event.tags.flatMap((tag) => [`${tag.name}: ${tag.outcome}`, ...tag.logs]),
  );
  expect(requests, `conversion requests to Rokt; tag logs:\n${logs.join('\n')}`).toHaveLength(1);
  return requests[0]!;
}

/** Only the conversion POSTs (`/v2/events` of either API), not the PII-less GETs. */
export function roktPosts(preview: Preview) {
  return preview.rokt.received.filter((exchange) => exchange.url === '/v2/events');
}

/** The Rokt keys this page origin holds: cookies of the context and this origin's localStorage. */
export async function storedRoktState(page: Page): Promise<{ cookies: string[]; localStorage: string[] }> {
  const cookies = (await page.context().cookies()).map((cookie) => `${cookie.name}=${cookie.value}`);
  const localStorage = await page.evaluate(() =>
    Object.keys(window.localStorage).map((key) => `${key}=${window.localStorage.getItem(key)}`),
  );
  return { cookies, localStorage };
}
