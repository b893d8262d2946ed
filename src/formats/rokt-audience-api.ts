/**
 * A strict checker of Rokt's Event and Audience API (`POST https://s2s.{pod}.mparticle.com/v2/events`, an mParticle
 * batch), used by the template tests and the preview's Rokt stand-in. Rokt's own field table could not be read; each
 * rule below names where it comes from, as docs/rokt-api.md does: mParticle's Events API reference and limits
 * ("mParticle"), Rokt's maintained Segment destination ("Segment"), or this project's own promise ("ours").
 * @packageDocumentation
 */
import { isIP } from 'node:net';
import { EMAIL, type EventApiRequest, HEX_SHA256, isPlainObject, ROKT_ID, unknownKeys } from './rokt-event-api.js';

/** The pods Rokt's accounts live on; the host is `s2s.<pod>.mparticle.com` (mParticle, data localisation). */
export const AUDIENCE_API_PODS = ['us1', 'us2', 'eu1', 'au1'] as const;
export type AudienceApiPod = (typeof AUDIENCE_API_PODS)[number];

/** Rokt's module ID in mParticle, under which the click ID goes in `integration_attributes` (Segment, mParticle SDK). */
const ROKT_INTEGRATION_ID = '1277';

/** Optional expectations that tighten the check. */
export interface AudienceApiCheckOptions {
  /** When given, the Basic credentials must carry exactly this key. */
  apiKey?: string;
  /** When given, the Basic credentials must carry exactly this secret. */
  apiSecret?: string;
  /** When given, the request must go to this pod's host. */
  pod?: AudienceApiPod;
  /** When given (ms since epoch), timestamps must lie within 30 days before and 5 minutes after it. */
  now?: number;
}

const URL_PATTERN = /^https:\/\/s2s\.(us1|us2|eu1|au1)\.mparticle\.com\/v2\/events$/;
// mParticle: "the total request size must be under 256kb"; "each batch should not exceed 128kb".
const MAX_REQUEST_BYTES = 256 * 1024;
const MAX_BATCH_BYTES = 128 * 1024;
// mParticle, default service limits: per event and per batch.
const MAX_ATTRIBUTES = 100;
const MAX_NAME_LENGTH = 256;
const MAX_VALUE_LENGTH = 4096;
const MAX_LIST_ENTRIES = 1000;
const MAX_LIST_ENTRY_LENGTH = 512;
// mParticle: /v2/events is for data up to 30 days old (older goes to /v2/bulkevents/historical).
const THIRTY_DAYS_MS = 30 * 24 * 3600 * 1000;
const FIVE_MINUTES_MS = 5 * 60 * 1000;
const ENVIRONMENTS = ['production', 'development'];
const BATCH_KEYS = [
  'environment',
  'source_request_id',
  'user_identities',
  'user_attributes',
  'device_info',
  'ip',
  'integration_attributes',
  'events',
  'mpid',
  'context',
  'consent_state',
  'schema_version',
];
// Rokt's spelling (Segment), not mParticle's customer_id / other_id_2 (the two are not known to be equivalent).
const IDENTITY_KEYS = ['customerid', 'email', 'other', 'other2', 'other3', 'other4', 'mobile_number'];
const EVENT_DATA_KEYS = [
  'event_name',
  'custom_event_type',
  'source_message_id',
  'timestamp_unixtime_ms',
  'custom_attributes',
  'session_uuid',
  'location',
  'device_current_state',
  'custom_flags',
];
// mParticle's custom event types.
const CUSTOM_EVENT_TYPES = [
  'attribution',
  'location',
  'media',
  'navigation',
  'search',
  'social',
  'transaction',
  'user_content',
  'user_preference',
  'other',
];

/**
 * Checks one Event and Audience API request.
 * @returns the violated rules, one sentence each; an empty array means the request is valid.
 */
export function checkAudienceApiRequest(req: EventApiRequest, opts: AudienceApiCheckOptions = {}): string[] {
  const errors: string[] = [];
  if (req.method.toUpperCase() !== 'POST') errors.push(`method: must be POST, got ${req.method}`);
  const pod = URL_PATTERN.exec(req.url)?.[1];
  if (pod === undefined)
    errors.push(`url: must be https://s2s.{us1|us2|eu1|au1}.mparticle.com/v2/events, got ${req.url}`);
  else if (opts.pod !== undefined && pod !== opts.pod) errors.push(`url: must go to the ${opts.pod} pod, got ${pod}`);
  errors.push(...checkHeaders(req.headers, opts));
  const bytes = Buffer.byteLength(req.body, 'utf8');
  if (bytes > MAX_REQUEST_BYTES) errors.push(`body: at most ${MAX_REQUEST_BYTES} bytes per request (mParticle)`);
  else if (bytes > MAX_BATCH_BYTES) errors.push(`body: at most ${MAX_BATCH_BYTES} bytes per batch (mParticle)`);
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return [...errors, 'body: must be valid JSON'];
  }
  return [...errors, ...checkBatch(body, opts.now)];
}

function checkHeaders(raw: Record<string, string>, opts: AudienceApiCheckOptions): string[] {
  const errors: string[] = [];
  const headers = new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
  const contentType = headers.get('content-type');
  if (contentType === undefined || !/^application\/json(\s*;.*)?$/i.test(contentType))
    errors.push('headers: Content-Type must be application/json');
  if (headers.get('charset')?.toLowerCase() !== 'utf-8') errors.push('headers: Charset must be utf-8');
  if (headers.has('rokt-version')) errors.push('headers: Rokt-Version belongs to the legacy Event API (ours)');
  const match = /^Basic ([A-Za-z0-9+/]+={0,2})$/.exec(headers.get('authorization') ?? '');
  if (match === null) return [...errors, 'headers: Authorization must be "Basic base64(api-key:api-secret)"'];
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const key = colon < 0 ? decoded : decoded.slice(0, colon);
  const secret = colon < 0 ? '' : decoded.slice(colon + 1);
  if (!/^\S+$/.test(key) || !/^\S+$/.test(secret))
    errors.push('headers: Authorization credentials must be a key and a secret, without spaces, joined by a colon');
  if (opts.apiKey !== undefined && key !== opts.apiKey) errors.push('headers: Authorization carries the wrong API key');
  if (opts.apiSecret !== undefined && secret !== opts.apiSecret)
    errors.push('headers: Authorization carries the wrong API secret');
  return errors;
}

function checkBatch(batch: unknown, now: number | undefined): string[] {
  if (!isPlainObject(batch)) return ['body: must be a JSON object (one batch)'];
  const errors = unknownKeys('batch', batch, BATCH_KEYS);
  if (!ENVIRONMENTS.includes(batch.environment as string))
    errors.push('environment: required, "production" or "development" (mParticle)');
  if (batch.source_request_id !== undefined && !isNonEmptyString(batch.source_request_id))
    errors.push('source_request_id: when present, a non-empty string (mParticle)');
  const identities = checkStringMap(batch.user_identities, 'user_identities', errors);
  errors.push(...unknownKeys('user_identities', identities, IDENTITY_KEYS));
  if (identities.other !== undefined && !HEX_SHA256.test(identities.other))
    errors.push('user_identities.other: the email SHA-256, 64 lowercase hex (Segment)');
  if (identities.other2 !== undefined && !ROKT_ID.test(identities.other2))
    errors.push('user_identities.other2: the Rokt ID, 1-100 characters of [A-Za-z0-9._~-]');
  if (
    identities.email !== undefined &&
    (identities.email !== identities.email.trim().toLowerCase() || !EMAIL.test(identities.email))
  )
    errors.push('user_identities.email: a trimmed, lowercase email address (Segment)');
  if (identities.customerid !== undefined && identities.customerid.trim() === '')
    errors.push('user_identities.customerid: when present, not blank');
  const device = checkStringMap(batch.device_info, 'device_info', errors);
  if (device.http_header_user_agent !== undefined && device.http_header_user_agent === '')
    errors.push('device_info.http_header_user_agent: when present, not empty');
  if (batch.ip !== undefined && (typeof batch.ip !== 'string' || isIP(batch.ip) === 0))
    errors.push('ip: when present, an IPv4 or IPv6 address (mParticle)');
  const clickId = checkIntegrationAttributes(batch.integration_attributes, errors);
  if (clickId !== undefined && identities.other2 !== undefined && clickId !== identities.other2)
    errors.push(`integration_attributes.${ROKT_INTEGRATION_ID}: must carry the same Rokt ID as user_identities.other2`);
  errors.push(...checkUserAttributes(batch.user_attributes));
  if (
    identities.email === undefined &&
    identities.other === undefined &&
    identities.other2 === undefined &&
    clickId === undefined
  )
    errors.push('user_identities: needs at least one of email, other (email SHA-256), other2 (Rokt ID)');
  const events = batch.events;
  if (!Array.isArray(events) || events.length === 0) return [...errors, 'events: required, a non-empty list'];
  const messageIds = new Set<unknown>();
  events.forEach((event, i) => {
    errors.push(...checkEvent(event, `events[${i}]`, now));
    const id = isPlainObject(event) && isPlainObject(event.data) ? event.data.source_message_id : undefined;
    if (id !== undefined && messageIds.has(id))
      errors.push(`events[${i}].data.source_message_id: must differ between the events of a batch (Segment)`);
    messageIds.add(id);
  });
  return errors;
}

/** An optional object of string values; returns its entries (empty when absent or broken). */
function checkStringMap(value: unknown, at: string, errors: string[]): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value)) {
    errors.push(`${at}: must be an object`);
    return {};
  }
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (typeof entry === 'string') out[key] = entry;
    else errors.push(`${at}.${key}: must be a string, got ${entry === null ? 'null' : typeof entry}`);
  }
  return out;
}

/** Returns the Rokt ID under Rokt's module, if any. */
function checkIntegrationAttributes(value: unknown, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    errors.push('integration_attributes: must be an object of modules');
    return undefined;
  }
  for (const [module, attributes] of Object.entries(value))
    checkStringMap(attributes, `integration_attributes.${module}`, errors);
  const rokt = value[ROKT_INTEGRATION_ID];
  const id = isPlainObject(rokt) ? rokt.passbackconversiontrackingid : undefined;
  if (typeof id !== 'string') return undefined;
  if (!ROKT_ID.test(id))
    errors.push(
      `integration_attributes.${ROKT_INTEGRATION_ID}.passbackconversiontrackingid: 1-100 characters of [A-Za-z0-9._~-]`,
    );
  return id;
}

function checkUserAttributes(value: unknown): string[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) return ['user_attributes: must be an object'];
  const errors: string[] = [];
  const entries = Object.entries(value);
  if (entries.length > MAX_ATTRIBUTES) errors.push(`user_attributes: at most ${MAX_ATTRIBUTES} (mParticle)`);
  for (const [name, entry] of entries) {
    const at = `user_attributes.${name}`;
    if (name.startsWith('$')) errors.push(`${at}: names starting with $ are reserved (mParticle)`);
    if (name.length > MAX_NAME_LENGTH) errors.push(`${at}: name at most ${MAX_NAME_LENGTH} characters (mParticle)`);
    if (typeof entry === 'string') {
      if (entry.length > MAX_VALUE_LENGTH) errors.push(`${at}: at most ${MAX_VALUE_LENGTH} characters (mParticle)`);
    } else if (Array.isArray(entry)) {
      if (entry.length > MAX_LIST_ENTRIES) errors.push(`${at}: at most ${MAX_LIST_ENTRIES} entries (mParticle)`);
      if (entry.some((item) => typeof item !== 'string' || item.length > MAX_LIST_ENTRY_LENGTH))
        errors.push(`${at}: list entries are strings of at most ${MAX_LIST_ENTRY_LENGTH} characters (mParticle)`);
    } else errors.push(`${at}: a string or a list of strings`);
  }
  return errors;
}

function checkEvent(event: unknown, at: string, now: number | undefined): string[] {
  if (!isPlainObject(event)) return [`${at}: must be an object`];
  const errors = unknownKeys(at, event, ['event_type', 'data']);
  if (event.event_type !== 'custom_event')
    errors.push(`${at}.event_type: must be "custom_event", the type Rokt's conversions use (Segment)`);
  const data = event.data;
  if (!isPlainObject(data)) return [...errors, `${at}.data: required, an object`];
  errors.push(...unknownKeys(`${at}.data`, data, EVENT_DATA_KEYS));
  if (!isNonEmptyString(data.event_name))
    errors.push(`${at}.data.event_name: required, a non-empty string (mParticle)`);
  else if (data.event_name.length > MAX_NAME_LENGTH)
    errors.push(`${at}.data.event_name: at most ${MAX_NAME_LENGTH} characters (mParticle)`);
  if (!CUSTOM_EVENT_TYPES.includes(data.custom_event_type as string))
    errors.push(`${at}.data.custom_event_type: required, one of ${CUSTOM_EVENT_TYPES.join(', ')} (mParticle)`);
  if (!isNonEmptyString(data.source_message_id))
    errors.push(`${at}.data.source_message_id: required, a non-empty string (Segment)`);
  errors.push(...checkTimestamp(data.timestamp_unixtime_ms, `${at}.data.timestamp_unixtime_ms`, now));
  const attributes = checkCustomAttributes(data.custom_attributes, `${at}.data.custom_attributes`, errors);
  if (data.event_name === 'conversion') {
    if (data.custom_event_type !== 'transaction')
      errors.push(`${at}.data.custom_event_type: a conversion is a "transaction" (Segment)`);
    if (!isNonEmptyString(attributes.conversiontype))
      errors.push(`${at}.data.custom_attributes.conversiontype: a conversion must carry it (Segment)`);
  }
  return errors;
}

function checkTimestamp(value: unknown, at: string, now: number | undefined): string[] {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1e12 || value >= 1e13)
    return [`${at}: required, an integer of milliseconds since 1970 (13 digits)`];
  if (now !== undefined && (value < now - THIRTY_DAYS_MS || value > now + FIVE_MINUTES_MS))
    return [`${at}: must lie between 30 days ago and 5 minutes ahead (mParticle)`];
  return [];
}

/** Custom attributes are strings in mParticle's OpenAPI description, and this project always sends strings. */
function checkCustomAttributes(value: unknown, at: string, errors: string[]): Record<string, string> {
  if (value === undefined) return {};
  const attributes = checkStringMap(value, at, errors);
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) errors.push(`${at}: at most ${MAX_ATTRIBUTES} attributes (mParticle)`);
  for (const name of names) {
    if (name === '' || name.length > MAX_NAME_LENGTH)
      errors.push(`${at}: names are 1-${MAX_NAME_LENGTH} characters (mParticle)`);
    if (attributes[name]!.length > MAX_VALUE_LENGTH)
      errors.push(`${at}.${name}: at most ${MAX_VALUE_LENGTH} characters (mParticle)`);
    if (name.toLowerCase().startsWith('rokt.')) errors.push(`${at}.${name}: the prefix "rokt." is reserved (ours)`);
  }
  return attributes;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
