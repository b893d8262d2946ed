// The core journey in Chromium, Firefox and WebKit: one scenario, the same assertions, three drivers (engines.ts).
// Landing on www. with ?rtid=, the cookie on the registrable domain, the ID and the email hash on checkout., consent,
// and what the Rokt stand-in finally receives. A missing engine is skipped with the reason (npm test says so loudly);
// with E2E_REQUIRE_ENGINES=1 (.ci/run) it fails instead.
import type { Preview } from '../../src/preview/preview';
import {
  CLEAR_MARKER,
  conversionOf,
  EMAIL,
  EMAIL_SHA256,
  expect,
  RTID,
  sentToRokt,
  test,
  theRoktRequest,
} from '../support/preview';
import { ENGINES, type EngineBrowser, type EngineCookie, type EngineSession, LAUNCH_TIMEOUT } from './engines';
import { type ForwardProxy, startForwardProxy } from './forward-proxy.mjs';

const DAY = 24 * 60 * 60;
/** The bundle's default attribution window (src/browser/types.ts `attributionDays`). */
const ATTRIBUTION_DAYS = 90;

for (const engine of ENGINES) {
  test.describe(engine.name, () => {
    const missing = engine.missing();
    test.skip(!!missing && !process.env.E2E_REQUIRE_ENGINES, `${engine.name} is not installed: ${missing}`);
    // Each test, and above all a browser's start (Firefox takes half a minute on a loaded two-core machine), gets more
    // than Playwright's default; the hook's own time-out is set in the hook.
    test.describe.configure({ timeout: 90_000 });

    let proxy: ForwardProxy;
    let browser: EngineBrowser;
    let session: EngineSession;
    test.beforeAll(async () => {
      test.setTimeout(LAUNCH_TIMEOUT + 30_000);
      if (missing) throw new Error(`${engine.name} is required (E2E_REQUIRE_ENGINES) but ${missing}`);
      proxy = await startForwardProxy();
      browser = await engine.launch(proxy);
    });
    test.afterAll(async () => {
      await browser?.close();
      await proxy?.close();
    });
    test.beforeEach(async () => {
      session = await browser.newSession();
    });
    test.afterEach(async () => {
      await session?.close();
    });

    for (const scheme of ['http', 'https'] as const) {
      test(`${engine.name}: www. with ?rtid=, email on checkout., conversion at Rokt (${scheme})`, async ({
        preview,
      }) => {
        const urls = scheme === 'https' ? preview.https : preview.http;
        test.skip(!urls, 'openssl is not installed, so the preview has no https variant');
        await open(session, `${urls?.landing}/?rtid=${RTID}`);
        await consent(session, 'accept');

        // The registrable domain, SameSite=Lax, Secure exactly on https, the attribution window as lifetime.
        const cookies = await roktCookies(session);
        expect(cookies.map((cookie) => `${cookie.name}=${cookie.value}`)).toContain(`RoktTransactionId=${RTID}`);
        const now = Date.now() / 1000;
        for (const cookie of cookies) {
          expect(cookie, cookie.name).toMatchObject({
            domain: '.shop.test',
            sameSite: 'Lax',
            secure: scheme === 'https',
          });
          expect(cookie.expires, `${cookie.name} expiry`).toBeGreaterThan(now + (ATTRIBUTION_DAYS - 1) * DAY);
          expect(cookie.expires, `${cookie.name} expiry`).toBeLessThan(now + (ATTRIBUTION_DAYS + 1) * DAY);
        }
        expect(cookies.map((cookie) => cookie.name)).not.toContain('RoktTransactionId_probe');
        await expectNoPageErrors(session);

        await session.click('#to-checkout');
        await waitUntil(session, `/\\/\\/checkout\\.shop\\.test:\\d+\\/checkout$/.test(location.href)`, 'checkout.');
        await bundleReady(session);
        expect(await bridgeState(session)).toEqual({ rtid: RTID });
        const order = await session.evaluate<string>(`document.getElementById('order-id').textContent`);
        await session.type('#email', EMAIL);
        await expectNoPageErrors(session);
        await session.click('#place-order');
        await thankYouPage(session, order);
        expect(await bridgeState(session)).toEqual({ rtid: RTID, emailsha256: EMAIL_SHA256 });

        await expectConversionAtRokt(preview, order);
        await expectNoPageErrors(session);
        expect(await everythingSeen(session, preview, proxy)).not.toContain(EMAIL.trim().toLowerCase());
      });
    }

    test(`${engine.name}: templates only (no Custom HTML): www. with ?rtid=, email on checkout., conversion at Rokt`, async ({
      preview,
    }) => {
      // The web templates of web-container-templates.json, run in the page by the preview's GTM stand-in.
      preview.webTemplates = true;
      const identityPushed = `document.readyState === 'complete' && JSON.stringify(window.dataLayer).indexOf('rokt_identity') >= 0`;
      await session.goto(`${preview.http.landing}/?rtid=${RTID}`);
      await waitUntil(session, identityPushed, 'the page and the Capture tag');
      expect(await session.evaluate<boolean>(`'roktBridge' in window`)).toBe(false);
      await consent(session, 'accept');
      await waitUntil(session, `document.cookie.indexOf('RoktTransactionId=${RTID}') >= 0`, 'the stored ID');
      const cookies = await roktCookies(session);
      expect(cookies.find((cookie) => cookie.name === 'RoktTransactionId')).toMatchObject({
        value: RTID,
        domain: '.shop.test',
        sameSite: 'Lax',
      });

      await session.click('#to-checkout');
      await waitUntil(session, `/\\/\\/checkout\\.shop\\.test:\\d+\\/checkout$/.test(location.href)`, 'checkout.');
      await waitUntil(session, identityPushed, 'the checkout page and the Capture tag');
      const order = await session.evaluate<string>(`document.getElementById('order-id').textContent`);
      await session.type('#email', EMAIL);
      await session.click('#place-order');
      await thankYouPage(session, order);

      await expectConversionAtRokt(preview, order);
      await expectNoPageErrors(session);
      // The site's own purchase push carries the address as GA4 user_data; nothing of ours stores or sends it.
      const sent = JSON.stringify([
        proxy.requests,
        preview.container.processed.map((event) => event.hit),
        preview.rokt.received,
      ]);
      expect(sent.toLowerCase()).not.toContain(EMAIL.trim().toLowerCase());
    });

    test(`${engine.name}: consent denied stores nothing, granted later stores, revoked deletes`, async ({
      preview,
    }) => {
      await open(session, `${preview.http.landing}/?rtid=${RTID}`);
      await consent(session, 'decline');
      expect(await storedState(session)).toEqual({ cookies: ['shop_consent=denied'], localStorage: [] });
      expect(await bridgeState(session)).toEqual({ rtid: RTID });

      await consent(session, 'accept');
      const granted = await storedState(session);
      expect(granted.cookies).toContain(`RoktTransactionId=${RTID}`);
      expect(granted.localStorage).toContain(`RoktTransactionId=${RTID}`);

      await consent(session, 'decline');
      const revoked = await storedState(session);
      // Only the clear marker remains: a time, no identifier (it stops other subdomains restoring theirs).
      expect(revoked.cookies.filter((cookie) => cookie.startsWith('Rokt'))).toEqual([CLEAR_MARKER]);
      expect(revoked.localStorage.filter((item) => item.startsWith('Rokt'))).toEqual([CLEAR_MARKER]);

      const order = await session.evaluate<string>(`document.getElementById('order-id').textContent`);
      await session.click('#buy-now');
      await conversionOf(preview, order);
      expect(preview.rokt.received).toEqual([]);
      await expectNoPageErrors(session);
    });
  });
}

/**
 * Polls a page expression until it is truthy. A poll is the only wait classic WebDriver offers; it also rides over a
 * navigation in flight (the evaluation then throws and is retried).
 */
async function waitUntil(session: EngineSession, expression: string, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await session.evaluate<boolean>(`!!(${expression})`)) return;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what} (${expression})${last ? `; last error: ${String(last)}` : ''}`);
}

/** Waits for the thank-you page of `order`. */
function thankYouPage(session: EngineSession, order: string): Promise<void> {
  return waitUntil(
    session,
    `(document.getElementById('order-confirmation') || {}).textContent.includes(${JSON.stringify(order)})`,
    'the thank-you page',
  );
}

/** The conversion of `order` reached the Rokt stand-in with the journey's ID and email hash, and met Rokt's contract. */
async function expectConversionAtRokt(preview: Preview, order: string): Promise<void> {
  await conversionOf(preview, order);
  const request = theRoktRequest(preview);
  expect(request.problems).toEqual([]);
  expect(sentToRokt(request.body)).toMatchObject({
    passbackconversiontrackingid: RTID,
    emailsha256: EMAIL_SHA256,
    confirmationref: order,
  });
}

async function open(session: EngineSession, url: string): Promise<void> {
  await session.goto(url);
  await bundleReady(session);
}

/** The page has loaded and the bundle has replaced its queue with the API. */
function bundleReady(session: EngineSession): Promise<void> {
  return waitUntil(
    session,
    `document.readyState === 'complete' && window.roktBridge && typeof window.roktBridge.get === 'function'`,
    'the page and the bundle',
  );
}

/** Decides in the shop's consent banner (it drives gtag consent mode, which the bundle follows). */
async function consent(session: EngineSession, choice: 'accept' | 'decline'): Promise<void> {
  const banner = `document.getElementById('consent-banner')`;
  if (await session.evaluate<boolean>(`${banner}.hidden`)) await session.click('#consent-settings');
  await waitUntil(session, `!${banner}.hidden`, 'the consent banner');
  await session.click(`#consent-${choice}`);
  await waitUntil(session, `${banner}.hidden`, 'the consent banner to close');
}

function bridgeState(session: EngineSession): Promise<Record<string, string>> {
  return session.evaluate('window.roktBridge.get()');
}

async function roktCookies(session: EngineSession): Promise<EngineCookie[]> {
  return (await session.cookies()).filter((cookie) => cookie.name.startsWith('Rokt'));
}

/** Cookies this page is sent and this origin's localStorage, as `name=value`. */
async function storedState(session: EngineSession): Promise<{ cookies: string[]; localStorage: string[] }> {
  const cookies = (await session.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`);
  const localStorage = await session.evaluate<string[]>(
    `Object.keys(localStorage).map(function (key) { return key + '=' + localStorage.getItem(key); })`,
  );
  return { cookies, localStorage };
}

/** Uncaught errors and CSP violations: as the page recorded them (every engine) and as the driver reported them. */
async function expectNoPageErrors(session: EngineSession): Promise<void> {
  const recorded = await session.evaluate<string[]>(
    `window.__pageErrors ? window.__pageErrors.concat(window.__cspViolations) : ['this page records no errors']`,
  );
  expect([...recorded, ...session.errors]).toEqual([]);
}

/**
 * Everything the journey left behind or sent, lowercased: the thank-you page's cookies, storage and dataLayer, the
 * console, every plain-http request through the proxy, the GA4 hits and what reached the Rokt stand-in.
 */
async function everythingSeen(session: EngineSession, preview: Preview, proxy: ForwardProxy): Promise<string> {
  const page = await session.evaluate<string>(
    `JSON.stringify([document.cookie, Object.keys(localStorage).map(function (key) { return key + localStorage.getItem(key); }), window.dataLayer])`,
  );
  const hits = preview.container.processed.map((event) => event.hit);
  return JSON.stringify([page, session.console, proxy.requests, hits, preview.rokt.received]).toLowerCase();
}
