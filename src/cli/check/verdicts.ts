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

/** A step's verdict: everything of the {@link Step} but its id and title, which the table holds. */
export type Verdict = Omit<Step, 'id' | 'title'>;

/** A judge's answer for a step this visit has nothing to say about: the step is left out of the checklist. */
const NOT_APPLICABLE = null;

/**
 * What a step needs from the visit before it can be judged: the landing page `read` (loaded, and its state read),
 * a `bundle` (or the web templates) on it, a `conversion` made, its `conversion-page` loaded (a pushed conversion has
 * none), a GA4 `hit` with the conversion's event. Needs nest (`after`): the bundle is looked for on a page that was read.
 */
export type Need = 'read' | 'bundle' | 'conversion' | 'conversion-page' | 'hit';

/**
 * How a {@link Need} is met, and how the checklist tells that it was not: each step needing it says
 * `– not checked: <why>`, or, when a step of its own (`toldBy`) already reports it, they are left out (a failed GA4 hit
 * step says there is no hit; four "not checked: no hit" lines would add nothing).
 */
export type NeedRule = { after?: Need; met: (seen: Observation) => boolean } & (
  | { why: (seen: Observation) => string; toldBy?: never }
  | { toldBy: string; why?: never }
);

/**
 * One step of the checklist, declared once: {@link CHECKLIST} lists them in the order a visit happens, and
 * {@link verdicts} reads every step's line from it, judged or "not checked".
 */
export interface StepSpec {
  id: string;
  /** The line's title; a function where it names something of this visit (the event, the host). */
  title: string | ((seen: Observation) => string);
  /** What must have been seen to judge it (see {@link Need}); none: it is always judged. */
  needs?: Need;
  /**
   * Only some visits have it (an option given, a conversion page, a run stopped short): its judge may answer
   * {@link NOT_APPLICABLE}, and when its needs are not met it is left out, not listed as "not checked".
   */
  optional?: true;
  /** The verdict, called only once `needs` is met; {@link NOT_APPLICABLE} leaves the step out of this checklist. */
  judge: (seen: Observation) => Verdict | typeof NOT_APPLICABLE;
}

/**
 * The checklist, in the order a visit happens. Every step is declared here once; the "not checked" lines of a visit
 * that stopped short (the landing page did not load, no bundle) come from `needs`, not from lists of their own.
 */
export const CHECKLIST: readonly StepSpec[] = [
  { id: 'landing', title: 'Landing page loads', judge: (seen) => loaded(seen.landing) },
  { id: 'bundle', title: 'Bundle present', needs: 'read', judge: bundleVerdict },
  { id: 'loaded-once', title: 'Bundle loaded once', needs: 'bundle', judge: loadedOnceVerdict },
  {
    id: 'consent-click',
    title: 'Consent banner accepted (--accept-consent)',
    // The click is the site's banner, not the bundle's: it is told on a page without the bundle too.
    needs: 'read',
    optional: true,
    judge: consentClickVerdict,
  },
  { id: 'consent', title: 'Consent, as the bundle sees it', needs: 'bundle', judge: consentVerdict },
  {
    id: 'identity',
    title: (seen) =>
      `rokt_identity pushed with the test ID${seen.emailSha256 !== undefined ? ' and the email hash' : ''}`,
    needs: 'bundle',
    judge: identityVerdict,
  },
  { id: 'cookie', title: 'RoktTransactionId cookie', needs: 'bundle', judge: cookieVerdict },
  { id: 'local-storage', title: 'localStorage copy', needs: 'bundle', judge: localStorageVerdict },
  {
    id: 'conversion',
    title: 'Conversion',
    needs: 'read',
    // It stands for the conversion's steps when there are none to judge; once a conversion is made they speak.
    judge: (seen) =>
      seen.conversion ? NOT_APPLICABLE : skip('none made: pass --conversion-url or --push-conversion to send one'),
  },
  {
    id: 'conversion-page',
    title: 'Conversion page loads',
    needs: 'conversion',
    optional: true,
    judge: (seen) => (seen.conversion?.how === 'url' ? loaded(seen.conversion.navigation) : NOT_APPLICABLE),
  },
  {
    id: 'carried',
    title: (seen) => `Test ID known on ${seen.conversion?.carriedHost ?? ''}`,
    needs: 'conversion-page',
    optional: true,
    judge: carriedVerdict,
  },
  {
    id: 'ga4-hit',
    title: (seen) => `GA4 hit with ${seen.conversion?.event}`,
    needs: 'conversion-page',
    judge: hitVerdict,
  },
  { id: 'endpoint', title: 'Sent to a server container', needs: 'hit', judge: endpointVerdict },
  {
    id: 'rtid',
    title: 'ep.rtid equals the test ID',
    needs: 'hit',
    judge: (seen) => parameterVerdict('rtid', conversionHit(seen).data.rtid, seen.testId),
  },
  {
    id: 'emailsha256',
    title: 'ep.emailsha256 equals the hash of --email',
    needs: 'hit',
    judge: (seen) =>
      seen.emailSha256 === undefined
        ? skip('not checked: pass --email')
        : parameterVerdict('emailsha256', conversionHit(seen).data.emailsha256, seen.emailSha256),
  },
  { id: 'server-status', title: 'Server container answered', needs: 'hit', judge: serverStatusVerdict },
  { id: 'safari', title: "Safari keeps the server container's cookies", needs: 'read', judge: safariVerdict },
  // Last: what came before it stands, and this says where the run stopped.
  {
    id: 'time',
    title: 'Finished within --timeout',
    optional: true,
    judge: (seen) => (seen.stopped ? outOfTime(seen.stopped) : NOT_APPLICABLE),
  },
];

/** The rules of each {@link Need}. */
export const NEEDS: Readonly<Record<Need, NeedRule>> = {
  read: { met: (seen) => pageRead(seen), why: whyNotRead },
  bundle: { after: 'read', met: (seen) => Boolean(seen.page?.present || seen.page?.templates), why: () => 'no bundle' },
  conversion: { after: 'read', met: (seen) => seen.conversion !== undefined, toldBy: 'conversion' },
  'conversion-page': {
    after: 'conversion',
    met: (seen) => seen.conversion?.how === 'push' || pageLoaded(seen.conversion?.navigation),
    toldBy: 'conversion-page',
  },
  hit: { after: 'conversion-page', met: (seen) => conversionHits(seen).length > 0, toldBy: 'ga4-hit' },
};

/** The checklist for what was observed, in the order a visit happens. */
export function verdicts(seen: Observation): Step[] {
  return CHECKLIST.flatMap((spec) => {
    const verdict = verdictOf(spec, seen);
    if (verdict === NOT_APPLICABLE) return [];
    return [{ id: spec.id, title: typeof spec.title === 'string' ? spec.title : spec.title(seen), ...verdict }];
  });
}

/** A step's verdict, or why it could not be judged, or nothing when another step tells that already. */
function verdictOf(spec: StepSpec, seen: Observation): Verdict | typeof NOT_APPLICABLE {
  const unmet = spec.needs && firstUnmet(spec.needs, seen);
  if (!unmet) return spec.judge(seen);
  const why = NEEDS[unmet].why;
  // A chain with a step of its own is told by that step (its `why` is then absent too).
  if (spec.optional || toldByAStep(spec.needs) || !why) return NOT_APPLICABLE;
  return skip(`not checked: ${why(seen)}`);
}

/** The first need of the chain ending in `need` that the visit did not meet, outermost first. */
function firstUnmet(need: Need, seen: Observation): Need | undefined {
  const rule = NEEDS[need];
  return (rule.after && firstUnmet(rule.after, seen)) || (rule.met(seen) ? undefined : need);
}

/** Whether a step of its own reports some need of the chain ending in `need` (the step then stands for it). */
function toldByAStep(need: Need | undefined): boolean {
  return need !== undefined && (NEEDS[need].toldBy !== undefined || toldByAStep(NEEDS[need].after));
}

const pass = (detail?: string): Verdict => ({ status: 'pass', detail });
const skip = (detail: string): Verdict => ({ status: 'skip', detail });
const fail = (detail: string, fix: string, anchor: string): Verdict => ({ status: 'fail', detail, fix, anchor });

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

function pageLoaded(navigation: Navigation | undefined): boolean {
  return navigation !== undefined && !('error' in navigation) && navigation.status < 400;
}

function pageRead(seen: Observation): boolean {
  return pageLoaded(seen.landing) && seen.page !== undefined;
}

function whyNotRead(seen: Observation): string {
  if (!pageLoaded(seen.landing)) return 'the landing page did not load';
  if (seen.stopped) return 'the check ran out of time first';
  return `the landing page could not be read (${seen.pageErrors?.join('; ') ?? 'no answer'})`;
}

function loaded(navigation: Navigation | undefined): Verdict {
  if (navigation === undefined || 'error' in navigation) {
    return fail(
      navigation === undefined ? 'not opened' : navigation.error,
      'check the URL; for a staging host without public DNS pass --host-resolver-rules',
      'page-does-not-load',
    );
  }
  if (navigation.status >= 400) {
    return fail(`HTTP ${navigation.status}`, 'check the URL and that the page is deployed', 'page-does-not-load');
  }
  return pass(`HTTP ${navigation.status}`);
}

/** The run was stopped by `--timeout`: what it was doing says where the page got stuck. */
function outOfTime(stopped: NonNullable<Observation['stopped']>): Verdict {
  return fail(
    `stopped after ${stopped.afterSeconds} s while ${stopped.during}: the page kept the browser busy (a script that never ends?) or did not answer`,
    'make the page finish loading and stay responsive, or give --timeout more seconds',
    'page-does-not-load',
  );
}

function bundleVerdict(seen: Observation): Verdict {
  const page = seen.page as PageState;
  if (page.templates) {
    return pass(
      'no bundle: the GTM web templates run instead (no window.roktBridge; the Rokt Capture tag pushed rokt_identity)',
    );
  }
  if (!page.present) return bundleMissing(page);
  return pass(page.version ? `version ${page.version}` : 'version unknown');
}

/** Why `window.roktBridge` is not the bundle, and what to do about it. */
function bundleMissing(page: PageState): Verdict {
  if (page.found === 'other') {
    return fail(
      `window.roktBridge is not this bundle (${(page.mismatches ?? []).join('; ')})`,
      'remove the other script that sets window.roktBridge (an old integration or a stub): the bundle leaves an existing one alone',
      'no-bundle',
    );
  }
  return fail(
    page.found === 'queue'
      ? 'window.roktBridge holds queued calls, but the bundle never ran'
      : 'window.roktBridge not found on the landing page',
    'load the bundle on every landing page (script tag or GTM Custom HTML tag)',
    'no-bundle',
  );
}

function loadedOnceVerdict(seen: Observation): Verdict {
  if (seen.page?.templates) return skip('not applicable: GTM runs the web templates');
  if (seen.bundleCopies >= 2) {
    return fail(
      `${seen.bundleCopies} copies ran (only the first one works)`,
      'keep one install: the script tag or the GTM Custom HTML tag, fired once',
      'loaded-twice',
    );
  }
  if (seen.bundleCopies === 1) return pass();
  return skip('could not tell: no classic script holding the bundle was seen');
}

function consentClickVerdict(seen: Observation): Verdict | typeof NOT_APPLICABLE {
  const click = seen.consentClick;
  if (!click) return NOT_APPLICABLE;
  if (click.clicked) return pass();
  return fail(click.error, 'give the CSS selector of the button that accepts cookies', 'consent-denied');
}

/** The bundle captured the test ID but stored it nowhere: consent was denied, so the storage steps do not fail too. */
function heldForConsent(seen: Observation): boolean {
  const page = seen.page as PageState;
  const stored = seen.cookies.some((cookie) => cookie.value === seen.testId) || page.localStorageId === seen.testId;
  return page.memory.rtid === seen.testId && !stored;
}

function consentVerdict(seen: Observation): Verdict {
  const page = seen.page as PageState;
  const sources = [
    `roktBridgeConfig.consent: ${page.configuredConsent === undefined ? 'auto (default)' : String(page.configuredConsent)}`,
    `Consent Mode ad_storage: ${page.consentCommands.length ? page.consentCommands.join(', then ') : 'no command'}`,
  ].join('; ');
  if (page.memory.rtid !== seen.testId) return skip(`unknown: the test ID was not captured (${sources})`);
  if (!heldForConsent(seen)) return pass(`granted: the test ID is stored (${sources})`);
  return fail(
    `denied: the test ID is held in memory only (${sources})`,
    'grant ad_storage when the visitor accepts (Consent Mode update or roktBridge.consent("granted")); pass --accept-consent <selector>',
    'consent-denied',
  );
}

function identityVerdict(seen: Observation): Verdict {
  const page = seen.page as PageState;
  const idPushed = page.identityPushes.some((push) => push.rtid === seen.testId);
  const hashPushed =
    seen.emailSha256 === undefined || page.identityPushes.some((push) => push.emailsha256 === seen.emailSha256);
  if (idPushed && hashPushed) return pass();
  if (!idPushed) {
    return fail(
      page.memory.rtid === seen.testId
        ? 'the bundle holds the test ID but pushed no rokt_identity with it'
        : 'the bundle did not capture the test ID from ?rtid',
      'check roktBridgeConfig.idParams and dataLayerName, and that nothing strips the query before the bundle runs',
      'no-capture',
    );
  }
  return fail(
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

function cookieVerdict(seen: Observation): Verdict {
  const cookie = seen.cookies.find((candidate) => candidate.value === seen.testId);
  if (!cookie) {
    if (heldForConsent(seen)) return skip('nothing stored without consent');
    return fail(
      seen.cookies.length ? 'the cookie holds another ID' : 'no RoktTransactionId cookie',
      'check that cookies are not blocked on the landing page and that nothing deletes RoktTransactionId',
      'host-only-cookie',
    );
  }
  const detail = describeCookie(cookie);
  const widest = seen.registrableDomain;
  const scope = cookie.domain.replace(/^\./, '');
  if (widest === null || (cookie.domain.startsWith('.') && scope === widest)) {
    return pass(`${detail}${widest ? `: every subdomain of ${widest} reads it` : ''}`);
  }
  return fail(
    `${detail}: only ${scope} reads it, not the other subdomains of ${widest}`,
    `leave roktBridgeConfig.cookieDomain empty (or set it to ${widest})`,
    'host-only-cookie',
  );
}

function localStorageVerdict(seen: Observation): Verdict {
  const stored = (seen.page as PageState).localStorageId;
  if (stored === seen.testId) return pass('RoktTransactionId holds the test ID');
  if (heldForConsent(seen)) return skip('nothing stored without consent');
  return fail(
    stored === null ? 'RoktTransactionId missing' : 'RoktTransactionId holds another ID',
    'make sure nothing on the page clears localStorage or blocks the bundle from storing',
    'no-localstorage-copy',
  );
}

function carriedVerdict(seen: Observation): Verdict | typeof NOT_APPLICABLE {
  const conversion = seen.conversion;
  if (conversion?.how !== 'url') return NOT_APPLICABLE;
  if (conversion.carriedId === seen.testId) return pass();
  return fail(
    conversion.carriedId ? 'the bundle there holds another ID' : 'the bundle there does not know the test ID',
    'load the bundle on the conversion page too, and keep the cookie on the registrable domain',
    'host-only-cookie',
  );
}

/** The GA4 hits made after the conversion that carry its event. */
function conversionHits(seen: Observation): Ga4Hit[] {
  const event = seen.conversion?.event;
  return seen.hits.filter((hit) => hit.afterConversion && hit.events.some((data) => data.event_name === event));
}

/**
 * The conversion hit the server container got, when one did, else the first one (to Google), with the data of its
 * conversion event. A copy sent straight to Google (a second GA4 tag) is named by the endpoint step.
 */
function conversionHit(seen: Observation): { hit: Ga4Hit; data: EventData; toServer: boolean } {
  const matching = conversionHits(seen);
  const hit = matching.find((candidate) => !isGoogleHost(hostOf(candidate.url))) ?? matching[0];
  const data = hit.events.find((event) => event.event_name === seen.conversion?.event) as EventData;
  return { hit, data, toServer: !isGoogleHost(hostOf(hit.url)) };
}

function hitVerdict(seen: Observation): Verdict {
  const event = seen.conversion?.event;
  const matching = conversionHits(seen);
  if (matching.length === 0) {
    const others = [...new Set(seen.hits.filter((hit) => hit.afterConversion).flatMap(eventNames))];
    return fail(
      `none seen on the network${others.length ? ` (GA4 events seen: ${others.join(', ')})` : ''}`,
      `fire a GA4 event tag named ${event} on the conversion (trigger on the dataLayer event)`,
      'no-conversion-hit',
    );
  }
  const endpoint = new URL(conversionHit(seen).hit.url);
  const plural = matching.length > 1 ? 's' : '';
  return pass(`${matching.length} request${plural} to ${endpoint.origin}${endpoint.pathname}`);
}

function endpointVerdict(seen: Observation): Verdict {
  const { hit, toServer } = conversionHit(seen);
  const googleHosts = [
    ...new Set(
      conversionHits(seen)
        .map((candidate) => hostOf(candidate.url))
        .filter(isGoogleHost),
    ),
  ];
  if (!toServer) {
    return fail(
      `not a server container: sent to Google Analytics directly (${googleHosts.join(', ')}), so the server container never sees it`,
      'set the server container URL in the Google tag (server_container_url / "Send to server container")',
      'hits-to-google',
    );
  }
  const copies = googleHosts.length ? ` (a copy also went to Google directly: ${googleHosts.join(', ')})` : '';
  return pass(`${new URL(hit.url).origin}${copies}`);
}

function parameterVerdict(name: string, actual: unknown, expected: string): Verdict {
  if (actual === expected) return pass();
  return fail(
    actual === undefined ? `the hit has no ep.${name}` : `ep.${name} is "${String(actual)}"`,
    actual === undefined
      ? `add the event parameter ${name} to the GA4 event tag (value: a Data Layer Variable "${name}")`
      : `the GA4 event tag's ${name} parameter must read the Data Layer Variable "${name}", nothing else`,
    'missing-parameters',
  );
}

function serverStatusVerdict(seen: Observation): Verdict {
  const { hit, toServer } = conversionHit(seen);
  if (!toServer) return skip('not applicable: the hit went to Google');
  if (hit.status !== undefined && hit.status >= 200 && hit.status < 300) return pass(`HTTP ${hit.status}`);
  return fail(
    hit.status !== undefined ? `HTTP ${hit.status}` : (hit.failure ?? 'no answer before the timeout'),
    'check that the server container is up at that URL and has a GA4 client claiming /g/collect',
    'server-no-event',
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

/** Where the Safari verdict is explained, with the serving set-ups that keep cookies (docs/check.md). */
const SAFARI_DOCS = 'check.md#safari-durability-of-server-set-cookies';

/**
 * How long Safari keeps what the server container sets (the ID Keeper's `RoktTransactionId`); see durability.ts.
 * A cap fails only when the ID Keeper was seen setting the cookie: without it the cap costs nothing yet, and is told.
 */
function safariVerdict(seen: Observation): Verdict {
  const setUp = seen.serving;
  if (!setUp) return skip('not checked: no GA4 hit reached a server container');
  const { lifetime, reason } = safariDurability(setUp);
  const keeper = seen.hits.some((hit) => hit.setsIdCookie && hostOf(hit.url) === setUp.serverHost);
  const idCookie = keeper
    ? "the ID Keeper's RoktTransactionId cookie (set in this run)"
    : "an ID Keeper's RoktTransactionId cookie (none was set in this run)";
  if (lifetime === 'full') return pass(`full lifetime: ${reason}; ${idCookie} keeps its whole window`);
  if (lifetime === 'unknown') {
    return skip(`not checked: ${reason}; this check needs DNS (--dns-server picks the DNS server)`);
  }
  const verdict =
    lifetime === 'seven-days'
      ? `capped at 7 days: ${reason}; ${idCookie} lives 7 days in Safari, not its whole window`
      : `not kept: ${reason}; Safari blocks ${idCookie}`;
  if (!keeper) return skip(`${verdict} (docs/${SAFARI_DOCS})`);
  return fail(
    verdict,
    "serve the server container from the site's own origin (a path routed by your CDN or load balancer), or from a subdomain with an A/AAAA record in the site's address range, not a CNAME",
    SAFARI_DOCS,
  );
}

function hostOf(url: string): string {
  return new URL(url).hostname;
}

function eventNames(hit: Ga4Hit): string[] {
  return hit.events.map((event) => String(event.event_name));
}
