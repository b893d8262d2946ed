import { warn } from './log.js';
import type { RoktBridgeConfig } from './types.js';

export type Config = Required<RoktBridgeConfig>;

/** Every option at its default: the effective value of any option that is missing or invalid. */
export const DEFAULTS: Config = {
  consent: 'auto',
  conversionEvents: ['purchase'],
  dataLayerName: 'dataLayer',
  idParams: ['rtid', 'rclid'],
  attributionDays: 90,
  cookieDomain: '',
  emailCookie: false,
  debug: false,
};

/**
 * The effective configuration. An invalid option is reported by name with what was expected, and its default is
 * used: a typo in a tag must never stop the capture.
 */
export function readConfig(given: unknown): Config {
  const input = (given || {}) as Record<string, unknown>;
  const config = {} as Record<string, unknown>;
  for (const name in DEFAULTS) {
    const fallback = DEFAULTS[name as keyof Config];
    const value = input[name];
    // `{}.toString` names the type in one call and tells an array from an object: "[object Array]".
    const valid =
      value === undefined ||
      ({}.toString.call(value) === {}.toString.call(fallback) &&
        (name === 'consent'
          ? /^(auto|granted|denied)$/.test(value as string)
          : name !== 'attributionDays' || ((value as number) >= 1 && (value as number) <= 400)));
    if (!valid)
      warn(
        'roktBridgeConfig.' +
          name +
          ' must be ' +
          (name === 'consent'
            ? 'auto, granted or denied'
            : name === 'attributionDays'
              ? 'a number from 1 to 400'
              : Array.isArray(fallback)
                ? 'an array of names'
                : 'a ' + typeof fallback) +
          '; default used',
      );
    config[name] = valid && value !== undefined ? value : fallback;
  }
  return config as Config;
}
