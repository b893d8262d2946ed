import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiCall,
  type HttpRequestRecord,
  type HttpResponse,
  loadTpl,
  type RunResult,
  runTemplate,
  runTemplateTests,
  type ScenarioResult,
  type Tpl,
} from 'gtm-template-runner';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventApiRequest } from '../../src/formats/rokt-event-api';
import { assembleTemplate } from '../../src/sgtm/assemble.mjs';

/**
 * Assembles a server template from its sources (src/sgtm/<name>/ and the shared fragments) into a temporary file, as
 * the build does into dist/sgtm/, so the tests always run the sources of the working tree.
 */
function assembled(name: string): string {
  const path = join(ASSEMBLED_DIR, name);
  writeFileSync(path, assembleTemplate(name));
  return path;
}
const ASSEMBLED_DIR = mkdtempSync(join(tmpdir(), 'rokt-sgtm-templates-'));

/** Paths of the templates under test (the .tpl files are the source of truth). */
export const VARIABLE_TPL = assembled('rokt-identifier.tpl');
export const TAG_TPL = assembled('rokt-event-api.tpl');
export const KEEPER_TPL = assembled('rokt-id-keeper.tpl');

/**
 * A real event-data object made by the sGTM GA4 client, verbatim from a test fixture of the published
 * template taneli-salonen1/sgtm-bigquery-event-tag (https://github.com/taneli-salonen1/sgtm-bigquery-event-tag). Only the user agent was shortened at the source.
 */
export const CAPTURED_PAGE_VIEW: Readonly<Record<string, unknown>> = Object.freeze({
  'x-ga-protocol_version': '2',
  'x-ga-measurement_id': 'G-FBVKWPGDPE',
  'x-ga-gtm_version': '2re540',
  'x-ga-page_id': 1940542384,
  'x-ga-system_properties': { z: 'ccd.tbB', eu: 'Q' },
  'x-ga-mp2-tt': 'internal_cookie',
  client_id: 'ZDoa3Sn32zo3RN66kguVogdtbQB1xZr/EBDR9gylXKA=.1647778941',
  language: 'en',
  screen_resolution: '1536x960',
  'x-ga-mp2-ir': '1',
  'x-ga-request_count': 1,
  ga_session_id: '1652075867',
  ga_session_number: 18,
  'x-ga-mp2-seg': '1',
  page_location: 'https://tanelytics.com/ip-filtering-in-server-side-gtm/',
  page_referrer: 'https://tanelytics.com/?internalTraffic=1',
  page_title: 'IP Filtering in Server-side Tag Manager - tanelytics.com',
  event_name: 'page_view',
  engagement_time_msec: 1,
  page_type: 'post',
  page_post_id: 237.1,
  page_post_date: '2022-05-05',
  page_post_category: 'ga4,server-side-tag-manager',
  page_post_tags1: 'ga4,server-side-gtm',
  page_type2: 'single-post',
  custom_timestamp: 1652077511712,
  'x-ga-mp2-user_properties': { _npa: '1' },
  'x-ga-mp2-richsstsse': '',
  ip_override: '80.221.59.110',
  user_agent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) ...',
  'x-ga-js_client_id': '2024456455.1647778941',
});

export const ROKT_ID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
/** SHA-256 hex of someone@example.com. */
export const EMAIL_SHA256 = '72497f475e4f76d0b28f57c73a084ece576d170874eba3ee2609d9afe4b71aab';
export const PUBLIC_KEY = 'rpub-12345-a';
export const SECRET_KEY = 'rsec-67890-b';
export const ACCOUNT_ID = '3051387316918867566';
/** The conversion ID of {@link purchaseEvent}: the first 36 hex characters of SHA-256('purchase|T-1001'). */
export const CONVERSION_ID = '03c99c48b28d4323d69c305b9297362cadc7';
/** 2026-03-14T09:26:53.589Z */
export const NOW = 1773480413589;

/**
 * The captured hit turned into a purchase as our browser bundle would send it: the GA4 tag's recommended
 * e-commerce parameters plus `ep.rtid` / `ep.emailsha256`, the Consent Mode state, and the email that GTM's
 * User-Provided Data puts in `user_data.email` (the key seen in practice, §4.2).
 */
export function purchaseEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...structuredClone(CAPTURED_PAGE_VIEW),
    page_location: `https://tanelytics.com/checkout/thank-you?order=T-1001`,
    event_name: 'purchase',
    transaction_id: 'T-1001',
    value: 129.9,
    currency: 'EUR',
    coupon: 'SPRING10',
    items: [{ item_id: 'SKU-1', item_name: 'Tent', price: 129.9, quantity: 1 }],
    'x-ga-gcs': 'G111',
    rtid: ROKT_ID,
    emailsha256: EMAIL_SHA256,
    user_data: { email: 'someone@example.com', _tag_mode: 'MANUAL' },
    ...overrides,
  };
}

/**
 * GTM wants exactly one of gtmOnSuccess / gtmOnFailure per run: the runner records the first as `outcome` and notes
 * any later call in a `[runner] gtmOn…` log line.
 */
export function expectExactlyOneOutcome(run: { outcome: string; logs: string[] }): void {
  expect(run.outcome).not.toBe('none');
  expect(run.logs.filter((line) => line.startsWith('[runner] gtmOn'))).toEqual([]);
}

/** Tag fields as an advertiser fills them in: Event API mode, defaults elsewhere. */
export function tagFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    accountId: ACCOUNT_ID,
    apiMode: 'eventApi',
    publicKey: PUBLIC_KEY,
    secretKey: SECRET_KEY,
    conversionType: '',
    conversionTypeMap: [],
    identifierPolicy: 'both',
    sendRawEmail: false,
    roktIdKeys: 'rtid,rclid,passbackconversiontrackingid',
    objectDataRows: [],
    consentMode: 'respect',
    dryRun: false,
    // The runner is neither in debug nor in preview mode: 'always' lets tests read the log lines.
    logType: 'always',
    ...overrides,
  };
}

/** A request a scenario made through `sendHttpRequest` (mocked or not) or logged as a dry run. */
export interface ScenarioRequest extends EventApiRequest {
  /** True for a request the tag only logged (dry run): its headers are the ones the tag would have sent. */
  dryRun: boolean;
}

/** Checks one request of a scenario against a contract: the rules it breaks, none when it is fine. */
export type ScenarioRequestCheck = (request: ScenarioRequest) => string[];

const DRY_RUN_LINE = /dry run, not sent: (GET|POST) (\S+)(?: (\{.*\}))?$/;

/** The requests of one scenario: its `sendHttpRequest` calls, then its dry-run log lines. */
function requestsOf(calls: readonly ApiCall[]): ScenarioRequest[] {
  const out: ScenarioRequest[] = [];
  for (const call of calls) {
    if (call.name === 'sendHttpRequest') {
      const [url, options, body] = call.args as [
        string,
        { method?: string; headers?: Record<string, string> },
        unknown,
      ];
      const method = options?.method ?? 'GET';
      out.push({
        method,
        url,
        headers: { ...options?.headers },
        body: typeof body === 'string' ? body : '',
        dryRun: false,
      });
    }
    const dry = call.name === 'logToConsole' ? DRY_RUN_LINE.exec(String(call.args[0])) : null;
    if (dry) out.push({ method: dry[1]!, url: dry[2]!, headers: {}, body: dry[3] ?? '', dryRun: true });
  }
  return out;
}

/**
 * One vitest test per ___TESTS___ scenario of `tpl`, run through the offline runner once for the whole block. With
 * `checkRequest`, every request of every scenario (sent or logged as a dry run) must also pass it, and the scenarios
 * together must make at least one request, so the check cannot pass by seeing nothing.
 */
export function describeScenarios(title: string, tpl: Tpl, checkRequest?: ScenarioRequestCheck): void {
  describe(title, () => {
    let results: ScenarioResult[] = [];
    const requests = new Map<string, ScenarioRequest[]>();
    beforeAll(async () => {
      results = await runTemplateTests(tpl, {
        onScenarioCalls: (name, calls) => requests.set(name, requestsOf(calls)),
      });
    });
    it.each(tpl.tests?.scenarios.map((s) => s.name) ?? [])('%s', (name) => {
      const result = results.find((r) => r.name === name);
      expect(result, 'scenario was not run').toBeDefined();
      expect(result?.error ?? '').toBe('');
      expect(result?.passed).toBe(true);
      if (checkRequest) {
        const verdicts = (requests.get(name) ?? []).map((req) => ({ url: req.url, broken: checkRequest(req) }));
        expect(verdicts.filter((v) => v.broken.length > 0)).toEqual([]);
      }
    });
    if (checkRequest)
      it('the contract check saw requests', () => {
        expect([...requests.values()].flat().length).toBeGreaterThan(0);
      });
  });
}

/** A POST to Rokt's Event API with the documented headers and Basic auth from the key pair, as the tag sends it. */
export function eventApiRequest(
  body: string,
  publicKey: string,
  secretKey: string,
  headers: Record<string, string> = {},
): EventApiRequest {
  return {
    method: 'POST',
    url: 'https://api.rokt.com/v2/events',
    headers: {
      'Content-Type': 'application/json',
      Charset: 'utf-8',
      'Rokt-Version': '2020-05-21',
      Authorization: `Basic ${Buffer.from(`${publicKey}:${secretKey}`).toString('base64')}`,
      ...headers,
    },
    body,
  };
}

/** A run of the Rokt tag with the strict checker's verdict on each request it made. */
export interface CheckedRun extends RunResult {
  /** Checker verdicts, one list per request made. */
  violations: string[][];
}

/** What one tag run is checked with: the checker of its API's requests, and the secrets no log line may carry. */
export interface TagCheck {
  check: (request: HttpRequestRecord & { body: string }) => string[];
  secrets: string[];
}

/**
 * Runs the Rokt tag once with `data`. `answers` are what Rokt says to each request in turn ('fail' = a failed
 * connection); every request goes through `check.check`, exactly one outcome is reported, and no log line carries a
 * secret, its Basic credentials or an Authorization header.
 */
export async function fireTag(
  data: Record<string, unknown>,
  check: TagCheck,
  eventData: Record<string, unknown>,
  answers: (HttpResponse | 'fail')[],
  cookies: Record<string, string> = {},
): Promise<CheckedRun> {
  let calls = 0;
  const fetch = async (_req: HttpRequestRecord): Promise<HttpResponse> => {
    const answer = answers[Math.min(calls++, answers.length - 1)]!;
    if (answer === 'fail') throw new Error('ECONNRESET');
    return answer;
  };
  const result = await runTemplate(loadTpl(TAG_TPL), { data, eventData, cookies, fetch, now: NOW });
  const violations = result.requests.map((req) => check.check({ ...req, body: req.body ?? '' }));
  expectExactlyOneOutcome(result);
  const logText = result.logs.join('\n');
  for (const secret of check.secrets) expect(logText).not.toContain(secret);
  expect(logText).not.toMatch(/Basic\s/);
  return { ...result, violations };
}
