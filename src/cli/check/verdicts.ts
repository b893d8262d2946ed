import type { EventData } from 'gtm-template-runner/ga4-hit';
import { safariDurability } from './durability.js';
import type { Ga4Hit, Navigation, Observation, SeenCookie } from './observation.js';
import type { PageState } from './page-probes.js';

/** One line of the checklist. `skip` (–) is a step that did not apply or could not be checked: it fails nothing. */
export interface Step {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
  /** For a failed step: what to change, in one line. */
  fix?: string;
  /** For a failed step: the section of docs/verify.md that explains it (or `<file>.md#<section>` in docs/). */
  anchor?: string;
}

/**
 * Google's own domains. A GA4 hit to any host under one of them went to Google Analytics (its collection hosts are
 * `www.`/`region1.google-analytics.com`, `analytics.google.com`, `region1.analytics.google.com`, and more may come),
 * never to a server container: a server container answers on the site's domain or on its provider's default domain
 * (`*.run.app`, `*.appspot.com`), which are not in this list.
 */
const GOOGLE_DOMAINS = ['google-analytics.com', 'google.com', 'doubleclick.net', 'googletagmanager.com'];

/** Whether `hostname` is Google's (a GA4 hit there is not a server container); case and a final dot do not matter. */
export function isGoogleHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.+$/, '');
  return GOOGLE_DOMAINS.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

const pass = (id: string, title: string, detail?: string): Step => ({ id, title, status: 'pass', detail });
const skip = (id: string, title: string, detail: string): Step => ({ id, title, status: 'skip', detail });
const fail = (id: string, title: string, detail: string, fix: string, anchor: string): Step => ({
  id,
  title,
  status: 'fail',
  detail,
  fix,
  anchor,
});

/** The checklist for what was observed, in the order a visit happens. */
export function verdicts(seen: Observation): Step[] {
  const landing = loaded('landing', 'Landing page loads', seen.landing);
  const steps =
    landing.status === 'fail' || !seen.page
      ? [landing, ...LATER_STEPS.map(([id, title]) => skip(id, title, `not checked: ${whyNotRead(seen, landing)}`))]
      : [landing, ...landingSteps(seen), ...conversionSteps(seen), safariStep(seen)];
  return seen.stopped ? [...steps, outOfTime(seen.stopped)] : steps;
}

function whyNotRead(seen: Observation, landing: Step): string {
  if (landing.status === 'fail') return 'the landing page did not load';
  if (seen.stopped) return 'the check ran out of time first';
  return `the landing page could not be read (${seen.pageErrors?.join('; ') ?? 'no answer'})`;
}

/** The run was stopped by `--timeout`: what it was doing says where the page got stuck. */
function outOfTime(stopped: NonNullable<Observation['stopped']>): Step {
  return fail(
    'time',
    'Finished within --timeout',
    `stopped after ${stopped.afterSeconds} s while ${stopped.during}: the page kept the browser busy (a script that never ends?) or did not answer`,
    'make the page finish loading and stay responsive, or give --timeout more seconds',
    'page-does-not-load',
  );
}

/**
 * The GA4 hit whose server container the durability check is about: the conversion hit that reached a server
 * container, else (no conversion made) the first hit of the visit that did.
 */
export function serverHit(seen: Observation): Ga4Hit | undefined {
  const toServer = seen.hits.filter((hit) => !isGoogleHost(hostOf(hit.url)));
  const event = seen.conversion?.event;
  return (
    toServer.find((hit) => hit.afterConversion && hit.events.some((data) => data.event_name === event)) ?? toServer[0]
  );
}

const SAFARI_TITLE = "Safari keeps the server container's cookies";
/** Where the verdict is explained, with the serving set-ups that keep cookies (docs/check.md). */
const SAFARI_DOCS = 'check.md#safari-durability-of-server-set-cookies';

/**
 * How long Safari keeps what the server container sets (the ID Keeper's `RoktTransactionId`); see durability.ts.
 * A cap fails only when the ID Keeper was seen setting the cookie: without it the cap costs nothing yet, and is told.
 */
function safariStep(seen: Observation): Step {
  const setUp = seen.serving;
  if (!setUp) return skip('safari', SAFARI_TITLE, 'not checked: no GA4 hit reached a server container');
  const { lifetime, reason } = safariDurability(setUp);
  const keeper = seen.hits.some((hit) => hit.setsIdCookie && hostOf(hit.url) === setUp.serverHost);
  const idCookie = keeper
    ? "the ID Keeper's RoktTransactionId cookie (set in this run)"
    : "an ID Keeper's RoktTransactionId cookie (none was set in this run)";
  if (lifetime === 'full')
    return pass('safari', SAFARI_TITLE, `full lifetime: ${reason}; ${idCookie} keeps its whole window`);
  if (lifetime === 'unknown') {
    return skip(
      'safari',
      SAFARI_TITLE,
      `not checked: ${reason}; this check needs DNS (--dns-server picks the DNS server)`,
    );
  }
  const verdict =
    lifetime === 'seven-days'
      ? `capped at 7 days: ${reason}; ${idCookie} lives 7 days in Safari, not its whole window`
      : `not kept: ${reason}; Safari blocks ${idCookie}`;
  if (!keeper) return skip('safari', SAFARI_TITLE, `${verdict} (docs/${SAFARI_DOCS})`);
  return fail(
    'safari',
    SAFARI_TITLE,
    verdict,
    "serve the server container from the site's own origin (a path routed by your CDN or load balancer), or from a subdomain with an A/AAAA record in the site's address range, not a CNAME",
    SAFARI_DOCS,
  );
}

/** Every step after the landing page, for the "did not load" answer. */
const LATER_STEPS: [string, string][] = [
  ['bundle', 'Bundle present'],
  ['loaded-once', 'Bundle loaded once'],
  ['consent', 'Consent, as the bundle sees it'],
  ['identity', 'rokt_identity pushed with the test ID'],
  ['cookie', 'RoktTransactionId cookie'],
  ['local-storage', 'localStorage copy'],
  ['conversion', 'Conversion'],
  ['safari', SAFARI_TITLE],
];

function loaded(id: string, title: string, navigation: Navigation | undefined): Step {
  if (navigation === undefined || 'error' in navigation) {
    const why = navigation === undefined ? 'not opened' : navigation.error;
    return fail(
      id,
      title,
      why,
      'check the URL; for a staging host without public DNS pass --host-resolver-rules',
      'page-does-not-load',
    );
  }
  if (navigation.status >= 400) {
    return fail(
      id,
      title,
      `HTTP ${navigation.status}`,
      'check the URL and that the page is deployed',
      'page-does-not-load',
    );
  }
  return pass(id, title, `HTTP ${navigation.status}`);
}

function landingSteps(seen: Observation): Step[] {
  const page = seen.page!;
  const steps: Step[] = [];
  if (page.templates) {
    steps.push(
      pass(
        'bundle',
        'Bundle present',
        'no bundle: the GTM web templates run instead (no window.roktBridge; the Rokt Capture tag pushed rokt_identity)',
      ),
    );
    steps.push(skip('loaded-once', 'Bundle loaded once', 'not applicable: GTM runs the web templates'));
  } else if (!page.present) {
    steps.push(bundleMissing(page));
    return [...steps, ...LATER_STEPS.slice(1, 6).map(([id, title]) => skip(id, title, 'not checked: no bundle'))];
  } else {
    steps.push(pass('bundle', 'Bundle present', page.version ? `version ${page.version}` : 'version unknown'));
    steps.push(
      seen.bundleCopies >= 2
        ? fail(
            'loaded-once',
            'Bundle loaded once',
            `${seen.bundleCopies} copies ran (only the first one works)`,
            'keep one install: the script tag or the GTM Custom HTML tag, fired once',
            'loaded-twice',
          )
        : seen.bundleCopies === 1
          ? pass('loaded-once', 'Bundle loaded once')
          : skip('loaded-once', 'Bundle loaded once', 'could not tell: no classic script holding the bundle was seen'),
    );
  }
  if (seen.consentClick) {
    steps.push(
      seen.consentClick.clicked
        ? pass('consent-click', 'Consent banner accepted (--accept-consent)')
        : fail(
            'consent-click',
            'Consent banner accepted (--accept-consent)',
            seen.consentClick.error,
            'give the CSS selector of the button that accepts cookies',
            'consent-denied',
          ),
    );
  }
  const captured = page.memory.rtid === seen.testId;
  const storedCookie = seen.cookies.some((cookie) => cookie.value === seen.testId);
  const stored = storedCookie || page.localStorageId === seen.testId;
  const consentSources = [
    `roktBridgeConfig.consent: ${page.configuredConsent === undefined ? 'auto (default)' : String(page.configuredConsent)}`,
    `Consent Mode ad_storage: ${page.consentCommands.length ? page.consentCommands.join(', then ') : 'no command'}`,
  ].join('; ');
  steps.push(
    !captured
      ? skip('consent', 'Consent, as the bundle sees it', `unknown: the test ID was not captured (${consentSources})`)
      : stored
        ? pass('consent', 'Consent, as the bundle sees it', `granted: the test ID is stored (${consentSources})`)
        : fail(
            'consent',
            'Consent, as the bundle sees it',
            `denied: the test ID is held in memory only (${consentSources})`,
            'grant ad_storage when the visitor accepts (Consent Mode update or roktBridge.consent("granted")); pass --accept-consent <selector>',
            'consent-denied',
          ),
  );
  steps.push(identityStep(seen));
  steps.push(cookieStep(seen, captured && !stored));
  const storageTitle = 'localStorage copy';
  steps.push(
    page.localStorageId === seen.testId
      ? pass('local-storage', storageTitle, 'RoktTransactionId holds the test ID')
      : captured && !stored
        ? skip('local-storage', storageTitle, 'nothing stored without consent')
        : fail(
            'local-storage',
            storageTitle,
            page.localStorageId === null ? 'RoktTransactionId missing' : 'RoktTransactionId holds another ID',
            'make sure nothing on the page clears localStorage or blocks the bundle from storing',
            'no-localstorage-copy',
          ),
  );
  return steps;
}

/** Why `window.roktBridge` is not the bundle, and what to do about it. */
function bundleMissing(page: PageState): Step {
  const title = 'Bundle present';
  if (page.found === 'other') {
    return fail(
      'bundle',
      title,
      `window.roktBridge is not this bundle (${(page.mismatches ?? []).join('; ')})`,
      'remove the other script that sets window.roktBridge (an old integration or a stub): the bundle leaves an existing one alone',
      'no-bundle',
    );
  }
  return fail(
    'bundle',
    title,
    page.found === 'queue'
      ? 'window.roktBridge holds queued calls, but the bundle never ran'
      : 'window.roktBridge not found on the landing page',
    'load the bundle on every landing page (script tag or GTM Custom HTML tag)',
    'no-bundle',
  );
}

function identityStep(seen: Observation): Step {
  const page = seen.page!;
  const withEmail = seen.emailSha256 !== undefined;
  const title = `rokt_identity pushed with the test ID${withEmail ? ' and the email hash' : ''}`;
  const idPushed = page.identityPushes.some((push) => push.rtid === seen.testId);
  const hashPushed = !withEmail || page.identityPushes.some((push) => push.emailsha256 === seen.emailSha256);
  if (idPushed && hashPushed) return pass('identity', title);
  if (!idPushed) {
    return fail(
      'identity',
      title,
      page.memory.rtid === seen.testId
        ? 'the bundle holds the test ID but pushed no rokt_identity with it'
        : 'the bundle did not capture the test ID from ?rtid',
      'check roktBridgeConfig.idParams and dataLayerName, and that nothing strips the query before the bundle runs',
      'no-capture',
    );
  }
  return fail(
    'identity',
    title,
    seen.emailAccepted === false
      ? 'roktBridge.setEmail refused the address'
      : 'no rokt_identity carried the email hash',
    'give --email a valid address; check that the page passes the shopper email to roktBridge.setEmail',
    'no-capture',
  );
}

function describeCookie(cookie: SeenCookie): string {
  const scope = cookie.domain.startsWith('.') ? `domain ${cookie.domain}` : `host-only ${cookie.domain}`;
  const expiry =
    cookie.expires < 0
      ? 'session cookie (no expiry)'
      : `expires ${new Date(cookie.expires * 1000).toISOString().slice(0, 10)} (in ${Math.round((cookie.expires * 1000 - Date.now()) / 864e5)} days)`;
  return `${scope}, SameSite=${cookie.sameSite}, ${cookie.secure ? 'Secure' : 'not Secure'}, ${expiry}`;
}

function cookieStep(seen: Observation, heldForConsent: boolean): Step {
  const title = 'RoktTransactionId cookie';
  const cookie = seen.cookies.find((candidate) => candidate.value === seen.testId);
  if (!cookie) {
    if (heldForConsent) return skip('cookie', title, 'nothing stored without consent');
    return fail(
      'cookie',
      title,
      seen.cookies.length ? 'the cookie holds another ID' : 'no RoktTransactionId cookie',
      'check that cookies are not blocked on the landing page and that nothing deletes RoktTransactionId',
      'host-only-cookie',
    );
  }
  const detail = describeCookie(cookie);
  const widest = seen.registrableDomain;
  const scope = cookie.domain.replace(/^\./, '');
  if (widest === null || (cookie.domain.startsWith('.') && scope === widest)) {
    return pass('cookie', title, `${detail}${widest ? `: every subdomain of ${widest} reads it` : ''}`);
  }
  return fail(
    'cookie',
    title,
    `${detail}: only ${scope} reads it, not the other subdomains of ${widest}`,
    `leave roktBridgeConfig.cookieDomain empty (or set it to ${widest})`,
    'host-only-cookie',
  );
}

function conversionSteps(seen: Observation): Step[] {
  const conversion = seen.conversion;
  if (!conversion) {
    return [skip('conversion', 'Conversion', 'none made: pass --conversion-url or --push-conversion to send one')];
  }
  const steps: Step[] = [];
  if (conversion.how === 'url') {
    steps.push(loaded('conversion-page', 'Conversion page loads', conversion.navigation));
    if (steps[0].status === 'fail') return steps;
    const host = conversion.carriedHost ?? '';
    steps.push(
      conversion.carriedId === seen.testId
        ? pass('carried', `Test ID known on ${host}`)
        : fail(
            'carried',
            `Test ID known on ${host}`,
            conversion.carriedId ? 'the bundle there holds another ID' : 'the bundle there does not know the test ID',
            'load the bundle on the conversion page too, and keep the cookie on the registrable domain',
            'host-only-cookie',
          ),
    );
  }
  const matching = seen.hits.filter(
    (hit) => hit.afterConversion && hit.events.some((data) => data.event_name === conversion.event),
  );
  const hitTitle = `GA4 hit with ${conversion.event}`;
  if (matching.length === 0) {
    const others = [...new Set(seen.hits.filter((hit) => hit.afterConversion).flatMap(eventNames))];
    steps.push(
      fail(
        'ga4-hit',
        hitTitle,
        `none seen on the network${others.length ? ` (GA4 events seen: ${others.join(', ')})` : ''}`,
        `fire a GA4 event tag named ${conversion.event} on the conversion (trigger on the dataLayer event)`,
        'no-conversion-hit',
      ),
    );
    return steps;
  }
  // The hit the server container got, when one did; a copy sent straight to Google (a second GA4 tag) is named.
  const toServer = matching.filter((candidate) => !isGoogleHost(hostOf(candidate.url)));
  const hit = toServer[0] ?? matching[0];
  const data = hit.events.find((event) => event.event_name === conversion.event) as EventData;
  const endpoint = new URL(hit.url);
  const origin = `${endpoint.origin}${endpoint.pathname}`;
  steps.push(pass('ga4-hit', hitTitle, `${matching.length} request${matching.length > 1 ? 's' : ''} to ${origin}`));
  const toGoogle = toServer.length === 0;
  const googleHosts = [...new Set(matching.map((candidate) => hostOf(candidate.url)).filter(isGoogleHost))];
  steps.push(
    toGoogle
      ? fail(
          'endpoint',
          'Sent to a server container',
          `not a server container: sent to Google Analytics directly (${googleHosts.join(', ')}), so the server container never sees it`,
          'set the server container URL in the Google tag (server_container_url / "Send to server container")',
          'hits-to-google',
        )
      : pass(
          'endpoint',
          'Sent to a server container',
          `${endpoint.origin}${googleHosts.length ? ` (a copy also went to Google directly: ${googleHosts.join(', ')})` : ''}`,
        ),
  );
  steps.push(parameterStep('rtid', data.rtid, seen.testId, 'the test ID'));
  steps.push(
    seen.emailSha256 === undefined
      ? skip('emailsha256', 'ep.emailsha256 equals the hash of --email', 'not checked: pass --email')
      : parameterStep('emailsha256', data.emailsha256, seen.emailSha256, 'the hash of --email'),
  );
  steps.push(statusStep(hit, toGoogle));
  return steps;
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

function eventNames(hit: Ga4Hit): string[] {
  return hit.events.map((event) => String(event.event_name));
}

function parameterStep(name: string, actual: unknown, expected: string, what: string): Step {
  const title = `ep.${name} equals ${what}`;
  if (actual === expected) return pass(name, title);
  return fail(
    name,
    title,
    actual === undefined ? `the hit has no ep.${name}` : `ep.${name} is "${String(actual)}"`,
    actual === undefined
      ? `add the event parameter ${name} to the GA4 event tag (value: a Data Layer Variable "${name}")`
      : `the GA4 event tag's ${name} parameter must read the Data Layer Variable "${name}", nothing else`,
    'missing-parameters',
  );
}

function statusStep(hit: Ga4Hit, toGoogle: boolean): Step {
  const title = 'Server container answered';
  if (toGoogle) return skip('server-status', title, 'not applicable: the hit went to Google');
  if (hit.status !== undefined && hit.status >= 200 && hit.status < 300) {
    return pass('server-status', title, `HTTP ${hit.status}`);
  }
  return fail(
    'server-status',
    title,
    hit.status !== undefined ? `HTTP ${hit.status}` : (hit.failure ?? 'no answer before the timeout'),
    'check that the server container is up at that URL and has a GA4 client claiming /g/collect',
    'server-no-event',
  );
}
