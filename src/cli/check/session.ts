import { createHash } from 'node:crypto';
import type * as PlaywrightCore from 'playwright-core';
import { parseGa4Hit } from '../../preview/ga4-hit.js';
import type { Ga4Hit, Navigation, Observation } from './observation.js';
import type { CheckOptions } from './options.js';
import {
  BUNDLE_SIGNATURE,
  probeRegistrableDomain,
  pushConversion,
  queueEmail,
  readPageState,
  setEmail,
  watchBridgeReaders,
} from './page-probes.js';
import { withTestId } from './test-id.js';

/** The bundle's cookie (and localStorage key): also what Rokt's own web SDK reads. */
const ID_COOKIE = 'RoktTransactionId';
const LOG_PREFIX = '[rokt-sgtm-bridge] ';

/** The SHA-256 the bundle computes: of the trimmed, lowercased address. */
export function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** A GA4 hit in gtag's wire format (`/g/collect`), to Google or to a server container. */
export function isGa4Hit(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.pathname.endsWith('/g/collect') && parsed.searchParams.get('v') === '2';
  } catch {
    return false;
  }
}

/**
 * Opens the landing page with the test ID in a fresh browser profile, does what the options ask (consent, email,
 * conversion) and records what happened. Never throws for something the site did: that is an observation.
 */
export async function observe(
  options: CheckOptions,
  playwright: typeof PlaywrightCore,
  browserPath: string,
  testId: string,
): Promise<Observation> {
  const url = withTestId(options.landingUrl, testId);
  const args = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (options.hostResolverRules) args.push(`--host-resolver-rules=${options.hostResolverRules}`);
  const browser = await playwright.chromium.launch({ executablePath: browserPath, args, headless: true });
  try {
    const context = await browser.newContext({ ignoreHTTPSErrors: options.ignoreHttpsErrors });
    context.setDefaultTimeout(options.timeoutMs);
    await context.addInitScript(watchBridgeReaders);
    const network = watchNetwork(context);
    const warnings = new Set<string>();
    const page = await context.newPage();
    page.on('console', (message) => {
      const text = message.text();
      if (message.type() === 'warning' && text.startsWith(LOG_PREFIX)) warnings.add(text.slice(LOG_PREFIX.length));
    });

    const observation: Observation = {
      url,
      testId,
      emailSha256: options.email === undefined ? undefined : emailDigest(options.email),
      landing: await navigate(page, url),
      bundleCopies: 0,
      landingHost: new URL(url).hostname,
      cookies: [],
      hits: network.hits,
      warnings: [],
    };
    if ('error' in observation.landing) return observation;
    await settle(page, options.timeoutMs);

    if (options.acceptConsent !== undefined) {
      try {
        await page.locator(options.acceptConsent).first().click();
        observation.consentClick = { clicked: true };
        await settle(page, options.timeoutMs);
      } catch (error) {
        observation.consentClick = { clicked: false, error: firstLine(error) };
      }
    }
    if (options.email !== undefined) {
      // The page's own error, if any, is not printed: it could quote the address.
      observation.emailAccepted = await page.evaluate(setEmail, options.email).catch(() => false);
    }

    observation.page = await page.evaluate(readPageState, BUNDLE_SIGNATURE);
    observation.bundleCopies = await network.countBundleCopies(observation.page.readers);
    observation.cookies = (await context.cookies())
      .filter((cookie) => cookie.name === ID_COOKIE)
      .map(({ value, domain, sameSite, secure, expires }) => ({ value, domain, sameSite, secure, expires }));
    observation.registrableDomain = await page.evaluate(probeRegistrableDomain, 'rokt_check_probe');

    if (options.conversionUrl !== undefined || options.pushConversion !== undefined) {
      network.conversionStarts();
      const event = options.conversionEvent;
      if (options.conversionUrl !== undefined) {
        // A shopper gives their email at checkout, and the bundle keeps its hash per origin (localStorage) unless
        // emailCookie is set: so the conversion page gets the email too, queued before its scripts run.
        if (options.email !== undefined) await context.addInitScript(queueEmail, options.email);
        const navigation = await navigate(page, options.conversionUrl);
        observation.conversion = { how: 'url', target: options.conversionUrl, event, navigation };
        if (!('error' in navigation)) {
          const state = await page.evaluate(readPageState, BUNDLE_SIGNATURE);
          observation.conversion.carriedId = state.memory.rtid;
          observation.conversion.carriedHost = new URL(page.url()).hostname;
        }
      } else {
        const transactionId = `${testId}-order`;
        observation.conversion = { how: 'push', target: event, event, transactionId };
        await page.evaluate(pushConversion, { event, transactionId });
      }
      await network.conversionHit(event, options.timeoutMs);
    }
    observation.warnings = [...warnings];
    return observation;
  } finally {
    await browser.close();
  }
}

async function navigate(page: PlaywrightCore.Page, url: string): Promise<Navigation> {
  try {
    const response = await page.goto(url, { waitUntil: 'load' });
    return { status: response?.status() ?? 200 };
  } catch (error) {
    return { error: firstLine(error) };
  }
}

/** Lets the page's tags run: until the network is quiet, at most the timeout (a chatty page is not an error). */
async function settle(page: PlaywrightCore.Page, timeoutMs: number): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs }).catch(() => undefined);
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0];
}

/** Records GA4 hits with their outcome, and which script URLs hold the bundle's code. */
function watchNetwork(context: PlaywrightCore.BrowserContext) {
  const hits: Ga4Hit[] = [];
  const byRequest = new Map<PlaywrightCore.Request, Ga4Hit>();
  const scriptHoldsBundle = new Map<string, Promise<boolean>>();
  let afterConversion = false;
  let changed: () => void = () => undefined;
  const notify = () => changed();

  context.on('request', (request) => {
    if (!isGa4Hit(request.url())) return;
    const url = new URL(request.url());
    const hit: Ga4Hit = {
      url: request.url(),
      events: parseGa4Hit({ query: url.search, body: request.postData() ?? '' }),
      afterConversion,
    };
    hits.push(hit);
    byRequest.set(request, hit);
  });
  context.on('requestfinished', async (request) => {
    const hit = byRequest.get(request);
    if (!hit) return;
    hit.status = (await request.response().catch(() => null))?.status();
    notify();
  });
  context.on('requestfailed', (request) => {
    const hit = byRequest.get(request);
    if (!hit) return;
    hit.failure = request.failure()?.errorText ?? 'failed';
    notify();
  });
  context.on('response', (response) => {
    if (response.request().resourceType() !== 'script') return;
    const body = response.body().then(
      (bytes) => bytes.toString('utf8').includes(BUNDLE_SIGNATURE),
      () => false,
    );
    scriptHoldsBundle.set(response.url(), body);
  });

  return {
    hits,
    conversionStarts() {
      afterConversion = true;
    },
    /**
     * Script elements that ran and hold the bundle: inline ones by their text, external ones by their response. A
     * GTM container (gtm.js) holds a Custom HTML tag's text without being a copy of the bundle, so it is not one.
     */
    async countBundleCopies(readers: { src: string; inlineHasSignature: boolean }[]): Promise<number> {
      let copies = 0;
      for (const reader of readers) {
        if (reader.inlineHasSignature) copies++;
        else if (reader.src && !/\/gtm\.js(\?|$)/.test(reader.src) && (await scriptHoldsBundle.get(reader.src))) {
          copies++;
        }
      }
      return copies;
    },
    /** Resolves once a hit made after the conversion carries `event` and has an outcome, or after the timeout. */
    async conversionHit(event: string, timeoutMs: number): Promise<void> {
      const done = () =>
        hits.some(
          (hit) =>
            hit.afterConversion &&
            (hit.status !== undefined || hit.failure !== undefined) &&
            hit.events.some((data) => data.event_name === event),
        );
      const deadline = Date.now() + timeoutMs;
      while (!done() && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, deadline - Date.now());
          changed = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    },
  };
}
