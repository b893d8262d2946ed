/**
 * Turns a GA4 `/g/collect` request into event data, one object per event, the way the sGTM "Google Analytics: GA4"
 * client does (event data as a published template's captured fixture shows it:
 * https://github.com/taneli-salonen1/sgtm-bigquery-event-tag, template.tpl). Shared parameters travel in the query string; a batched
 * request carries one event per body line, and each line's parameters win over the query's.
 */

/** One event as the server container's templates see it through `getEventData` / `getAllEventData`. */
export type EventData = Record<string, unknown>;

/** The parts of an HTTP request the GA4 client reads. */
export interface Ga4Request {
  /** The query string, with or without the leading `?`. */
  query: string;
  /** The request body: empty, or one event's parameters per line. */
  body: string;
  /** The `User-Agent` header. */
  userAgent?: string;
  /** The client address, reported as `ip_override`. */
  ip?: string;
}

/** Wire parameters with a documented event data key. */
const NAMED: Record<string, string> = {
  en: 'event_name',
  cid: 'client_id',
  uid: 'user_id',
  dl: 'page_location',
  dr: 'page_referrer',
  dt: 'page_title',
  ul: 'language',
  sr: 'screen_resolution',
  sid: 'ga_session_id',
  cu: 'currency',
  tid: 'x-ga-measurement_id',
  v: 'x-ga-protocol_version',
  gtm: 'x-ga-gtm_version',
};

/** Wire parameters whose event data value is a number. */
const NUMERIC: Record<string, string> = {
  sct: 'ga_session_number',
  _et: 'engagement_time_msec',
  _p: 'x-ga-page_id',
  _s: 'x-ga-request_count',
};

/** Consent and regulation flags keep their name under the `x-ga-` prefix (e.g. `gcs` → `x-ga-gcs`). */
const IMMUTABLE = new Set([
  'gcs',
  'gcd',
  'gcu',
  'dma',
  'dma_cps',
  'npa',
  'did',
  'gdid',
  'edid',
  'ecid',
  'em',
  'tfd',
  'lps',
]);

/** Item fields in `pr1=id…~nm…` tokens: two-letter key, then the value. */
const ITEM_KEYS: Record<string, string> = {
  id: 'item_id',
  nm: 'item_name',
  br: 'item_brand',
  ca: 'item_category',
  va: 'item_variant',
  pr: 'price',
  qt: 'quantity',
};

/** A request whose parsing would cost far more than any GA4 hit: refused whole, so nothing is half-read. */
export class Ga4HitTooLarge extends Error {}

/**
 * Each event gets its own copy of the query's shared parameters, so the work is events × shared parameters. gtag.js
 * sends a few events per request (a sendBeacon body is at most 64 KiB); a request needing more copies than this is
 * not a GA4 hit, and is refused instead of holding the server (or the check) for minutes.
 */
export const MAX_PARAMETER_COPIES = 1_000_000;

/**
 * Parses one `/g/collect` request into its events. Linear in its input: each parameter is read once per event it
 * belongs to, and an item index (`pr300000000`) only orders items, it never sizes an array.
 * @returns one event data object per event: one for an empty body, else one per non-empty body line.
 * @throws {Ga4HitTooLarge} when events × shared parameters exceeds {@link MAX_PARAMETER_COPIES}.
 */
export function parseGa4Hit(request: Ga4Request): EventData[] {
  const shared = [...new URLSearchParams(request.query.replace(/^\?/, ''))];
  const lines = request.body.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (Math.max(lines.length, 1) * shared.length > MAX_PARAMETER_COPIES) {
    throw new Ga4HitTooLarge(
      `${lines.length} events × ${shared.length} shared parameters is more than a GA4 request carries`,
    );
  }
  const perEvent = lines.length > 0 ? lines.map((line) => new URLSearchParams(line)) : [new URLSearchParams()];
  return perEvent.map((own) => {
    const params = new Map<string, string>([...shared, ...own]);
    const data = toEventData(params);
    if (request.userAgent !== undefined) data.user_agent = request.userAgent;
    if (request.ip !== undefined) data.ip_override = request.ip;
    return data;
  });
}

/**
 * Sets `key` as an own, enumerable property, whatever its name: `__proto__` from the wire becomes a parameter like
 * any other instead of changing the object's prototype (and being lost).
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function toEventData(params: Map<string, string>): EventData {
  const data: EventData = {};
  const userProperties: Record<string, string | number> = {};
  const items = new Map<number, Record<string, unknown>>();
  for (const [key, value] of params) {
    const dot = key.indexOf('.');
    const prefix = dot > 0 ? key.slice(0, dot) : '';
    const name = key.slice(dot + 1);
    if (prefix === 'ep') put(data, name, value);
    else if (prefix === 'epn') put(data, name, toNumber(value));
    else if (prefix === 'up') put(userProperties, name, value);
    else if (prefix === 'upn') put(userProperties, name, toNumber(value));
    else if (Object.hasOwn(NAMED, key)) put(data, NAMED[key], value);
    else if (Object.hasOwn(NUMERIC, key)) put(data, NUMERIC[key], toNumber(value));
    else if (IMMUTABLE.has(key)) put(data, `x-ga-${key}`, value);
    else if (/^pr\d{1,15}$/.test(key)) items.set(Number(key.slice(2)), parseItem(value));
    else put(data, `x-ga-mp2-${key}`, value);
  }
  if (Object.keys(userProperties).length > 0) data['x-ga-mp2-user_properties'] = userProperties;
  // In index order (pr1, pr2, …); gaps and huge indexes keep the order and nothing else.
  if (items.size > 0) data.items = [...items.entries()].sort(([a], [b]) => a - b).map(([, item]) => item);
  if (typeof data.page_location === 'string') Object.assign(data, pageParts(data.page_location));
  return data;
}

/** A value GA4 sent as a number that does not parse stays a string, so nothing the browser sent is lost. */
function toNumber(value: string): number | string {
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

function parseItem(value: string): Record<string, unknown> {
  const item: Record<string, unknown> = {};
  for (const token of value.split('~')) {
    const code = token.slice(0, 2);
    if (!Object.hasOwn(ITEM_KEYS, code)) continue;
    const key = ITEM_KEYS[code];
    const raw = token.slice(2);
    item[key] = key === 'price' || key === 'quantity' ? toNumber(raw) : raw;
  }
  return item;
}

function pageParts(location: string): EventData {
  try {
    const url = new URL(location);
    return { page_hostname: url.hostname, page_path: url.pathname };
  } catch {
    return {};
  }
}

/** Splits a `Cookie` header into name → values, as `getCookieValues` reads them (a name may repeat). */
export function parseCookieHeader(header: string | undefined): Record<string, string[]> {
  // No prototype: a cookie named `constructor` or `__proto__` is a cookie, not Object's own machinery.
  const cookies = Object.create(null) as Record<string, string[]>;
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const values = cookies[name] ?? [];
    values.push(pair.slice(eq + 1).trim());
    cookies[name] = values;
  }
  return cookies;
}

/** Event data keys the client derives or adds from the request itself: not parameters a GA4 tag forwards. */
const NOT_FORWARDED = new Set(['page_hostname', 'page_path', 'user_agent', 'ip_override', 'items']);

/**
 * The query string of the `/g/collect` request a server GA4 tag would send for `eventData` (the inverse of
 * {@link parseGa4Hit} for one event): named keys back to their wire names, other strings as `ep.`, numbers as `epn.`.
 * Undefined values are left out. A model for the preview's tests of what reaches Google Analytics, not Google's code.
 */
export function ga4HitQuery(eventData: EventData): string {
  const wireName = (table: Record<string, string>, key: string) =>
    Object.keys(table).find((wire) => table[wire] === key);
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(eventData)) {
    if (value === undefined || value === null || NOT_FORWARDED.has(key)) continue;
    if (typeof value === 'object') continue; // user properties and other structures: not what these tests look at
    const named = wireName(NAMED, key) ?? wireName(NUMERIC, key);
    if (named) query.append(named, String(value));
    else if (key.startsWith('x-ga-') && IMMUTABLE.has(key.slice(5))) query.append(key.slice(5), String(value));
    else if (key.startsWith('x-ga-mp2-')) query.append(key.slice(9), String(value));
    else query.append(`${typeof value === 'number' ? 'epn' : 'ep'}.${key}`, String(value));
  }
  return query.toString();
}
