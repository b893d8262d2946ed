// The shopper's journey across real subdomains (www. → checkout.), and what Rokt finally receives.
import { SERVER_NAMES } from '../src/gtm-export/server-container';
import {
  checkout,
  consent,
  conversionOf,
  EMAIL,
  EMAIL_SHA256,
  expect,
  firstEvent,
  objectData,
  preConsent,
  RTID,
  RTID_2,
  test,
  theEventApiRequest,
} from './support/preview';

test('landing on www. with ?rtid, browsing, buying on checkout.: one Event API request with that ID', async ({
  page,
  preview,
}) => {
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Accept');
  await page.click('#browse');
  await expect(page).toHaveURL(/\/product$/);
  const order = await checkout(page);

  const conversion = await conversionOf(preview, order);
  // The Event API tag of the import file (an ID Keeper tag, when imported too, fires on every event besides).
  const eventApi = conversion.tags.filter((tag) => tag.name === SERVER_NAMES.eventApiTag);
  expect(eventApi.map((tag) => tag.outcome)).toEqual(['success']);
  const request = theEventApiRequest(preview);
  expect(request.problems).toEqual([]);
  const event = firstEvent(request.body);
  expect(objectData(request.body)).toMatchObject({
    passbackconversiontrackingid: RTID,
    transactionid: order,
    conversiontype: 'purchase',
  });
  expect(event.metaData).toContainEqual({ name: 'source', value: 'sgtm' });
  expect(event.clientEventId).toBe(order);
  // The ID crossed subdomains in the cookie, and the GA4 hit carried it as an event parameter.
  expect(conversion.cookies.RoktTransactionId).toEqual([RTID]);
  expect(`${conversion.hit.query}&${conversion.hit.line ?? ''}`).toContain(`ep.rtid=${RTID}`);
});

for (const scheme of ['http', 'https'] as const) {
  test.describe(`email at checkout over ${scheme}`, () => {
    test.use({ ignoreHTTPSErrors: true });

    test(`emailsha256 is the SHA-256 of the trimmed, lowercased address (${scheme})`, async ({
      page,
      context,
      preview,
    }) => {
      const urls = scheme === 'https' ? preview.https : preview.http;
      test.skip(!urls, 'openssl is not installed, so the preview has no https variant');
      await preConsent(context);
      await page.goto(`${urls?.landing}/?rtid=${RTID}`);
      const order = await checkout(page, EMAIL);
      expect(new URL(page.url()).protocol).toBe(`${scheme}:`);

      await conversionOf(preview, order);
      const request = theEventApiRequest(preview);
      expect(objectData(request.body)).toMatchObject({ emailsha256: EMAIL_SHA256, passbackconversiontrackingid: RTID });
      // The raw address never travels: not in any GA4 hit, not to Rokt.
      const everything = JSON.stringify([preview.container.processed.map((event) => event.hit), preview.rokt.received]);
      expect(everything.toLowerCase()).not.toContain('shopper.one');
    });
  });
}

test('Google Analytics gets neither identifier: the GA4 tag forwards the hits without them, the Rokt tag with them', async ({
  page,
  context,
  preview,
}) => {
  await preConsent(context);
  await page.goto(`${preview.http.landing}/?utm_source=rokt&rtid=${RTID}`);
  const order = await checkout(page, EMAIL);
  await conversionOf(preview, order);
  // Rokt got both (whatever the request format of the API the tag uses).
  const toRokt = JSON.stringify(preview.rokt.received.map((request) => request.body));
  expect(toRokt).toContain(RTID);
  expect(toRokt).toContain(EMAIL_SHA256);

  const events = preview.container.processed;
  // The browser's hits did carry them: the landing URL and the event parameters.
  const sent = events.map((event) => decodeURIComponent(`${event.hit.query}&${event.hit.line ?? ''}`)).join('\n');
  expect(sent).toContain(`rtid=${RTID}`);
  expect(sent).toContain(`ep.emailsha256=${EMAIL_SHA256}`);
  // What the server's GA4 tag would forward, for every event: none of it, in a parameter or in a URL.
  expect(events.every((event) => event.ga4 !== undefined)).toBe(true);
  for (const event of events) {
    const forwarded = [...new URLSearchParams(event.ga4?.query)].flat().join(' ');
    expect(forwarded).not.toMatch(new RegExp(`${RTID}|${EMAIL_SHA256}|rtid|rclid|emailsha256`));
  }
  const landing = events.find((event) => String(event.eventData.page_location).includes('rtid='));
  expect(new URLSearchParams(landing?.ga4?.query).get('dl')).toBe(`${preview.http.landing}/?utm_source=rokt`);
});

test.describe('the ID persists', () => {
  test('across a reload', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await page.goto(`${preview.http.landing}/`);
    await page.reload();
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });

  test('in a new page of the same browser context', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    const second = await context.newPage();
    await second.goto(`${preview.http.landing}/product`);
    const order = await checkout(second);
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });

  test('on a second visit after the first page was closed', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await expect(page.locator('#bridge-state')).toContainText(RTID);
    await page.close();
    const later = await context.newPage();
    await later.goto(`${preview.http.checkout}/checkout`);
    const order = (await later.locator('#order-id').textContent()) ?? '';
    await later.click('#place-order');
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });
});

test.describe('which ID wins', () => {
  test('a second landing with a new ID wins', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await page.goto(`${preview.http.landing}/?rtid=${encodeURIComponent(RTID_2)}`);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID_2);
  });

  test('an invalid rtid changes nothing', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await page.goto(`${preview.http.landing}/?rtid=${encodeURIComponent('bad id<script>')}`);
    await expect(page.locator('#bridge-state')).toContainText(RTID);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
    expect((await context.cookies()).find((cookie) => cookie.name === 'RoktTransactionId')?.value).toBe(RTID);
  });

  test('an ID in the fragment is captured', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/#rtid=${RTID}`);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(objectData(theEventApiRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });
});
