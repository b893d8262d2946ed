import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, readConfig } from '../../src/browser/config';

const warnings = () => vi.mocked(console.warn).mock.calls.map((call) => call[0]);

describe('readConfig', () => {
  afterEach(() => vi.restoreAllMocks());

  it('no config at all gives the defaults, silently', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig(undefined)).toEqual(DEFAULTS);
    expect(warnings()).toEqual([]);
  });

  it('keeps every valid option', () => {
    const given = {
      consent: 'denied',
      conversionEvents: ['purchase', 'sign_up'],
      dataLayerName: 'customLayer',
      idParams: ['ref'],
      attributionDays: 30,
      cookieDomain: 'shop.example',
      emailCookie: true,
      debug: true,
    } as const;
    expect(readConfig(given)).toEqual(given);
  });

  // option, bad value, what the warning must say is expected
  it.each([
    ['consent', 'yes', 'auto, granted or denied'],
    ['attributionDays', 0, 'a number from 1 to 400'],
    ['attributionDays', 0.5, 'a number from 1 to 400'],
    ['attributionDays', 401, 'a number from 1 to 400'],
    ['attributionDays', '90', 'a number from 1 to 400'],
    ['conversionEvents', 'purchase', 'an array of names'],
    ['idParams', { rtid: true }, 'an array of names'],
    ['dataLayerName', 42, 'a string'],
    ['emailCookie', 'true', 'a boolean'],
    ['debug', 1, 'a boolean'],
  ])('%s = %j is reported with what is expected, and the default is used', (name, value, expected) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = readConfig({ [name]: value });
    expect(config[name as keyof typeof config]).toEqual(DEFAULTS[name as keyof typeof DEFAULTS]);
    expect(warnings()).toContain(`[rokt-sgtm-bridge] roktBridgeConfig.${name} must be ${expected}; default used`);
  });

  it('one bad option does not discard the good ones', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig({ consent: 'maybe', attributionDays: 7 })).toMatchObject({ consent: 'auto', attributionDays: 7 });
  });
});
