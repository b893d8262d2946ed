// The journey with the template-only web container (dist/gtm/web-container-templates.json, no Custom HTML): the
// web templates run in the page by the preview's GTM stand-in, and Consent Mode defaults scoped to regions.
import {
  CLEAR_MARKER,
  checkout,
  consent,
  conversionOf,
  EMAIL,
  EMAIL_SHA256,
  expect,
  RTID,
  sentToRokt,
  storedRoktState,
  test,
  theRoktRequest,
} from './support/preview';

test.beforeEach(({ preview }) => {
  preview.webTemplates = true;
});

test('templates only: landing on www. with ?rtid, accept, email on checkout.: Rokt gets the ID and the hash', async ({
  page,
  preview,
}) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await expect(page.locator('#gtm-templates-standin')).toBeVisible();
  expect(await page.evaluate(() => 'roktBridge' in window)).toBe(false);
  await consent(page, 'Accept');
  await expect.poll(async () => (await storedRoktState(page)).cookies).toContain(`RoktTransactionId=${RTID}`);
  const order = await checkout(page, EMAIL);

  await conversionOf(preview, order);
  expect(sentToRokt(theRoktRequest(preview).body)).toMatchObject({
    passbackconversiontrackingid: RTID,
    emailsha256: EMAIL_SHA256,
    confirmationref: order,
  });
  const received = JSON.stringify(preview.rokt.received);
  expect(received).not.toContain(EMAIL.trim());
  expect(await page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);
  expect(errors).toEqual([]);
});

test('region-scoped default, visitor outside the denied regions: the ID is stored without any update', async ({
  page,
  preview,
}) => {
  preview.region = 'US';
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await expect(page.locator('#gtm-templates-standin')).toContainText('US');
  await expect.poll(async () => (await storedRoktState(page)).cookies).toContain(`RoktTransactionId=${RTID}`);
  // A new page, with no ID in its address, still has it: it came from the cookie.
  await page.click('#browse');
  await expect.poll(async () => (await storedRoktState(page)).localStorage).toContain(`RoktTransactionId=${RTID}`);
});

test('region-scoped default, visitor in a denied region: nothing stored until an update grants, gone on revoke', async ({
  page,
  preview,
}) => {
  preview.region = 'ES';
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  // The page's identity is pushed (GTM's memory), yet nothing is stored.
  await expect
    .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { dataLayer: unknown[] }).dataLayer)))
    .toContain(`"event":"rokt_identity"`);
  // Once the landing's hits were answered: the server container's ID Keeper, which follows the hits' consent state
  // (gtag's, region-scoped as well), set nothing either.
  await preview.container.waitFor((events) => events.some((event) => event.eventData.event_name === 'rokt_identity'));
  const rokt = (pairs: string[]) => pairs.filter((pair) => pair.startsWith('Rokt'));
  const stored = await storedRoktState(page);
  expect([...rokt(stored.cookies), ...rokt(stored.localStorage)]).toEqual([]);
  await consent(page, 'Accept');
  await expect.poll(async () => (await storedRoktState(page)).cookies).toContain(`RoktTransactionId=${RTID}`);
  await consent(page, 'Decline');
  await expect.poll(async () => rokt((await storedRoktState(page)).cookies)).toEqual([CLEAR_MARKER]);
});
