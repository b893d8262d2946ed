import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULTS, readConfig } from '../../src/browser/config';

const warnings = () => vi.mocked(console.warn).mock.calls.map((call) => call[0]);

describe('readConfig', () => {
  afterEach(() => vi.restoreAllMocks());

  it('no config at all gives the defaults, silently', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig({})).toEqual(DEFAULTS);
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
    expect(readConfig({ roktBridgeConfig: given })).toEqual(given);
  });

  // option, bad value, what the warning must say is expected
  it.each([
    ['attributionDays', 0, 'a number from 1 to 400'],
    ['attributionDays', 0.5, 'a number from 1 to 400'],
    ['attributionDays', 401, 'a number from 1 to 400'],
    ['attributionDays', '90', 'a number from 1 to 400'],
    ['conversionEvents', 'purchase', 'an array of names'],
    ['idParams', { rtid: true }, 'an array of names'],
    ['dataLayerName', 42, 'a plain global name'],
    ['dataLayerName', '__proto__', 'a plain global name'],
    ['dataLayerName', 'constructor', 'a plain global name'],
    ['dataLayerName', 'toString', 'a plain global name'],
    ['dataLayerName', 'my-layer', 'a plain global name'],
    ['dataLayerName', new String('dataLayer'), 'a plain global name'],
    ['emailCookie', 'true', 'a boolean'],
    ['debug', 1, 'a boolean'],
  ])('%s = %j is reported with what is expected, and the default is used', (name, value, expected) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = readConfig({ roktBridgeConfig: { [name]: value } });
    expect(config[name as keyof typeof config]).toEqual(DEFAULTS[name as keyof typeof DEFAULTS]);
    expect(warnings()).toContain(`[rokt-sgtm-bridge] roktBridgeConfig.${name} must be ${expected}; default used`);
  });

  it('one bad option does not discard the good ones', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig({ roktBridgeConfig: { debug: 'yes', attributionDays: 7 } })).toMatchObject({
      debug: false,
      attributionDays: 7,
    });
  });

  // Consent fails closed: the site meant something, and storing against its wish cannot be undone.
  it.each([
    ['a typo', 'deny'],
    ['another word', 'yes'],
    ['a String object', new String('denied')],
    ['a boolean', false],
    ['null', null],
  ])('consent given as %s is reported by name and treated as denied', (_what, value) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readConfig({ roktBridgeConfig: { consent: value } }).consent).toBe('denied');
    expect(warnings()).toEqual([
      "[rokt-sgtm-bridge] roktBridgeConfig.consent must be auto, granted or denied; denied until consent('granted')",
    ]);
  });

  it('a throwing getter on an option is reported, and that option alone gets its default (consent: denied)', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const given = {
      get consent(): string {
        throw new Error('boom');
      },
      get debug(): boolean {
        throw 0;
      },
      attributionDays: 7,
    };
    expect(readConfig({ roktBridgeConfig: given })).toMatchObject({
      consent: 'denied',
      debug: false,
      attributionDays: 7,
    });
    expect(warnings()).toEqual([
      "[rokt-sgtm-bridge] roktBridgeConfig.consent cannot be read; denied until consent('granted')",
      '[rokt-sgtm-bridge] roktBridgeConfig.debug cannot be read; default used',
    ]);
  });

  it('a window.roktBridgeConfig getter that throws gives the defaults, with consent denied', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const host = Object.defineProperty({}, 'roktBridgeConfig', {
      get() {
        throw 0;
      },
    });
    expect(readConfig(host)).toEqual({ ...DEFAULTS, consent: 'denied' });
    expect(warnings()).toContain(
      "[rokt-sgtm-bridge] roktBridgeConfig.consent cannot be read; denied until consent('granted')",
    );
  });
});
