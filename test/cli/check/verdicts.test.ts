import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Ga4Hit, Observation, SeenCookie } from '../../../src/cli/check/observation';
import type { PageState } from '../../../src/cli/check/page-probes';
import { formatText, toResult } from '../../../src/cli/check/report';
import { CHECKLIST, isGoogleHost, NEEDS, type Need, verdicts } from '../../../src/cli/check/verdicts';

const ID = 'rokt-check-0123456789abcdef';
const YEAR = Date.now() / 1000 + 365 * 86400;

function page(overrides: Partial<PageState> = {}): PageState {
  return {
    present: true,
    version: '1.2.3',
    memory: { rtid: ID },
    consentCommands: [],
    identityPushes: [{ rtid: ID }],
    localStorageId: ID,
    readers: [],
    unreadable: [],
    ...overrides,
  };
}

function cookie(domain: string): SeenCookie {
  return { value: ID, domain, sameSite: 'Lax', secure: true, expires: YEAR };
}

function seen(overrides: Partial<Observation> = {}): Observation {
  return {
    url: `https://www.shop.example/?rtid=${ID}`,
    testId: ID,
    landing: { status: 200 },
    page: page(),
    bundleCopies: 1,
    landingHost: 'www.shop.example',
    registrableDomain: 'shop.example',
    cookies: [cookie('.shop.example')],
    hits: [],
    warnings: [],
    ...overrides,
  };
}

const statusOf = (observation: Observation, id: string) => verdicts(observation).find((step) => step.id === id)?.status;

describe('verdicts', () => {
  it('a cookie on the registrable domain passes; host-only or on a subdomain fails', () => {
    expect(statusOf(seen(), 'cookie')).toBe('pass');
    expect(statusOf(seen({ cookies: [cookie('www.shop.example')] }), 'cookie')).toBe('fail');
    expect(statusOf(seen({ cookies: [cookie('.www.shop.example')] }), 'cookie')).toBe('fail');
  });

  it('host-only passes where nothing wider exists (an IP address, localhost)', () => {
    expect(statusOf(seen({ registrableDomain: null, cookies: [cookie('127.0.0.1')] }), 'cookie')).toBe('pass');
  });

  it('the ID in memory but stored nowhere is consent denied; the storage steps then do not fail twice', () => {
    const denied = seen({ cookies: [], page: page({ localStorageId: null, consentCommands: ['default denied'] }) });
    expect(statusOf(denied, 'consent')).toBe('fail');
    expect(statusOf(denied, 'cookie')).toBe('skip');
    expect(statusOf(denied, 'local-storage')).toBe('skip');
  });

  it('a site with the web templates instead of the bundle is judged on the same steps', () => {
    const templates = page({ present: false, found: 'missing', templates: true, version: undefined });
    const steps = verdicts(seen({ page: templates, bundleCopies: 0 }));
    const status = (id: string) => steps.find((step) => step.id === id)?.status;
    expect(status('bundle')).toBe('pass');
    expect(status('loaded-once')).toBe('skip');
    for (const id of ['consent', 'identity', 'cookie', 'local-storage']) expect(status(id), id).toBe('pass');
    // Without the pushes it is a site with nothing installed.
    expect(
      statusOf(seen({ page: page({ present: false, found: 'missing', memory: {}, identityPushes: [] }) }), 'bundle'),
    ).toBe('fail');
  });

  it('a hit to Google fails the endpoint step and skips the server status', () => {
    const hit = {
      url: 'https://region1.google-analytics.com/g/collect?v=2&en=purchase',
      events: [{ event_name: 'purchase', rtid: ID }],
      status: 204,
      afterConversion: true,
    };
    const observation = seen({ hits: [hit], conversion: { how: 'push', target: 'purchase', event: 'purchase' } });
    expect(statusOf(observation, 'endpoint')).toBe('fail');
    expect(statusOf(observation, 'server-status')).toBe('skip');
    expect(statusOf(observation, 'rtid')).toBe('pass');
  });

  const conversionTo = (...urls: string[]) =>
    seen({
      hits: urls.map((url) => ({
        url: `${url}/g/collect?v=2&en=purchase`,
        events: [{ event_name: 'purchase', rtid: ID }],
        status: 204,
        afterConversion: true,
      })),
      conversion: { how: 'push', target: 'purchase', event: 'purchase' },
    });

  it.each([
    'https://region1.analytics.google.com',
    'https://analytics.google.com',
    'https://www.google-analytics.com',
    'https://region1.google-analytics.com',
    'https://REGION9.Google-Analytics.com',
    'https://www.google-analytics.com.',
    'https://stats.g.doubleclick.net',
    'https://www.google.com',
  ])('a hit to Google Analytics at %s is ✖ not a server container, never ✔', (origin) => {
    const steps = verdicts(conversionTo(origin));
    const endpoint = steps.find((step) => step.id === 'endpoint');
    expect(endpoint).toMatchObject({ status: 'fail', anchor: 'hits-to-google' });
    expect(endpoint?.detail).toMatch(/^not a server container/);
    expect(steps.find((step) => step.id === 'server-status')?.status).toBe('skip');
  });

  it('server containers on the site, on a provider default domain or on a look-alike name are not Google', () => {
    for (const host of [
      'sgtm.shop.example',
      'abc123-uc.a.run.app',
      'x.appspot.com',
      'google-analytics.com.evil',
      'notgoogle.com',
    ]) {
      expect(isGoogleHost(host), host).toBe(false);
    }
  });

  it('the same conversion sent to the server container and to Google passes, naming the copy to Google', () => {
    const steps = verdicts(conversionTo('https://region1.analytics.google.com', 'https://sgtm.shop.example'));
    expect(steps.find((step) => step.id === 'endpoint')).toMatchObject({
      status: 'pass',
      detail: 'https://sgtm.shop.example (a copy also went to Google directly: region1.analytics.google.com)',
    });
    expect(steps.find((step) => step.id === 'server-status')?.status).toBe('pass');
  });

  it('a server container error status fails', () => {
    const hit = {
      url: 'https://sgtm.shop.example/g/collect?v=2&en=purchase',
      events: [{ event_name: 'purchase', rtid: ID }],
      status: 500,
      afterConversion: true,
    };
    const observation = seen({ hits: [hit], conversion: { how: 'push', target: 'purchase', event: 'purchase' } });
    expect(statusOf(observation, 'endpoint')).toBe('pass');
    expect(statusOf(observation, 'server-status')).toBe('fail');
  });

  it('the text names every failed step with its fix and docs anchor, and says how many failed', () => {
    const observation = seen({ page: page({ present: false }) });
    const text = formatText(toResult(observation, verdicts(observation)));
    expect(text).toContain('✖ Bundle present — window.roktBridge not found');
    expect(text).toContain('(docs/verify.md#no-bundle)');
    expect(text).toContain('1 step failed.');
  });
});

describe('the Safari durability step', () => {
  const hit = (setsIdCookie: boolean) => ({
    url: 'https://sgtm.shop.example/g/collect?v=2&en=purchase',
    events: [{ event_name: 'purchase', rtid: ID }],
    status: 204,
    afterConversion: true,
    pageUrl: 'https://www.shop.example/',
    setsIdCookie,
  });
  const serving = (server: { cnames?: string[]; a?: string[]; error?: string }) => ({
    pageHost: 'www.shop.example',
    pageSite: 'shop.example',
    serverHost: 'sgtm.shop.example',
    page: { host: 'www.shop.example', cnames: [], a: ['203.0.113.10'], aaaa: [] },
    server: { host: 'sgtm.shop.example', cnames: [], a: [], aaaa: [], ...server },
  });
  const safari = (keeper: boolean, server: { cnames?: string[]; a?: string[]; error?: string }) => {
    const observation = seen({
      hits: [hit(keeper)],
      conversion: { how: 'push', target: 'purchase', event: 'purchase' },
      serving: serving(server),
    });
    return toResult(observation, verdicts(observation)).steps.find((step) => step.id === 'safari');
  };

  it('a capped set-up fails when the ID Keeper set its cookie, pointing at the explanation', () => {
    expect(safari(true, { cnames: ['edge.cloudhost.example'], a: ['34.1.2.3'] })).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(
        /^capped at 7 days: .*CNAME to edge\.cloudhost\.example.*the ID Keeper's RoktTransactionId cookie \(set in this run\) lives 7 days/,
      ),
      docs: 'docs/check.md#safari-durability-of-server-set-cookies',
    });
  });

  it('without the ID Keeper the cap is told but fails nothing', () => {
    expect(safari(false, { a: ['34.1.2.3'] })).toMatchObject({
      status: 'skip',
      detail: expect.stringMatching(/^capped at 7 days: .*none was set in this run/),
    });
  });

  it('an A record in the page range passes with the full window', () => {
    expect(safari(true, { a: ['203.0.50.1'] })).toMatchObject({
      status: 'pass',
      detail: expect.stringMatching(/^full lifetime: .*keeps its whole window$/),
    });
  });

  it('no hit to a server container, or no DNS answer: – with the reason', () => {
    const none = seen();
    expect(verdicts(none).find((step) => step.id === 'safari')?.status).toBe('skip');
    expect(safari(true, { error: 'no such host in DNS' })).toMatchObject({
      status: 'skip',
      detail: expect.stringContaining('this check needs DNS'),
    });
  });

  it('the explanation it links to is a heading of docs/check.md', () => {
    // GitHub's anchor of this heading is the one the step links to; docs.test.ts checks every anchor in the docs.
    expect(readFileSync('docs/check.md', 'utf8')).toMatch(/^## Safari durability of server-set cookies$/m);
  });
});

/**
 * Pins the whole checklist (every id, title, status, detail, fix and anchor, in order) for a spread of observations,
 * so a change to how the steps are declared cannot change what `check` prints unnoticed. One line per step.
 */
describe('the checklist, whole, for a spread of observations', () => {
  // The cookie's expiry is printed as a date and a number of days from now: both are pinned.
  const NOW = Date.UTC(2030, 0, 1);
  beforeAll(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(NOW);
  });
  afterAll(() => {
    vi.useRealTimers();
  });
  const fixedCookie = (domain: string, value = ID): SeenCookie => ({
    value,
    domain,
    sameSite: 'Lax',
    secure: true,
    expires: NOW / 1000 + 390 * 86400,
  });
  const base = (overrides: Partial<Observation> = {}) =>
    seen({ cookies: [fixedCookie('.shop.example')], ...overrides });
  const lines = (observation: Observation) =>
    verdicts(observation).map((step) =>
      [`${step.status} ${step.id}: ${step.title}`, step.detail, step.fix, step.anchor]
        .filter((part) => part !== undefined)
        .join(' | '),
    );
  const HASH = 'a'.repeat(64);
  const push = { how: 'push', target: 'purchase', event: 'purchase' } as const;
  const byUrl = (carriedId?: string) =>
    ({
      how: 'url',
      target: 'https://checkout.shop.example/thanks',
      event: 'purchase',
      navigation: { status: 200 },
      carriedId,
      carriedHost: 'checkout.shop.example',
    }) as const;
  const hitTo = (origin: string, extra: Partial<Ga4Hit> = {}): Ga4Hit => ({
    url: `${origin}/g/collect?v=2&en=purchase`,
    events: [{ event_name: 'purchase', rtid: ID, emailsha256: HASH }],
    status: 204,
    afterConversion: true,
    ...extra,
  });
  const SERVER = 'https://sgtm.shop.example';
  const serving = (serverHost: string, server: { cnames?: string[]; a?: string[]; error?: string }) => ({
    pageHost: 'www.shop.example',
    pageSite: 'shop.example',
    serverHost,
    page: { host: 'www.shop.example', cnames: [], a: ['203.0.113.10'], aaaa: [] },
    server: { host: serverHost, cnames: [], a: [], aaaa: [], ...server },
  });

  it('when the landing page does not load, or cannot be read, or time runs out first', () => {
    expect(
      lines(base({ landing: { error: 'net::ERR_NAME_NOT_RESOLVED' }, page: undefined, emailSha256: HASH })),
    ).toMatchInlineSnapshot(`
      [
        "fail landing: Landing page loads | net::ERR_NAME_NOT_RESOLVED | check the URL; for a staging host without public DNS pass --host-resolver-rules | page-does-not-load",
        "skip bundle: Bundle present | not checked: the landing page did not load",
        "skip loaded-once: Bundle loaded once | not checked: the landing page did not load",
        "skip consent: Consent, as the bundle sees it | not checked: the landing page did not load",
        "skip identity: rokt_identity pushed with the test ID and the email hash | not checked: the landing page did not load",
        "skip cookie: RoktTransactionId cookie | not checked: the landing page did not load",
        "skip local-storage: localStorage copy | not checked: the landing page did not load",
        "skip conversion: Conversion | not checked: the landing page did not load",
        "skip safari: Safari keeps the server container's cookies | not checked: the landing page did not load",
      ]
    `);
    expect(lines(base({ landing: { status: 404 }, page: undefined }))).toMatchInlineSnapshot(`
      [
        "fail landing: Landing page loads | HTTP 404 | check the URL and that the page is deployed | page-does-not-load",
        "skip bundle: Bundle present | not checked: the landing page did not load",
        "skip loaded-once: Bundle loaded once | not checked: the landing page did not load",
        "skip consent: Consent, as the bundle sees it | not checked: the landing page did not load",
        "skip identity: rokt_identity pushed with the test ID | not checked: the landing page did not load",
        "skip cookie: RoktTransactionId cookie | not checked: the landing page did not load",
        "skip local-storage: localStorage copy | not checked: the landing page did not load",
        "skip conversion: Conversion | not checked: the landing page did not load",
        "skip safari: Safari keeps the server container's cookies | not checked: the landing page did not load",
      ]
    `);
    expect(
      lines(base({ page: undefined, pageErrors: ['reading the page: Execution context was destroyed'] })),
    ).toMatchInlineSnapshot(`
        [
          "pass landing: Landing page loads | HTTP 200",
          "skip bundle: Bundle present | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip loaded-once: Bundle loaded once | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip consent: Consent, as the bundle sees it | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip identity: rokt_identity pushed with the test ID | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip cookie: RoktTransactionId cookie | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip local-storage: localStorage copy | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip conversion: Conversion | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
          "skip safari: Safari keeps the server container's cookies | not checked: the landing page could not be read (reading the page: Execution context was destroyed)",
        ]
      `);
    expect(lines(base({ page: undefined }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "skip bundle: Bundle present | not checked: the landing page could not be read (no answer)",
        "skip loaded-once: Bundle loaded once | not checked: the landing page could not be read (no answer)",
        "skip consent: Consent, as the bundle sees it | not checked: the landing page could not be read (no answer)",
        "skip identity: rokt_identity pushed with the test ID | not checked: the landing page could not be read (no answer)",
        "skip cookie: RoktTransactionId cookie | not checked: the landing page could not be read (no answer)",
        "skip local-storage: localStorage copy | not checked: the landing page could not be read (no answer)",
        "skip conversion: Conversion | not checked: the landing page could not be read (no answer)",
        "skip safari: Safari keeps the server container's cookies | not checked: the landing page could not be read (no answer)",
      ]
    `);
    expect(
      lines(base({ page: undefined, stopped: { during: 'reading the landing page', afterSeconds: 15 } })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "skip bundle: Bundle present | not checked: the check ran out of time first",
        "skip loaded-once: Bundle loaded once | not checked: the check ran out of time first",
        "skip consent: Consent, as the bundle sees it | not checked: the check ran out of time first",
        "skip identity: rokt_identity pushed with the test ID | not checked: the check ran out of time first",
        "skip cookie: RoktTransactionId cookie | not checked: the check ran out of time first",
        "skip local-storage: localStorage copy | not checked: the check ran out of time first",
        "skip conversion: Conversion | not checked: the check ran out of time first",
        "skip safari: Safari keeps the server container's cookies | not checked: the check ran out of time first",
        "fail time: Finished within --timeout | stopped after 15 s while reading the landing page: the page kept the browser busy (a script that never ends?) or did not answer | make the page finish loading and stay responsive, or give --timeout more seconds | page-does-not-load",
      ]
    `);
  });

  it('the bundle: templates, missing, another roktBridge, a queue, twice, not seen', () => {
    const templates = page({ present: false, found: 'missing', templates: true, version: undefined });
    expect(lines(base({ page: templates, bundleCopies: 0 }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | no bundle: the GTM web templates run instead (no window.roktBridge; the Rokt Capture tag pushed rokt_identity)",
        "skip loaded-once: Bundle loaded once | not applicable: GTM runs the web templates",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(
        base({
          page: page({ present: false, found: 'missing', memory: {}, identityPushes: [], localStorageId: null }),
          cookies: [],
          bundleCopies: 0,
          consentClick: { clicked: true },
          emailSha256: HASH,
          conversion: push,
          hits: [hitTo(SERVER, { events: [{ event_name: 'purchase' }] })],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "fail bundle: Bundle present | window.roktBridge not found on the landing page | load the bundle on every landing page (script tag or GTM Custom HTML tag) | no-bundle",
        "skip loaded-once: Bundle loaded once | not checked: no bundle",
        "pass consent-click: Consent banner accepted (--accept-consent)",
        "skip consent: Consent, as the bundle sees it | not checked: no bundle",
        "skip identity: rokt_identity pushed with the test ID and the email hash | not checked: no bundle",
        "skip cookie: RoktTransactionId cookie | not checked: no bundle",
        "skip local-storage: localStorage copy | not checked: no bundle",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "fail rtid: ep.rtid equals the test ID | the hit has no ep.rtid | add the event parameter rtid to the GA4 event tag (value: a Data Layer Variable "rtid") | missing-parameters",
        "fail emailsha256: ep.emailsha256 equals the hash of --email | the hit has no ep.emailsha256 | add the event parameter emailsha256 to the GA4 event tag (value: a Data Layer Variable "emailsha256") | missing-parameters",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(base({ page: page({ present: false, found: 'other', mismatches: ['no setEmail', 'capture'] }) })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "fail bundle: Bundle present | window.roktBridge is not this bundle (no setEmail; capture) | remove the other script that sets window.roktBridge (an old integration or a stub): the bundle leaves an existing one alone | no-bundle",
        "skip loaded-once: Bundle loaded once | not checked: no bundle",
        "skip consent: Consent, as the bundle sees it | not checked: no bundle",
        "skip identity: rokt_identity pushed with the test ID | not checked: no bundle",
        "skip cookie: RoktTransactionId cookie | not checked: no bundle",
        "skip local-storage: localStorage copy | not checked: no bundle",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ page: page({ present: false, found: 'queue' }) }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "fail bundle: Bundle present | window.roktBridge holds queued calls, but the bundle never ran | load the bundle on every landing page (script tag or GTM Custom HTML tag) | no-bundle",
        "skip loaded-once: Bundle loaded once | not checked: no bundle",
        "skip consent: Consent, as the bundle sees it | not checked: no bundle",
        "skip identity: rokt_identity pushed with the test ID | not checked: no bundle",
        "skip cookie: RoktTransactionId cookie | not checked: no bundle",
        "skip local-storage: localStorage copy | not checked: no bundle",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ page: page({ version: undefined }), bundleCopies: 2 }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version unknown",
        "fail loaded-once: Bundle loaded once | 2 copies ran (only the first one works) | keep one install: the script tag or the GTM Custom HTML tag, fired once | loaded-twice",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ bundleCopies: 0 }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "skip loaded-once: Bundle loaded once | could not tell: no classic script holding the bundle was seen",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
  });

  it('consent, the identity push and storage', () => {
    expect(
      lines(base({ consentClick: { clicked: false, error: 'no element matches #accept' } })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "fail consent-click: Consent banner accepted (--accept-consent) | no element matches #accept | give the CSS selector of the button that accepts cookies | consent-denied",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(
        base({
          consentClick: { clicked: true },
          cookies: [],
          page: page({ localStorageId: null, configuredConsent: 'false', consentCommands: ['default denied'] }),
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent-click: Consent banner accepted (--accept-consent)",
        "fail consent: Consent, as the bundle sees it | denied: the test ID is held in memory only (roktBridgeConfig.consent: false; Consent Mode ad_storage: default denied) | grant ad_storage when the visitor accepts (Consent Mode update or roktBridge.consent("granted")); pass --accept-consent <selector> | consent-denied",
        "pass identity: rokt_identity pushed with the test ID",
        "skip cookie: RoktTransactionId cookie | nothing stored without consent",
        "skip local-storage: localStorage copy | nothing stored without consent",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(base({ cookies: [fixedCookie('www.shop.example')], page: page({ localStorageId: 'other' }) })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "fail cookie: RoktTransactionId cookie | host-only www.shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): only www.shop.example reads it, not the other subdomains of shop.example | leave roktBridgeConfig.cookieDomain empty (or set it to shop.example) | host-only-cookie",
        "fail local-storage: localStorage copy | RoktTransactionId holds another ID | make sure nothing on the page clears localStorage or blocks the bundle from storing | no-localstorage-copy",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(
        base({
          cookies: [fixedCookie('.shop.example', 'other')],
          page: page({ memory: {}, identityPushes: [], localStorageId: null }),
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "skip consent: Consent, as the bundle sees it | unknown: the test ID was not captured (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "fail identity: rokt_identity pushed with the test ID | the bundle did not capture the test ID from ?rtid | check roktBridgeConfig.idParams and dataLayerName, and that nothing strips the query before the bundle runs | no-capture",
        "fail cookie: RoktTransactionId cookie | the cookie holds another ID | check that cookies are not blocked on the landing page and that nothing deletes RoktTransactionId | host-only-cookie",
        "fail local-storage: localStorage copy | RoktTransactionId missing | make sure nothing on the page clears localStorage or blocks the bundle from storing | no-localstorage-copy",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ page: page({ identityPushes: [] }), registrableDomain: null }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "fail identity: rokt_identity pushed with the test ID | the bundle holds the test ID but pushed no rokt_identity with it | check roktBridgeConfig.idParams and dataLayerName, and that nothing strips the query before the bundle runs | no-capture",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days)",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ emailSha256: HASH, emailAccepted: false }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "fail identity: rokt_identity pushed with the test ID and the email hash | roktBridge.setEmail refused the address | give --email a valid address; check that the page passes the shopper email to roktBridge.setEmail | no-capture",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(base({ emailSha256: HASH, page: page({ identityPushes: [{ rtid: ID, emailsha256: HASH }] }) })),
    ).toMatchInlineSnapshot(`
        [
          "pass landing: Landing page loads | HTTP 200",
          "pass bundle: Bundle present | version 1.2.3",
          "pass loaded-once: Bundle loaded once",
          "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
          "pass identity: rokt_identity pushed with the test ID and the email hash",
          "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
          "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
          "skip conversion: Conversion | none made: pass --conversion-url or --push-conversion to send one",
          "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
        ]
      `);
  });

  it('the conversion: by URL, not loaded, the ID not carried, no hit', () => {
    expect(lines(base({ conversion: byUrl(), hits: [hitTo(SERVER)] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass conversion-page: Conversion page loads | HTTP 200",
        "fail carried: Test ID known on checkout.shop.example | the bundle there does not know the test ID | load the bundle on the conversion page too, and keep the cookie on the registrable domain | host-only-cookie",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ conversion: byUrl('other'), hits: [hitTo(SERVER)] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass conversion-page: Conversion page loads | HTTP 200",
        "fail carried: Test ID known on checkout.shop.example | the bundle there holds another ID | load the bundle on the conversion page too, and keep the cookie on the registrable domain | host-only-cookie",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(base({ conversion: { ...byUrl(ID), navigation: { status: 500 } }, hits: [hitTo(SERVER)] })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "fail conversion-page: Conversion page loads | HTTP 500 | check the URL and that the page is deployed | page-does-not-load",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(
        base({
          conversion: push,
          hits: [
            hitTo(SERVER, { events: [{ event_name: 'page_view' }, { event_name: 'add_to_cart' }] }),
            hitTo(SERVER, { events: [{ event_name: 'purchase' }], afterConversion: false }),
          ],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "fail ga4-hit: GA4 hit with purchase | none seen on the network (GA4 events seen: page_view, add_to_cart) | fire a GA4 event tag named purchase on the conversion (trigger on the dataLayer event) | no-conversion-hit",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ conversion: push }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "fail ga4-hit: GA4 hit with purchase | none seen on the network | fire a GA4 event tag named purchase on the conversion (trigger on the dataLayer event) | no-conversion-hit",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
  });

  it('the GA4 hit: to Google only, to the server with a copy to Google, its parameters and answer', () => {
    expect(
      lines(base({ conversion: push, hits: [hitTo('https://region1.google-analytics.com')] })),
    ).toMatchInlineSnapshot(`
        [
          "pass landing: Landing page loads | HTTP 200",
          "pass bundle: Bundle present | version 1.2.3",
          "pass loaded-once: Bundle loaded once",
          "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
          "pass identity: rokt_identity pushed with the test ID",
          "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
          "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
          "pass ga4-hit: GA4 hit with purchase | 1 request to https://region1.google-analytics.com/g/collect",
          "fail endpoint: Sent to a server container | not a server container: sent to Google Analytics directly (region1.google-analytics.com), so the server container never sees it | set the server container URL in the Google tag (server_container_url / "Send to server container") | hits-to-google",
          "pass rtid: ep.rtid equals the test ID",
          "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
          "skip server-status: Server container answered | not applicable: the hit went to Google",
          "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
        ]
      `);
    expect(
      lines(
        base({
          emailSha256: HASH,
          page: page({ identityPushes: [{ rtid: ID, emailsha256: HASH }] }),
          conversion: push,
          hits: [hitTo('https://region1.analytics.google.com'), hitTo(SERVER)],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID and the email hash",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 2 requests to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example (a copy also went to Google directly: region1.analytics.google.com)",
        "pass rtid: ep.rtid equals the test ID",
        "pass emailsha256: ep.emailsha256 equals the hash of --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(
        base({
          emailSha256: HASH,
          page: page({ identityPushes: [{ rtid: ID, emailsha256: HASH }] }),
          conversion: push,
          hits: [hitTo(SERVER, { events: [{ event_name: 'purchase', rtid: 'other', emailsha256: 'b' }], status: 500 })],
        }),
      ),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID and the email hash",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "fail rtid: ep.rtid equals the test ID | ep.rtid is "other" | the GA4 event tag's rtid parameter must read the Data Layer Variable "rtid", nothing else | missing-parameters",
        "fail emailsha256: ep.emailsha256 equals the hash of --email | ep.emailsha256 is "b" | the GA4 event tag's emailsha256 parameter must read the Data Layer Variable "emailsha256", nothing else | missing-parameters",
        "fail server-status: Server container answered | HTTP 500 | check that the server container is up at that URL and has a GA4 client claiming /g/collect | server-no-event",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(
      lines(base({ conversion: push, hits: [hitTo(SERVER, { status: undefined, failure: 'net::ERR_FAILED' })] })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "fail server-status: Server container answered | net::ERR_FAILED | check that the server container is up at that URL and has a GA4 client claiming /g/collect | server-no-event",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
    expect(lines(base({ conversion: push, hits: [hitTo(SERVER, { status: undefined })] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "fail server-status: Server container answered | no answer before the timeout | check that the server container is up at that URL and has a GA4 client claiming /g/collect | server-no-event",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
      ]
    `);
  });

  it("Safari: full, seven days, blocked, unknown, with and without the ID Keeper's cookie", () => {
    const safari = (keeper: boolean, origin: string, setUp: ReturnType<typeof serving>) =>
      lines(base({ conversion: push, hits: [hitTo(origin, { setsIdCookie: keeper })], serving: setUp }));
    const other = 'https://sgtm.other.example';
    expect(safari(true, SERVER, serving('sgtm.shop.example', { a: ['203.0.50.1'] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "pass safari: Safari keeps the server container's cookies | full lifetime: sgtm.shop.example has its own A/AAAA record (203.0.50.1) in www.shop.example's address range; the ID Keeper's RoktTransactionId cookie (set in this run) keeps its whole window",
      ]
    `);
    expect(safari(false, SERVER, serving('sgtm.shop.example', { a: ['203.0.50.1'] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "pass safari: Safari keeps the server container's cookies | full lifetime: sgtm.shop.example has its own A/AAAA record (203.0.50.1) in www.shop.example's address range; an ID Keeper's RoktTransactionId cookie (none was set in this run) keeps its whole window",
      ]
    `);
    const capped = serving('sgtm.shop.example', { cnames: ['edge.cloudhost.example'], a: ['34.1.2.3'] });
    expect(safari(true, SERVER, capped)).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "fail safari: Safari keeps the server container's cookies | capped at 7 days: sgtm.shop.example is a CNAME to edge.cloudhost.example, another site (Safari 14 and later); the ID Keeper's RoktTransactionId cookie (set in this run) lives 7 days in Safari, not its whole window | serve the server container from the site's own origin (a path routed by your CDN or load balancer), or from a subdomain with an A/AAAA record in the site's address range, not a CNAME | check.md#safari-durability-of-server-set-cookies",
      ]
    `);
    expect(safari(false, SERVER, capped)).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | capped at 7 days: sgtm.shop.example is a CNAME to edge.cloudhost.example, another site (Safari 14 and later); an ID Keeper's RoktTransactionId cookie (none was set in this run) lives 7 days in Safari, not its whole window (docs/check.md#safari-durability-of-server-set-cookies)",
      ]
    `);
    expect(safari(true, other, serving('sgtm.other.example', { a: ['34.1.2.3'] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.other.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.other.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "fail safari: Safari keeps the server container's cookies | not kept: sgtm.other.example is not on the page's site (shop.example): its cookies are third-party; Safari blocks the ID Keeper's RoktTransactionId cookie (set in this run) | serve the server container from the site's own origin (a path routed by your CDN or load balancer), or from a subdomain with an A/AAAA record in the site's address range, not a CNAME | check.md#safari-durability-of-server-set-cookies",
      ]
    `);
    expect(safari(false, other, serving('sgtm.other.example', { a: ['34.1.2.3'] }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.other.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.other.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not kept: sgtm.other.example is not on the page's site (shop.example): its cookies are third-party; Safari blocks an ID Keeper's RoktTransactionId cookie (none was set in this run) (docs/check.md#safari-durability-of-server-set-cookies)",
      ]
    `);
    expect(safari(true, SERVER, serving('sgtm.shop.example', { error: 'no such host' }))).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "pass ga4-hit: GA4 hit with purchase | 1 request to https://sgtm.shop.example/g/collect",
        "pass endpoint: Sent to a server container | https://sgtm.shop.example",
        "pass rtid: ep.rtid equals the test ID",
        "skip emailsha256: ep.emailsha256 equals the hash of --email | not checked: pass --email",
        "pass server-status: Server container answered | HTTP 204",
        "skip safari: Safari keeps the server container's cookies | not checked: sgtm.shop.example could not be resolved (no such host); this check needs DNS (--dns-server picks the DNS server)",
      ]
    `);
  });

  it('stopped by --timeout after the landing page was read: what was seen stands, then the time step', () => {
    expect(
      lines(base({ conversion: push, stopped: { during: 'waiting for the GA4 hit', afterSeconds: 30 } })),
    ).toMatchInlineSnapshot(`
      [
        "pass landing: Landing page loads | HTTP 200",
        "pass bundle: Bundle present | version 1.2.3",
        "pass loaded-once: Bundle loaded once",
        "pass consent: Consent, as the bundle sees it | granted: the test ID is stored (roktBridgeConfig.consent: auto (default); Consent Mode ad_storage: no command)",
        "pass identity: rokt_identity pushed with the test ID",
        "pass cookie: RoktTransactionId cookie | domain .shop.example, SameSite=Lax, Secure, expires 2031-01-26 (in 390 days): every subdomain of shop.example reads it",
        "pass local-storage: localStorage copy | RoktTransactionId holds the test ID",
        "fail ga4-hit: GA4 hit with purchase | none seen on the network | fire a GA4 event tag named purchase on the conversion (trigger on the dataLayer event) | no-conversion-hit",
        "skip safari: Safari keeps the server container's cookies | not checked: no GA4 hit reached a server container",
        "fail time: Finished within --timeout | stopped after 30 s while waiting for the GA4 hit: the page kept the browser busy (a script that never ends?) or did not answer | make the page finish loading and stay responsive, or give --timeout more seconds | page-does-not-load",
      ]
    `);
  });
});

describe('the table of steps', () => {
  const ids = CHECKLIST.map((spec) => spec.id);
  /** The steps that report the needs of the chain ending in `need` (a conversion step for the steps after it). */
  const tellers = (need: Need | undefined): string[] =>
    need === undefined ? [] : [NEEDS[need].toldBy ?? [], tellers(NEEDS[need].after)].flat();

  it('declares every step once', () => {
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('a step that reports a need comes before every step needing it', () => {
    for (const [index, spec] of CHECKLIST.entries()) {
      for (const teller of tellers(spec.needs)) {
        if (teller === spec.id) continue;
        expect(ids.indexOf(teller), `${teller} before ${spec.id}`).toBeGreaterThanOrEqual(0);
        expect(ids.indexOf(teller), `${teller} before ${spec.id}`).toBeLessThan(index);
      }
    }
  });

  it('the "did not load" answer lists every later step, or the step that stands for it', () => {
    // Every option given, so no step is missing only because this visit had no use for it.
    const answer = verdicts(
      seen({
        landing: { error: 'net::ERR_CONNECTION_REFUSED' },
        page: undefined,
        emailSha256: 'a'.repeat(64),
        consentClick: { clicked: true },
        conversion: { how: 'url', target: 'https://checkout.shop.example/', event: 'purchase' },
        stopped: { during: 'loading the landing page', afterSeconds: 30 },
      }),
    );
    expect(answer[0]).toMatchObject({ id: 'landing', status: 'fail' });
    const listed = answer.map((step) => step.id);
    expect(answer.at(-1)).toMatchObject({ id: 'time', status: 'fail' });
    for (const spec of CHECKLIST.slice(1, -1)) {
      const line = answer.find((step) => step.id === spec.id);
      if (line) {
        expect(line, spec.id).toMatchObject({ status: 'skip', detail: 'not checked: the landing page did not load' });
      } else if (!spec.optional) {
        // Left out only when a listed step stands for it (the Conversion line for the conversion's steps).
        expect(
          tellers(spec.needs).filter((id) => listed.includes(id)),
          spec.id,
        ).not.toEqual([]);
      }
    }
    expect(listed).toEqual(ids.filter((id) => listed.includes(id)));
  });
});
