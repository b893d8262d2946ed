import { createHash } from 'node:crypto';
import { type EventData, parseGa4Hit } from 'gtm-template-runner/ga4-hit';
import type * as PlaywrightCore from 'playwright-core';
import { STORAGE_KEYS } from '../../vocabulary/index.js';
import { type DnsLookup, type HostRecords, resolveHost, type ServingSetUp } from './durability.js';
import type { Ga4Hit, Navigation, Observation } from './observation.js';
import type { CheckOptions } from './options.js';
import {
  PAGE_NAMES,
  probeRegistrableDomain,
  pushConversion,
  queueEmail,
  readPageState,
  setEmail,
  watchBridgeReaders,
} from './page-probes.js';
import { withTestId } from './test-id.js';
import { serverHit } from './verdicts.js';

/** The bundle's cookie (and localStorage key): also what Rokt's own web SDK reads. */
const ID_COOKIE = STORAGE_KEYS.id;
const LOG_PREFIX = '[rokt-sgtm-bridge] ';
const MAX_WARNINGS = 20;

/** The SHA-256 the bundle computes: of the trimmed, lowercased address. */
function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** A GA4 hit in gtag's wire format (`/g/collect`), to Google or to a server container. */
function isGa4Hit(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.pathname.endsWith('/g/collect') && parsed.searchParams.get('v') === '2';
  } catch {
    return false;
  }
}

/** The check ran out of its time (`--timeout`) while doing `during`. */
class OutOfTime extends Error {
  constructor(readonly during: string) {
    super(`out of time while ${during}`);
  }
}

/** The whole run's time budget: every wait races what is left of it, so a page that never answers cannot hang the check. */
function budget(totalMs: number) {
  const end = Date.now() + totalMs;
  return {
    left: () => Math.max(0, end - Date.now()),
    /** `work`, or an {@link OutOfTime} rejection when the budget ends first. */
    within<T>(during: string, work: Promise<T>): Promise<T> {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new OutOfTime(during)), Math.max(0, end - Date.now()));
      });
      return Promise.race([work, late]).finally(() => clearTimeout(timer));
    },
  };
}

/** A browser that does not close within this long is left behind: the result is printed anyway. */
const CLOSE_GRACE_MS = 5000;

/**
 * Opens the landing page with the test ID in a fresh browser profile, does what the options ask (consent, email,
 * conversion) and records what happened. Never throws for something the site did, a page that never stops running
 * included: that is an observation. The whole run, browser start to close, takes at most `options.timeoutMs`
 * (plus a short grace to close the browser).
 */
export async function observe(
  options: CheckOptions,
  playwright: typeof PlaywrightCore,
  browserPath: string,
  testId: string,
  dns: DnsLookup,
): Promise<Observation> {
  const time = budget(options.timeoutMs);
  const url = withTestId(options.landingUrl, testId);
  const observation: Observation = {
    url,
    testId,
    emailSha256: options.email === undefined ? undefined : emailDigest(options.email),
    landing: { error: 'not opened' },
    bundleCopies: 0,
    landingHost: new URL(url).hostname,
    cookies: [],
    hits: [],
    warnings: [],
  };
  const args = ['--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (options.hostResolverRules) args.push(`--host-resolver-rules=${options.hostResolverRules}`);
  const launching = playwright.chromium.launch({ executablePath: browserPath, args, headless: true });
  let browser: PlaywrightCore.Browser | undefined;
  const warnings = new Set<string>();
  try {
    browser = await time.within('starting the browser', launching);
    const context = await time.within(
      'starting the browser',
      browser.newContext({ ignoreHTTPSErrors: options.ignoreHttpsErrors }),
    );
    context.setDefaultTimeout(options.timeoutMs);
    await time.within('starting the browser', context.addInitScript(watchBridgeReaders));
    const network = watchNetwork(context);
    observation.hits = network.hits;
    const page = await time.within('starting the browser', context.newPage());
    page.on('console', (message) => {
      const text = message.text();
      // Bounded: any script on the page can write this prefix, as often and as long as it likes.
      if (message.type() === 'warning' && text.startsWith(LOG_PREFIX) && warnings.size < MAX_WARNINGS) {
        warnings.add(text.slice(LOG_PREFIX.length, LOG_PREFIX.length + 300));
      }
    });
    /** Runs code in the page; a page that throws or navigates away gives `undefined` and a note. */
    const inPage = async <R>(during: string, run: Promise<R>): Promise<R | undefined> =>
      time.within(during, run).catch((error: unknown) => {
        if (error instanceof OutOfTime) throw error;
        observation.pageErrors = [...(observation.pageErrors ?? []), `${during}: ${firstLine(error)}`];
        return undefined;
      });
    /** Waits for the page's tags to run: until the network is quiet, at most a quarter of the budget. */
    const settle = (during: string) =>
      time.within(
        during,
        page
          .waitForLoadState('networkidle', { timeout: Math.min(time.left(), options.timeoutMs / 4) })
          .catch(() => undefined),
      );

    observation.landing = await time.within('loading the landing page', navigate(page, url));
    if ('error' in observation.landing) return observation;
    await settle('waiting for the landing page to settle');

    if (options.acceptConsent !== undefined) {
      try {
        // A missing button is the consent step's ✖, not the end of the run: it gets a quarter of the budget.
        const click = page
          .locator(options.acceptConsent)
          .first()
          .click({ timeout: Math.min(time.left(), options.timeoutMs / 4) });
        await time.within('clicking --accept-consent', click);
        observation.consentClick = { clicked: true };
        await settle('waiting for the page after the consent click');
      } catch (error) {
        if (error instanceof OutOfTime) throw error;
        observation.consentClick = { clicked: false, error: firstLine(error) };
      }
    }
    if (options.email !== undefined) {
      // The page's own error, if any, is not printed: it could quote the address.
      observation.emailAccepted = await time
        .within('handing the email to the page', page.evaluate(setEmail, options.email))
        .catch((error: unknown) => {
          if (error instanceof OutOfTime) throw error;
          return false;
        });
    }

    observation.page = await inPage('reading the landing page', page.evaluate(readPageState, PAGE_NAMES));
    for (const what of observation.page?.unreadable ?? []) {
      warnings.add(`the page made ${what} unreadable (a getter throws): the check could not see it`);
    }
    observation.bundleCopies = await time.within(
      'reading the scripts of the landing page',
      network.countBundleCopies(observation.page?.readers ?? []),
    );
    observation.cookies = (await time.within('reading cookies', context.cookies()))
      .filter((cookie) => cookie.name === ID_COOKIE)
      .map(({ value, domain, sameSite, secure, expires }) => ({ value, domain, sameSite, secure, expires }));
    observation.registrableDomain = await inPage(
      'probing cookie domains',
      page.evaluate(probeRegistrableDomain, 'rokt_check_probe'),
    );

    if (options.conversionUrl !== undefined || options.pushConversion !== undefined) {
      network.conversionStarts();
      const event = options.conversionEvent;
      if (options.conversionUrl !== undefined) {
        // A shopper gives their email at checkout, and the bundle keeps its hash per origin (localStorage) unless
        // emailCookie is set: so the conversion page gets the email too, queued before its scripts run.
        if (options.email !== undefined) {
          await time.within('preparing the conversion page', context.addInitScript(queueEmail, options.email));
        }
        // Printed as the browser's URL parser writes it: user info percent-encoded, so the redaction sees all of it.
        observation.conversion = { how: 'url', target: new URL(options.conversionUrl).href, event };
        const navigation = await time.within('loading the conversion page', navigate(page, options.conversionUrl));
        observation.conversion.navigation = navigation;
        if (!('error' in navigation)) {
          const state = await inPage('reading the conversion page', page.evaluate(readPageState, PAGE_NAMES));
          observation.conversion.carriedId = state?.memory.rtid;
          observation.conversion.carriedHost = new URL(page.url()).hostname;
          observation.conversion.registrableDomain = await inPage(
            'probing cookie domains on the conversion page',
            page.evaluate(probeRegistrableDomain, 'rokt_check_probe'),
          );
        }
      } else {
        const transactionId = `${testId}-order`;
        observation.conversion = { how: 'push', target: event, event, transactionId };
        await inPage('pushing the conversion', page.evaluate(pushConversion, { event, transactionId }));
      }
      await network.conversionHit(event, time.left());
    }
    observation.serving = await resolveServing(observation, dns, time.left());
    return observation;
  } catch (error) {
    if (!(error instanceof OutOfTime)) throw error;
    observation.stopped = { during: error.during, afterSeconds: Math.round(options.timeoutMs / 1000) };
    if (error.during === 'loading the landing page') observation.landing = { error: 'not loaded within --timeout' };
    return observation;
  } finally {
    observation.warnings = [...warnings];
    // A browser still starting is closed once it has started; a closing one gets a short grace, then is left.
    const closing = browser ? browser.close() : launching.then((late) => late.close());
    await Promise.race([
      closing.catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
    ]);
  }
}

/**
 * The hosts of the hit the durability check is about, resolved in DNS within `timeLeftMs`: a DNS server that does not
 * answer makes the durability unknown, never the whole run late.
 */
async function resolveServing(
  seen: Observation,
  dns: DnsLookup,
  timeLeftMs: number,
): Promise<ServingSetUp | undefined> {
  const hit = serverHit(seen);
  if (!hit) return undefined;
  const serverHost = new URL(hit.url).hostname;
  const pageHost = hit.pageUrl ? hostnameOf(hit.pageUrl) : undefined;
  const onLanding = !pageHost || pageHost === seen.landingHost;
  const setUp: ServingSetUp = {
    pageHost: onLanding ? seen.landingHost : pageHost,
    pageSite: (onLanding ? seen.registrableDomain : seen.conversion?.registrableDomain) ?? null,
    serverHost,
  };
  if (setUp.pageHost === serverHost) return setUp;
  const late = (host: string): HostRecords => ({ host, cnames: [], a: [], aaaa: [], error: 'no DNS answer in time' });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<[HostRecords, HostRecords]>((resolve) => {
    timer = setTimeout(() => resolve([late(setUp.pageHost), late(serverHost)]), timeLeftMs);
  });
  [setUp.page, setUp.server] = await Promise.race([
    Promise.all([resolveHost(setUp.pageHost, dns), resolveHost(serverHost, dns)]),
    deadline,
  ]).finally(() => clearTimeout(timer));
  return setUp;
}

function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
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
    let events: EventData[] = [];
    try {
      events = parseGa4Hit({ query: url.search, body: request.postData() ?? '' });
    } catch {
      // A request too large to be a GA4 hit (see parseGa4Hit) carries no event the check can use.
    }
    let pageUrl: string | undefined;
    try {
      pageUrl = request.frame().url();
    } catch {
      // A request from a service worker has no frame.
    }
    const hit: Ga4Hit = { url: request.url(), events, afterConversion, pageUrl };
    hits.push(hit);
    byRequest.set(request, hit);
  });
  context.on('requestfinished', async (request) => {
    const hit = byRequest.get(request);
    if (!hit) return;
    const response = await request.response().catch(() => null);
    hit.status = response?.status();
    const cookies = (await response?.headerValues('set-cookie').catch(() => []))?.flatMap((value) => value.split('\n'));
    hit.setsIdCookie = (cookies ?? []).some((cookie) => cookie.trim().startsWith(`${ID_COOKIE}=`));
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
      (bytes) => bytes.toString('utf8').includes(PAGE_NAMES.signature),
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
