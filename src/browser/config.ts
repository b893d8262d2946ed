import { warn } from './log';
import type { RoktBridgeConfig } from './types';

export type Config = Required<RoktBridgeConfig>;

const isStringList = (value: unknown) =>
  Object.prototype.toString.call(value) === '[object Array]' &&
  (value as unknown[]).every((item) => typeof item === 'string' && item !== '');

// option: [default, check, what is expected]. The default is what an invalid value falls back to.
const OPTIONS: { [K in keyof Config]: [Config[K], (value: unknown) => boolean, string] } = {
  consent: ['auto', (v) => v === 'auto' || v === 'granted' || v === 'denied', "'auto', 'granted' or 'denied'"],
  conversionEvents: [['purchase'], isStringList, 'an array of event names'],
  dataLayerName: ['dataLayer', (v) => typeof v === 'string' && /^[$\w]+$/.test(v), 'a global variable name'],
  idParams: [['rtid', 'rclid'], (v) => isStringList(v) && (v as string[]).length > 0, 'a non-empty array of URL parameter names'],
  attributionDays: [90, (v) => typeof v === 'number' && v >= 1 && v <= 400, 'a number of days from 1 to 400'],
  cookieDomain: ['', (v) => typeof v === 'string', 'a domain such as "example.com"'],
  emailCookie: [false, (v) => typeof v === 'boolean', 'true or false'],
  debug: [false, (v) => typeof v === 'boolean', 'true or false'],
};

/**
 * The effective configuration: each valid option as given, each missing or invalid one at its default. An invalid
 * option is reported by name with what was expected; it never stops the bundle.
 */
export function readConfig(given: unknown): Config {
  const input = (given && typeof given === 'object' ? given : {}) as Record<string, unknown>;
  const config = {} as Record<string, unknown>;
  for (const name in OPTIONS) {
    const [fallback, valid, expected] = OPTIONS[name as keyof Config];
    const value = input[name];
    config[name] = value === undefined ? fallback : valid(value) ? value : fallback;
    if (value !== undefined && !valid(value)) {
      warn(`roktBridgeConfig.${name} must be ${expected}; got ${JSON.stringify(value)}, using ${JSON.stringify(fallback)}`);
    }
  }
  for (const name in input) if (!(name in OPTIONS)) warn(`roktBridgeConfig.${name} is not an option; ignored`);
  return config as Config;
}
