import { isIP } from 'node:net';
import { parseArgs } from 'node:util';

/** What `rokt-sgtm-bridge check` was asked to do. */
export interface CheckOptions {
  /** The landing page, as given (the test Rokt ID is added later). */
  landingUrl: string;
  /** A Chrome or Chromium executable; found in the usual places when absent. */
  browser?: string;
  /** Typed into the page through `roktBridge.setEmail`; never printed. */
  email?: string;
  /** CSS selector of the consent banner's accept button. */
  acceptConsent?: string;
  /** A page whose load makes a conversion happen (a staging thank-you page). */
  conversionUrl?: string;
  /** An event name pushed to the dataLayer on the landing page to make a conversion happen. */
  pushConversion?: string;
  /** The GA4 event that `conversionUrl` is expected to send. */
  conversionEvent: string;
  /** Chromium's `--host-resolver-rules`, for staging hosts that have no public DNS yet. */
  hostResolverRules?: string;
  ignoreHttpsErrors: boolean;
  /** The DNS server for the Safari durability check (`127.0.0.1:5353`); the system's when absent. */
  dnsServer?: string;
  /** The longest the whole run may take, in milliseconds; every wait gets what is left of it. */
  timeoutMs: number;
  json: boolean;
}

/** The user asked for something the command cannot do; the message says what to change. */
export class UsageError extends Error {}

export const USAGE = `Usage: rokt-sgtm-bridge check <landing-url> [options]

Opens the landing page in Chrome/Chromium with a test Rokt ID and reports, step by step, whether the ID is captured,
stored and carried to the GA4 conversion hit sent to your server container.

Options:
  --email <address>            hand an email to the page through roktBridge.setEmail (never printed)
  --accept-consent <selector>  click this element (your consent banner's accept button) after the page loads
  --conversion-url <url>       then open this page (e.g. a staging thank-you page) to make a conversion
  --push-conversion <event>    or push this event to the landing page's dataLayer to make a conversion
  --conversion-event <name>    the GA4 event --conversion-url sends (default: purchase)
  --browser <path>             Chrome or Chromium executable (default: found in the usual places)
  --host-resolver-rules <r>    Chromium host resolver rules, e.g. "MAP *.staging.example 10.0.0.5"
  --ignore-https-errors        accept self-signed certificates
  --dns-server <ip[:port]>     DNS server for the Safari durability check (default: the system's)
  --timeout <seconds>          the longest the whole check may take, 1 to 3600 (default: 60)
  --json                       print the result as one JSON object
  -h, --help                   show this help

A conversion is only made when --conversion-url or --push-conversion is given: it sends a real GA4 event.
Exit status: 0 every step passed, 1 a step failed, 2 the check could not run (usage, browser, playwright-core).
`;

const DEFAULT_TIMEOUT_S = 60;
/** A line break, tab, escape or other control character: never part of a URL, selector, address or path. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_TIMEOUT_S = 3600;
/** RFC 5321's limit on a forward path: no longer address can be delivered to. */
const MAX_EMAIL = 254;
const MAX_SELECTOR = 1000;
/** Browsers and servers commonly refuse longer request lines; a longer landing URL is a mistake. */
const MAX_URL = 8192;

/** `--timeout`: plain seconds (`15`, `2.5`), 1 to an hour; anything else is a usage error, never a surprise. */
function timeoutSeconds(value: string): number {
  const seconds = /^\d{1,6}(\.\d{1,3})?$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIMEOUT_S)) {
    throw new UsageError(`--timeout takes a number of seconds from 1 to ${MAX_TIMEOUT_S}, such as 60; got "${value}"`);
  }
  return seconds;
}

/** Parses the command's arguments; `undefined` means help was asked for. */
export function parseCheckOptions(args: string[]): CheckOptions | undefined {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return undefined;
  if (positionals.length !== 1) throw new UsageError('give exactly one landing URL');
  if (CONTROL.test(positionals[0])) {
    throw new UsageError('the landing URL holds a control character (a line break, tab or escape)');
  }
  const landingUrl = httpUrl(positionals[0], 'the landing URL');
  if (values['conversion-url'] !== undefined && values['push-conversion'] !== undefined) {
    throw new UsageError('--conversion-url and --push-conversion are alternatives: give one of them');
  }
  const seconds = values.timeout === undefined ? DEFAULT_TIMEOUT_S : timeoutSeconds(values.timeout);
  for (const [name, value] of Object.entries(values)) {
    // A control character has no business in any option, and would reach the terminal or Chromium's command line.
    if (typeof value === 'string' && CONTROL.test(value)) {
      throw new UsageError(`--${name} holds a control character (a line break, tab or escape): give plain text`);
    }
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`--${name} is empty: give a value`);
  }
  if (values.email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(values.email.trim())) {
    throw new UsageError('--email takes one email address, such as qa@example.com');
  }
  if (values.email !== undefined && values.email.length > MAX_EMAIL) {
    throw new UsageError(`--email takes an address of at most ${MAX_EMAIL} characters`);
  }
  if (values['accept-consent'] !== undefined && values['accept-consent'].length > MAX_SELECTOR) {
    throw new UsageError(`--accept-consent takes a CSS selector of at most ${MAX_SELECTOR} characters`);
  }
  for (const name of ['push-conversion', 'conversion-event'] as const) {
    const value = values[name];
    if (value !== undefined && !/^[A-Za-z][\w-]{0,39}$/.test(value)) {
      throw new UsageError(`--${name} takes a GA4 event name (letters, digits, _ or -), such as purchase`);
    }
  }
  return {
    landingUrl,
    browser: values.browser,
    email: values.email,
    acceptConsent: values['accept-consent'],
    conversionUrl:
      values['conversion-url'] === undefined ? undefined : httpUrl(values['conversion-url'], '--conversion-url'),
    pushConversion: values['push-conversion'],
    conversionEvent: values['push-conversion'] ?? values['conversion-event'] ?? 'purchase',
    hostResolverRules: values['host-resolver-rules'],
    ignoreHttpsErrors: values['ignore-https-errors'] ?? false,
    dnsServer: values['dns-server'] === undefined ? undefined : dnsServer(values['dns-server']),
    timeoutMs: seconds * 1000,
    json: values.json ?? false,
  };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      'accept-consent': { type: 'string' },
      'conversion-url': { type: 'string' },
      'push-conversion': { type: 'string' },
      'conversion-event': { type: 'string' },
      browser: { type: 'string' },
      'host-resolver-rules': { type: 'string' },
      'ignore-https-errors': { type: 'boolean' },
      'dns-server': { type: 'string' },
      timeout: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** `--dns-server`: an IP address with an optional port, as Node's resolver takes it (`10.0.0.2`, `[::1]:5353`). */
function dnsServer(value: string): string {
  const match = /^(?:(\d{1,3}(?:\.\d{1,3}){3})|\[([0-9a-fA-F:.]+)\]|([0-9a-fA-F:]+))(?::(\d{1,5}))?$/.exec(value);
  const ip = match && (match[1] ?? match[2] ?? match[3]);
  const port = match?.[4] === undefined ? 53 : Number(match[4]);
  if (!ip || !isIP(ip) || (match?.[3] !== undefined && match[4] !== undefined) || port < 1 || port > 65535) {
    throw new UsageError(
      `--dns-server takes an IP address with an optional port, such as 10.0.0.2 or 127.0.0.1:5353; got "${value}"`,
    );
  }
  return value;
}

function httpUrl(value: string, what: string): string {
  if (value.length > MAX_URL) throw new UsageError(`${what} is longer than ${MAX_URL} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what} must be an absolute http(s) URL, such as https://www.example.com/; got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`${what} must start with http:// or https://; got "${value}"`);
  }
  return value;
}
