// The shopper's journey across real subdomains (www. → checkout.), and what Rokt finally receives.
import { createHash } from 'node:crypto';
import { SERVER_NAMES } from '../src/gtm-export/server-container';
import {
  checkout,
  consent,
  conversionOf,
  EMAIL,
  EMAIL_SHA256,
  expect,
  firstEvent,
  preConsent,
  RTID,
  RTID_2,
  sentToRokt,
  test,
  theRoktRequest,
} from './support/preview';

/** The ID the tag derives for a conversion of an order (docs/rokt-api.md): 36 hex characters of SHA-256. */
function conversionId(conversionType: string, order: string): string {
  return createHash('sha256').update(`${conversionType}|${order}`).digest('hex').slice(0, 36);
}

test('landing on www. with ?rtid, browsing, buying on checkout.: one request to Rokt with that ID', async ({
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
  // The import file's tag sends with the Event and Audience API.
  const request = theRoktRequest(preview);
  expect(request.api).toBe('eventAudienceApi');
  expect(request.host).toBe('s2s.us2.mparticle.com');
  expect(request.problems).toEqual([]);
  expect(request.status).toBe(202);
  expect(sentToRokt(request.body)).toMatchObject({
    passbackconversiontrackingid: RTID,
    confirmationref: order,
    conversiontype: 'purchase',
  });
  expect(firstEvent(request.body)).toMatchObject({
    event_name: 'conversion',
    custom_event_type: 'transaction',
    source_message_id: conversionId('purchase', order),
  });
  // The ID crossed subdomains in the cookie, and the GA4 hit carried it as an event parameter.
  expect(conversion.cookies.RoktTransactionId).toEqual([RTID]);
  expect(`${conversion.hit.query}&${conversion.hit.line ?? ''}`).toContain(`ep.rtid=${RTID}`);
});

test('switched to the Event API, the same conversion is posted to api.rokt.com in its format', async ({
  page,
  preview,
}) => {
  preview.mode = 'event-api';
  await preConsent(page.context());
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  const order = await checkout(page, EMAIL);
  const conversion = await conversionOf(preview, order);
  const eventApi = conversion.tags.filter((tag) => tag.name === SERVER_NAMES.eventApiTag);
  expect(eventApi.map((tag) => tag.outcome)).toEqual(['success']);
  const request = theRoktRequest(preview);
  expect(request.api).toBe('eventApi');
  expect(request.host).toBe('api.rokt.com');
  expect(request.problems).toEqual([]);
  expect(sentToRokt(request.body)).toMatchObject({
    passbackconversiontrackingid: RTID,
    emailsha256: EMAIL_SHA256,
    transactionid: order,
    conversiontype: 'purchase',
  });
  const event = firstEvent(request.body);
  expect(event.metaData).toContainEqual({ name: 'source', value: 'sgtm' });
  expect(event.clientEventId).toBe(conversionId('purchase', order));
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
      const request = theRoktRequest(preview);
      expect(sentToRokt(request.body)).toMatchObject({ emailsha256: EMAIL_SHA256, passbackconversiontrackingid: RTID });
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
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });

  test('in a new page of the same browser context', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    const second = await context.newPage();
    await second.goto(`${preview.http.landing}/product`);
    const order = await checkout(second);
    await conversionOf(preview, order);
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
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
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });
});

test.describe('which ID wins', () => {
  test('a second landing with a new ID wins', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    // The first landing's hits reach the server before the second click: a hit that arrives after a newer click
    // would carry the older click in its page_location, and the ID Keeper cannot tell it is late.
    await preview.container.waitFor((events) =>
      events.some((event) => String(event.eventData.page_location).includes(`rtid=${RTID}`)),
    );
    await page.goto(`${preview.http.landing}/?rtid=${encodeURIComponent(RTID_2)}`);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID_2);
  });

  test('an invalid rtid changes nothing', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
    await page.goto(`${preview.http.landing}/?rtid=${encodeURIComponent('bad id<script>')}`);
    await expect(page.locator('#bridge-state')).toContainText(RTID);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
    expect((await context.cookies()).find((cookie) => cookie.name === 'RoktTransactionId')?.value).toBe(RTID);
  });

  test('an ID in the fragment is captured', async ({ page, context, preview }) => {
    await preConsent(context);
    await page.goto(`${preview.http.landing}/#rtid=${RTID}`);
    const order = await checkout(page);
    await conversionOf(preview, order);
    expect(sentToRokt(theRoktRequest(preview).body).passbackconversiontrackingid).toBe(RTID);
  });
});
