import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Observation, SeenCookie } from '../../../src/cli/check/observation';
import type { PageState } from '../../../src/cli/check/page-probes';
import { formatText, toResult } from '../../../src/cli/check/report';
import { isGoogleHost, verdicts } from '../../../src/cli/check/verdicts';

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
