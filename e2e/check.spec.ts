// `rokt-sgtm-bridge check`, the built command run as a user runs it: against the local preview as a real site
// (www. → checkout.), and against crafted broken sites, each with the one ✖ its defect causes.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DnsServer, startDnsServer } from '../test/support/dns-server';
import { CHECK_RESOLVER_RULES, type CheckSites, startCheckSites } from './support/check-sites';
import { EMAIL, EMAIL_SHA256, expect, test } from './support/preview';
import { type JsonStep, runCheck, stepsOf } from './support/run-check';

// Each run starts its own Chromium.
test.describe.configure({ timeout: 90_000 });

const RESOLVER = ['--host-resolver-rules', CHECK_RESOLVER_RULES];

/** The statuses of a result, for one readable assertion. */
const statuses = (steps: Record<string, JsonStep>) =>
  Object.fromEntries(Object.entries(steps).map(([id, step]) => [id, step.status]));

test('the preview shop, www. → checkout.: every step passes, exit 0, and the server container got the test ID', async ({
  preview,
}) => {
  const run = await runCheck([
    `${preview.http.landing}/?utm_source=rokt`,
    '--accept-consent',
    '#consent-accept',
    '--email',
    EMAIL,
    '--conversion-url',
    `${preview.http.checkout}/thank-you?order=ROKT-CHECK-1`,
    '--json',
    ...RESOLVER,
  ]);
  const result = JSON.parse(run.stdout);
  const steps = stepsOf(run);
  expect(statuses(steps)).toEqual({
    landing: 'pass',
    bundle: 'pass',
    'loaded-once': 'pass',
    'consent-click': 'pass',
    consent: 'pass',
    identity: 'pass',
    cookie: 'pass',
    'local-storage': 'pass',
    'conversion-page': 'pass',
    carried: 'pass',
    'ga4-hit': 'pass',
    endpoint: 'pass',
    rtid: 'pass',
    emailsha256: 'pass',
    'server-status': 'pass',
    safari: 'pass',
  });
  expect(steps.safari.detail).toMatch(/^full lifetime: the server container answers on the page's own host/);
  expect(run.code).toBe(0);
  // The existing parameter is kept, the test ID appended; the cookie is on the registrable domain.
  expect(result.url).toBe(`${preview.http.landing}/?utm_source=rokt&rtid=${result.testId}`);
  expect(steps.cookie.detail).toContain('domain .shop.test');
  expect(steps.bundle.detail).toMatch(/^version \d+\.\d+\.\d+/);
  expect(result.emailSha256).toBe(EMAIL_SHA256);
  expect(result.conversion).toMatchObject({ how: 'url', event: 'purchase', realEventSent: true });
  // A real conversion reached the server container with the test ID; the raw email was printed nowhere.
  const purchase = preview.container.processed.find((event) => event.eventData.event_name === 'purchase');
  expect(purchase?.eventData.rtid).toBe(result.testId);
  expect(`${run.stdout}${run.stderr}`.toLowerCase()).not.toContain('shopper.one');
});

test('the preview shop with the web templates instead of the bundle: the same steps pass, exit 0', async ({
  preview,
}) => {
  preview.webTemplates = true;
  const run = await runCheck([
    `${preview.http.landing}/`,
    '--accept-consent',
    '#consent-accept',
    '--conversion-url',
    `${preview.http.checkout}/thank-you?order=ROKT-CHECK-2`,
    '--json',
    ...RESOLVER,
  ]);
  const steps = stepsOf(run);
  expect(steps.bundle).toMatchObject({ status: 'pass', detail: expect.stringContaining('web templates') });
  expect(steps['loaded-once'].status).toBe('skip');
  for (const id of ['consent', 'identity', 'cookie', 'local-storage', 'carried', 'ga4-hit', 'rtid', 'server-status'])
    expect(steps[id]?.status, id).toBe('pass');
  expect(run.code).toBe(0);
});

test('the preview shop with the bundle loaded twice: ✖ loaded once, exit 1', async ({ preview }) => {
  const run = await runCheck([
    `${preview.http.landing}/?install=both`,
    '--accept-consent',
    '#consent-accept',
    '--json',
    ...RESOLVER,
  ]);
  const steps = stepsOf(run);
  expect(steps['loaded-once']).toMatchObject({ status: 'fail', detail: expect.stringContaining('2 copies') });
  expect(steps.bundle.status).toBe('pass');
  expect(run.code).toBe(1);
});

test.describe('crafted broken sites', () => {
  let sites: CheckSites;
  test.beforeAll(async () => {
    sites = await startCheckSites();
  });
  test.afterAll(async () => {
    await sites.close();
  });

  const checkSite = (site: string, ...extra: string[]) =>
    runCheck([sites.landing(site), '--push-conversion', 'purchase', '--json', ...RESOLVER, ...extra]);

  test('no bundle: ✖ bundle present, exit 1', async () => {
    const run = await checkSite('no-bundle');
    const steps = stepsOf(run);
    expect(steps.bundle).toMatchObject({ status: 'fail', docs: 'docs/verify.md#no-bundle' });
    expect(steps.landing.status).toBe('pass');
    expect(steps.rtid.status).toBe('fail');
    expect(run.code).toBe(1);
  });

  test('an old integration holds window.roktBridge (so the bundle stands aside): ✖ bundle present, exit 1', async () => {
    const run = await checkSite('old-integration');
    const steps = stepsOf(run);
    expect(steps.bundle).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^window\.roktBridge is not this bundle \(no setEmail, capture/),
      docs: 'docs/verify.md#no-bundle',
    });
    expect(steps.consent.status).toBe('skip');
    expect(run.code).toBe(1);
  });

  test('GA4 conversion hit without the parameters: ✖ ep.rtid and ep.emailsha256, exit 1', async () => {
    const run = await checkSite('no-params', '--email', EMAIL);
    const steps = stepsOf(run);
    expect(steps.rtid).toMatchObject({ status: 'fail', detail: 'the hit has no ep.rtid' });
    expect(steps.emailsha256).toMatchObject({ status: 'fail', detail: 'the hit has no ep.emailsha256' });
    // Everything before the hit is fine: the fault is the GA4 tag alone.
    for (const id of ['bundle', 'consent', 'identity', 'cookie', 'ga4-hit', 'endpoint', 'server-status']) {
      expect(steps[id].status, id).toBe('pass');
    }
    expect(sites.hits.some((hit) => hit.includes('en=purchase'))).toBe(true);
    expect(run.code).toBe(1);
  });

  test('cookieDomain set to the full host: ✖ cookie with the fix hint, exit 1 (text output)', async () => {
    const run = await runCheck([sites.landing('host-only'), ...RESOLVER]);
    expect(run.stdout).toMatch(
      /✖ RoktTransactionId cookie — domain \.www\.host-only\.test, .*only www\.host-only\.test reads it/,
    );
    expect(run.stdout).toContain(
      'fix: leave roktBridgeConfig.cookieDomain empty (or set it to host-only.test) (docs/verify.md#host-only-cookie)',
    );
    expect(run.stdout).toContain('✔ Bundle present — version');
    expect(run.stdout).toContain('– Conversion — none made');
    expect(run.code).toBe(1);
  });

  test('consent denied: ✖ consent, nothing stored, exit 1', async () => {
    const run = await checkSite('consent-denied');
    const steps = stepsOf(run);
    expect(steps.consent).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('Consent Mode ad_storage: default denied'),
    });
    expect(steps.cookie.status).toBe('skip');
    expect(steps.identity.status).toBe('pass');
    expect(run.code).toBe(1);
  });

  for (const [site, host] of [
    ['google-direct', 'region1.google-analytics.com'],
    ['google-region', 'region1.analytics.google.com'],
  ]) {
    test(`GA4 hits sent to Google directly (${host}): ✖ not a server container, exit 1`, async () => {
      const run = await checkSite(site);
      const steps = stepsOf(run);
      expect(steps.endpoint).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(new RegExp(`^not a server container: .*${host.replaceAll('.', '\\.')}`)),
      });
      expect(steps['server-status'].status).toBe('skip');
      expect(steps.rtid.status).toBe('pass');
      expect(run.code).toBe(1);
    });
  }

  test('a page that loops forever: --timeout ends the whole run, which reports where it stopped, exit 1', async () => {
    // The budget covers the browser's start too, so it leaves the landing page time to load on a busy test machine.
    const run = await checkSite('loops-forever', '--timeout', '15');
    const steps = stepsOf(run);
    expect(steps.landing.status).toBe('pass');
    expect(steps.time).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/^stopped after 15 s while reading the landing page/),
    });
    expect(steps.bundle).toMatchObject({ status: 'skip', detail: 'not checked: the check ran out of time first' });
    expect(run.code).toBe(1);
  });

  test("a consent button that is not there is the consent step's ✖, not the end of the run", async () => {
    const run = await checkSite('no-params', '--accept-consent', '#no-such-button', '--timeout', '20');
    const steps = stepsOf(run);
    expect(steps['consent-click']).toMatchObject({ status: 'fail', docs: 'docs/verify.md#consent-denied' });
    expect(steps.time).toBeUndefined();
    expect(steps['ga4-hit'].status).toBe('pass');
  });

  test('a page whose globals throw from their getters: reported, not a crash with a stack trace', async () => {
    const run = await checkSite('hostile-getters');
    const result = JSON.parse(run.stdout);
    expect(result.warnings).toContain(
      'the page made window.roktBridgeConfig unreadable (a getter throws): the check could not see it',
    );
    expect(stepsOf(run).bundle.status).toBe('pass');
    expect(stepsOf(run).rtid.status).toBe('pass');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code).toBe(0);
  });

  test('credentials in the URL are redacted in every line printed', async () => {
    const secret = 's3cret-Pa55';
    const landing = sites.landing('no-params').replace('http://', `http://stage-user:${secret}@`);
    const port = await closedPort();
    const loaded = await runCheck([landing, '--push-conversion', 'purchase', ...RESOLVER]);
    const failed = await runCheck([`http://stage-user:${secret}@www.gone.test:${port}/`, ...RESOLVER]);
    const usage = await runCheck([`ftp://stage-user:${secret}@www.gone.test/`]);
    for (const run of [loaded, failed, usage]) {
      const printed = `${run.stdout}${run.stderr}`;
      expect(printed).not.toContain(secret);
      expect(printed).not.toContain('stage-user');
      expect(printed).toContain('://***@');
    }
    expect(loaded.stdout).toMatch(/^Checked http:\/\/\*\*\*@www\.no-params\.test:\d+\/\?rtid=rokt-check-/);
    expect(failed.stdout).toContain('✖ Landing page loads');
    expect(usage.code).toBe(2);
  });

  test.describe('Safari durability, with DNS answers from a DNS server the test runs', () => {
    let dns: DnsServer;
    test.beforeAll(async () => {
      dns = await startDnsServer({
        'www.durable.test': { a: ['203.0.113.10'] },
        'sgtm.durable.test': { a: ['203.0.77.5'] },
        'www.capped.test': { a: ['203.0.113.10'] },
        'sgtm.capped.test': { cname: 'tagging.cloudhost.example' },
        'tagging.cloudhost.example': { cname: 'edge-7.cloudhost.example' },
        'edge-7.cloudhost.example': { a: ['203.0.113.99'] },
      });
    });
    test.afterAll(() => dns.close());

    test('a subdomain with an A record in the page range: ✔ full lifetime for the ID Keeper cookie', async () => {
      const run = await checkSite('durable', '--dns-server', dns.address);
      const steps = stepsOf(run);
      expect(steps.safari).toMatchObject({
        status: 'pass',
        detail: expect.stringContaining(
          "sgtm.durable.test has its own A/AAAA record (203.0.77.5) in www.durable.test's address range",
        ),
      });
      expect(steps.safari.detail).toContain(
        "the ID Keeper's RoktTransactionId cookie (set in this run) keeps its whole window",
      );
      expect(dns.questions).toEqual(expect.arrayContaining(['sgtm.durable.test CNAME', 'www.durable.test A']));
      expect(run.code).toBe(0);
    });

    test('a CNAME to a cloud host, even in the same address range: ✖ capped at 7 days, exit 1', async () => {
      const run = await checkSite('capped', '--dns-server', dns.address);
      const steps = stepsOf(run);
      expect(steps.safari).toMatchObject({
        status: 'fail',
        detail: expect.stringMatching(
          /^capped at 7 days: sgtm\.capped\.test is a CNAME to edge-7\.cloudhost\.example, another site .*lives 7 days in Safari/,
        ),
        docs: 'docs/check.md#safari-durability-of-server-set-cookies',
      });
      expect(steps.endpoint.status).toBe('pass');
      expect(run.code).toBe(1);
    });
  });

  test('a landing URL that does not load: ✖ landing page loads, exit 1', async () => {
    const port = await closedPort();
    const run = await runCheck([`http://www.gone.test:${port}/`, '--json', ...RESOLVER]);
    const steps = stepsOf(run);
    expect(steps.landing).toMatchObject({ status: 'fail', detail: expect.stringContaining('ERR_CONNECTION_REFUSED') });
    expect(steps.bundle.status).toBe('skip');
    expect(run.code).toBe(1);
  });
});

test.describe('when the check cannot run: exit 2 and what to do', () => {
  test('no browser at --browser', async () => {
    const run = await runCheck(['http://www.shop.test/', '--browser', '/nonexistent/chrome']);
    expect(run.stderr).toContain('--browser /nonexistent/chrome: no such file');
    expect(run.code).toBe(2);
  });

  test('playwright-core not installed', async () => {
    // The built command alone, where no node_modules can be found.
    const dir = mkdtempSync(join(tmpdir(), 'rokt-check-'));
    try {
      cpSync('dist/cli', dir, { recursive: true });
      const run = await runCheck(['http://www.shop.test/'], join(dir, 'rokt-sgtm-bridge.mjs'));
      expect(run.stderr).toContain('npm install --save-dev playwright-core');
      expect(run.code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a usage error names the problem', async () => {
    const run = await runCheck(['not a url']);
    expect(run.stderr).toContain('the landing URL must be an absolute http(s) URL');
    expect(run.code).toBe(2);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
