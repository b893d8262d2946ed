/**
 * A strict checker of what Rokt documents about the two conversion endpoints, used by the template tests and by the
 * local preview's Rokt stand-in. Every rule cites its source in docs/rokt-api.md (§ numbers below); rules marked
 * "ours" are the project's own promises (e.g. `source: sgtm`), checked here so that no request can silently drop them.
 * @packageDocumentation
 */
import { EMAIL_PATTERN, ROKT_ID_PATTERN, SHA256_HEX_PATTERN } from '../vocabulary/index.js';

/** The legacy Event API endpoint (rokt-api.md §1). */
const EVENT_API_URL = 'https://api.rokt.com/v2/events';
/** The PII-less Conversion Reporting endpoint (rokt-api.md §4). */
const CONVERSION_GET_URL = 'https://apps.rokt.com/api/conv';
/** The only API version we send; "Invalid value would yield 400 bad request" (rokt-api.md §1.1). */
const ROKT_API_VERSION = '2020-05-21';

/** An HTTP request as seen on the wire. Header names are matched case-insensitively. */
export interface EventApiRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Optional expectations that tighten the check. */
export interface CheckOptions {
  /** When given, the Basic credentials must carry exactly this public key. */
  publicKey?: string;
  /** When given, the Basic credentials must carry exactly this secret key. */
  secretKey?: string;
  /** When given (ms since epoch), eventTime must lie within 18 months before and 5 minutes after it (§1.2, v1 page). */
  now?: number;
}

/** Objectdata names that identify the customer; at least one is required (§1.3). */
const IDENTIFIER_NAMES = ['email', 'emailsha256', 'passbackconversiontrackingid'] as const;

/** The Rokt ID rule shared with the bundle and the templates. */
export const ROKT_ID = ROKT_ID_PATTERN;
/** An email SHA-256 as every layer of this project writes it: lowercase hex. */
export const HEX_SHA256 = SHA256_HEX_PATTERN;
/** A trimmed, lowercased email address as the templates normalise it. */
export const EMAIL = EMAIL_PATTERN;
// RFC 3339 in UTC (§1.2 "String, RFC 3339, UTC"): a literal Z, optional fractional seconds.
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?Z$/;
const MAX_VALUE_LENGTH = 65536;
const EIGHTEEN_MONTHS_MS = 548 * 24 * 3600 * 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;

/**
 * Checks one `POST https://api.rokt.com/v2/events` request against Rokt's documented constraints.
 * @returns the violated rules, one sentence each; an empty array means the request is valid.
 */
export function checkEventApiRequest(req: EventApiRequest, opts: CheckOptions = {}): string[] {
  const errors: string[] = [];
  if (req.method.toUpperCase() !== 'POST') errors.push(`method: must be POST, got ${req.method}`);
  if (req.url !== EVENT_API_URL) errors.push(`url: must be exactly ${EVENT_API_URL}, got ${req.url}`);
  errors.push(...checkHeaders(req.headers, opts));
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    errors.push('body: must be valid JSON');
    return errors;
  }
  errors.push(...checkBody(body, opts));
  return errors;
}

/**
 * Checks one PII-less `GET https://apps.rokt.com/api/conv?…` URL (rokt-api.md §4): `id` and a valid
 * `passbackconversiontrackingid` are required, `conversiontype` is optional, nothing else may be sent (no email in any
 * form), and no parameter may repeat.
 * @returns the violated rules; empty means valid.
 */
export function checkConversionGet(url: string): string[] {
  const errors: string[] = [];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['url: must be an absolute URL'];
  }
  const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (base !== CONVERSION_GET_URL) errors.push(`url: must start with ${CONVERSION_GET_URL}?, got ${base}`);
  if (parsed.hash) errors.push('url: must not carry a fragment');
  const allowed = ['id', 'passbackconversiontrackingid', 'conversiontype'];
  const names = [...parsed.searchParams.keys()];
  for (const name of new Set(names)) {
    if (!allowed.includes(name)) errors.push(`query: parameter "${name}" is not part of the Conversion Reporting API`);
    if (names.filter((n) => n === name).length > 1) errors.push(`query: parameter "${name}" appears more than once`);
  }
  const id = parsed.searchParams.get('id');
  if (!id) errors.push('query: id (the Rokt account ID) is required');
  else if (id.length > 64) errors.push('query: id must be at most 64 characters');
  const rtid = parsed.searchParams.get('passbackconversiontrackingid');
  if (rtid === null) errors.push('query: passbackconversiontrackingid is required');
  else if (!ROKT_ID.test(rtid))
    errors.push('query: passbackconversiontrackingid must be 1-100 characters of [A-Za-z0-9._~-]');
  const type = parsed.searchParams.get('conversiontype');
  if (type !== null && type === '') errors.push('query: conversiontype, when present, must not be empty');
  // A Rokt ID may legitimately look like a digest, so only the free-text parameters are screened for email.
  for (const name of ['id', 'conversiontype']) {
    const value = parsed.searchParams.get(name);
    if (value !== null && looksLikeEmail(value))
      errors.push(`query: ${name} carries an email or email hash (PII-less mode)`);
  }
  return errors;
}

function checkHeaders(raw: Record<string, string>, opts: CheckOptions): string[] {
  const errors: string[] = [];
  const headers = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const contentType = headers.get('content-type');
  if (contentType === undefined || !/^application\/json(\s*;.*)?$/i.test(contentType)) {
    errors.push('headers: Content-Type must be application/json');
  }
  if (headers.get('charset')?.toLowerCase() !== 'utf-8') errors.push('headers: Charset must be utf-8');
  if (headers.get('rokt-version') !== ROKT_API_VERSION)
    errors.push(`headers: Rokt-Version must be ${ROKT_API_VERSION}`);
  const auth = headers.get('authorization');
  const match = auth === undefined ? null : /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(auth);
  if (match === null) {
    errors.push('headers: Authorization must be "Basic base64(rpub-…:rsec-…)"');
    return errors;
  }
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const pub = colon < 0 ? decoded : decoded.slice(0, colon);
  const sec = colon < 0 ? '' : decoded.slice(colon + 1);
  if (!/^rpub-\S+$/.test(pub) || !/^rsec-\S+$/.test(sec)) {
    errors.push('headers: Authorization credentials must be rpub-… and rsec-… joined by a colon');
  }
  if (opts.publicKey !== undefined && pub !== opts.publicKey)
    errors.push('headers: Authorization carries the wrong public key');
  if (opts.secretKey !== undefined && sec !== opts.secretKey)
    errors.push('headers: Authorization carries the wrong secret key');
  return errors;
}

function checkBody(body: unknown, opts: CheckOptions): string[] {
  if (!isPlainObject(body)) return ['body: must be a JSON object'];
  const errors = unknownKeys('body', body, ['accountId', 'events']);
  if (typeof body.accountId !== 'string' || body.accountId === '')
    errors.push('accountId: required, a non-empty string');
  else if (body.accountId.length > 64) errors.push('accountId: at most 64 characters');
  const events = body.events;
  if (!Array.isArray(events) || events.length === 0) return [...errors, 'events: required, a non-empty list'];
  if (events.length > 100) errors.push('events: at most 100 per call');
  for (const [i, event] of events.entries()) errors.push(...checkEvent(event, `events[${i}]`, opts));
  return errors;
}

function checkEvent(event: unknown, at: string, opts: CheckOptions): string[] {
  if (!isPlainObject(event)) return [`${at}: must be an object`];
  const errors = unknownKeys(at, event, ['clientEventId', 'eventType', 'eventTime', 'metaData', 'objectData']);
  const { clientEventId, eventType, eventTime } = event;
  if (typeof clientEventId !== 'string' || clientEventId === '')
    errors.push(`${at}.clientEventId: required, a non-empty string`);
  else if (clientEventId.length > 36) errors.push(`${at}.clientEventId: at most 36 characters`);
  if (typeof eventType !== 'string' || eventType === '') errors.push(`${at}.eventType: required, a non-empty string`);
  else if (eventType.length > 128) errors.push(`${at}.eventType: at most 128 characters`);
  errors.push(...checkEventTime(eventTime, `${at}.eventTime`, opts.now));
  const objectData = checkPairs(event.objectData, `${at}.objectData`, errors);
  const metaData = checkPairs(event.metaData, `${at}.metaData`, errors);
  if (!metaData.some((p) => p.name === 'source' && p.value === 'sgtm')) {
    errors.push(`${at}.metaData: must contain {name: "source", value: "sgtm"} (ours)`);
  }
  if (eventType === 'conversion' && !objectData.some((p) => p.name === 'conversiontype' && p.value !== '')) {
    errors.push(`${at}.objectData: a conversion event must carry conversiontype`);
  }
  const ids = objectData.filter((p) => (IDENTIFIER_NAMES as readonly string[]).includes(p.name));
  if (ids.length === 0)
    errors.push(`${at}.objectData: needs at least one of email, emailsha256, passbackconversiontrackingid`);
  for (const { name, value } of ids) {
    if (name === 'emailsha256' && !HEX_SHA256.test(value))
      errors.push(`${at}.objectData.emailsha256: must be 64 lowercase hex`);
    if (name === 'passbackconversiontrackingid' && !ROKT_ID.test(value)) {
      errors.push(`${at}.objectData.passbackconversiontrackingid: must be 1-100 characters of [A-Za-z0-9._~-]`);
    }
    if (name === 'email' && (value !== value.trim().toLowerCase() || !EMAIL.test(value))) {
      errors.push(`${at}.objectData.email: must be a trimmed, lowercase email address`);
    }
  }
  return errors;
}

function checkEventTime(value: unknown, at: string, now: number | undefined): string[] {
  if (typeof value !== 'string') return [`${at}: required, an RFC 3339 UTC string`];
  const m = RFC3339_UTC.exec(value);
  if (m === null) return [`${at}: must be RFC 3339 in UTC (YYYY-MM-DDTHH:mm:ss[.sss]Z), got ${value}`];
  const ms = Date.parse(value);
  // Date.parse accepts 2021-02-30; a round trip of the date part catches such impossible dates.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 19) !== value.slice(0, 19))
    return [`${at}: not a real date, got ${value}`];
  if (now !== undefined && (ms < now - EIGHTEEN_MONTHS_MS || ms > now + FIVE_MINUTES_MS)) {
    return [`${at}: must lie between 18 months ago and 5 minutes ahead`];
  }
  return [];
}

/** Validates a `[{name, value}]` list (absent is fine) and returns its well-formed pairs. */
function checkPairs(list: unknown, at: string, errors: string[]): { name: string; value: string }[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    errors.push(`${at}: must be a list of {name, value}`);
    return [];
  }
  const pairs: { name: string; value: string }[] = [];
  list.forEach((item, i) => {
    const here = `${at}[${i}]`;
    if (!isPlainObject(item)) {
      errors.push(`${here}: must be an object`);
      return;
    }
    errors.push(...unknownKeys(here, item, ['name', 'value']));
    const { name, value } = item;
    if (typeof name !== 'string' || name === '') errors.push(`${here}.name: required, a non-empty string`);
    else if (name.length > 256) errors.push(`${here}.name: at most 256 characters`);
    else if (name.toLowerCase().startsWith('rokt.'))
      errors.push(`${here}.name: the prefix "rokt." is reserved for Rokt`);
    if (typeof value !== 'string')
      errors.push(`${here}.value: must be a string, got ${value === null ? 'null' : typeof value}`);
    else if (value.length > MAX_VALUE_LENGTH) errors.push(`${here}.value: at most ${MAX_VALUE_LENGTH} characters`);
    if (typeof name === 'string' && typeof value === 'string') pairs.push({ name, value });
  });
  return pairs;
}

/** One sentence per key of `obj` that is not in `allowed`. */
export function unknownKeys(at: string, obj: Record<string, unknown>, allowed: string[]): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${at}: unknown field "${k}"`);
}

/** A JSON object (not null, not a list). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function looksLikeEmail(value: string): boolean {
  return value.includes('@') || /^[0-9a-f]{64}$/i.test(value) || /^[A-Za-z0-9+/_-]{43}=?$/.test(value);
}
