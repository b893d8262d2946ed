import { ATTRIBUTION_DAYS, ROKT_ID_URL_PARAMETERS } from '../vocabulary/index.js';
import { warn } from './log.js';
import type { RoktBridgeConfig } from './types.js';

export type Config = Required<RoktBridgeConfig>;

/** Every option at its default: the effective value of any option that is missing or invalid, except `consent`. */
export const DEFAULTS: Config = {
  consent: 'auto',
  conversionEvents: ['purchase'],
  dataLayerName: 'dataLayer',
  idParams: ROKT_ID_URL_PARAMETERS as string[],
  attributionDays: ATTRIBUTION_DAYS.default,
  cookieDomain: '',
  emailCookie: false,
  debug: false,
};

/** What a getter that throws gave: never a valid value. */
const UNREADABLE = {};

function readProperty(from: unknown, name: string): unknown {
  try {
    return from ? (from as Record<string, unknown>)[name] : undefined;
  } catch {
    return UNREADABLE;
  }
}

/** What each option accepts, as the warning says it; the type is checked before (see `readConfig`). */
const EXPECTED: Partial<Record<keyof Config, [(value: never) => boolean, string]>> = {
  // Only a primitive string: `new String('denied')` is an object and never equals 'denied'.
  consent: [(value: string) => /^(auto|granted|denied)$/.test(value), 'auto, granted or denied'],
  attributionDays: [
    (value: number) => value >= 1 && value <= ATTRIBUTION_DAYS.max,
    'a number from 1 to ' + ATTRIBUTION_DAYS.max,
  ],
  // An ordinary global name: `__proto__` or `constructor` would reach Window.prototype instead of an own property.
  dataLayerName: [(value: string) => /^[A-Za-z_$][\w$]*$/.test(value) && !(value in {}), 'a plain global name'],
};

/**
 * The effective configuration, read from the page's `window.roktBridgeConfig`. An invalid option is reported by name
 * with what was expected, and its default is used: a typo in a tag must never stop the capture. A getter that throws
 * counts as invalid. Consent fails closed: an unrecognised or unreadable `consent` is `'denied'` (storage waits for
 * `consent('granted')`), because the site meant something and storing against its wish cannot be undone.
 */
export function readConfig(host: { roktBridgeConfig?: unknown }): Config {
  const input = readProperty(host, 'roktBridgeConfig');
  const config = {} as Record<string, unknown>;
  for (const name in DEFAULTS) {
    const option = name as keyof Config;
    const fallback = DEFAULTS[option];
    // A config that cannot be read at all is reported once, through consent (which must then fail closed).
    const value = input !== UNREADABLE ? readProperty(input, name) : option === 'consent' ? UNREADABLE : undefined;
    const rule = EXPECTED[option];
    // typeof tells a primitive from its wrapper object; Array.isArray an array from another object.
    const valid =
      value === undefined ||
      (typeof value === typeof fallback &&
        Array.isArray(value) === Array.isArray(fallback) &&
        (!rule || rule[0](value as never)));
    config[name] = valid && value !== undefined ? value : option === 'consent' && !valid ? 'denied' : fallback;
    if (!valid)
      warn(
        'roktBridgeConfig.' +
          name +
          (value === UNREADABLE ? ' cannot be read' : ' must be ' + (rule ? rule[1] : describe(fallback))) +
          (option === 'consent' ? "; denied until consent('granted')" : '; default used'),
      );
  }
  return config as Config;
}

const describe = (fallback: unknown) => (Array.isArray(fallback) ? 'an array of names' : 'a ' + typeof fallback);
