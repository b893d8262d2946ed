import { describe, expect, it } from 'vitest';
import { findBrowser } from '../../../src/cli/check/browser-path';
import { parseCheckOptions, UsageError } from '../../../src/cli/check/options';
import { withTestId } from '../../../src/cli/check/test-id';

describe('withTestId', () => {
  it('appends rtid and keeps the existing parameters byte for byte', () => {
    expect(withTestId('https://www.example.com/landing?utm_source=rokt&q=a%20b+c#top', 'rokt-check-1')).toBe(
      'https://www.example.com/landing?utm_source=rokt&q=a%20b+c&rtid=rokt-check-1#top',
    );
  });

  it('replaces an rtid already in the URL, because the bundle would take the first one', () => {
    expect(withTestId('https://example.com/?rtid=old&x=1', 'new')).toBe('https://example.com/?x=1&rtid=new');
  });
});

describe('parseCheckOptions', () => {
  it('reads every option', () => {
    expect(
      parseCheckOptions([
        'https://www.example.com/',
        '--email',
        'a@b.com',
        '--accept-consent',
        '#ok',
        '--conversion-url',
        'https://checkout.example.com/thanks',
        '--conversion-event',
        'order_placed',
        '--host-resolver-rules',
        'MAP * 127.0.0.1',
        '--timeout',
        '5',
        '--json',
      ]),
    ).toMatchObject({
      landingUrl: 'https://www.example.com/',
      email: 'a@b.com',
      acceptConsent: '#ok',
      conversionUrl: 'https://checkout.example.com/thanks',
      conversionEvent: 'order_placed',
      hostResolverRules: 'MAP * 127.0.0.1',
      timeoutMs: 5000,
      json: true,
    });
  });

  it('takes the pushed event as the conversion event', () => {
    expect(parseCheckOptions(['http://a.test/', '--push-conversion', 'purchase'])?.conversionEvent).toBe('purchase');
  });

  it.each([
    [[], 'give exactly one landing URL'],
    [['ftp://a.test/'], 'must start with http:// or https://'],
    [['www.example.com'], 'must be an absolute http(s) URL'],
    [['http://a.test/', '--conversion-url', 'http://a.test/t', '--push-conversion', 'p'], 'alternatives'],
    [['http://a.test/', '--timeout', 'soon'], '--timeout takes a number of seconds from 1 to 3600'],
    ...['0', '-1', '0.5', '1e9', '99999999', '3601', 'Infinity', 'NaN', '0x10', '', '1e3'].map((value) => [
      ['http://a.test/', `--timeout=${value}`],
      '--timeout takes a number of seconds from 1 to 3600',
    ]),
    [['http://a.test/', '--accept-consent', '#ok\u001b[2J'], '--accept-consent holds a control character'],
    [['http://a.test/', '--host-resolver-rules', 'MAP * 127.0.0.1\n--no-sandbox'], 'holds a control character'],
    [['http://a.test/\nX'], 'the landing URL holds a control character'],
    [['http://a.test/', '--accept-consent', '  '], '--accept-consent is empty'],
    [['http://a.test/', '--accept-consent', '#'.repeat(1001)], 'a CSS selector of at most 1000 characters'],
    [['http://a.test/', '--email', 'not-an-address'], '--email takes one email address'],
    [['http://a.test/', '--email', `${'a'.repeat(250)}@b.example`], 'an address of at most 254 characters'],
    [[`http://a.test/?q=${'x'.repeat(9000)}`], 'the landing URL is longer than 8192 characters'],
    [['http://a.test/', '--conversion-url', 'javascript:alert(1)'], 'must start with http:// or https://'],
    [['http://a.test/', '--dns-server', 'dns.example'], '--dns-server takes an IP address'],
    [['http://a.test/', '--dns-server', '127.0.0.1:99999'], '--dns-server takes an IP address'],
    [['http://a.test/', '--push-conversion', 'bad event'], '--push-conversion takes a GA4 event name'],
    [['http://a.test/', '--nope'], "Unknown option '--nope'"],
  ] as [string[], string][])('refuses %j with a message that says what to change', (args, message) => {
    expect(() => parseCheckOptions(args)).toThrow(UsageError);
    expect(() => parseCheckOptions(args)).toThrow(message);
  });

  it('takes --timeout in plain seconds, 1 to an hour, and bounds the whole run with it (default 60)', () => {
    expect(parseCheckOptions(['http://a.test/', '--timeout', '2.5'])?.timeoutMs).toBe(2500);
    expect(parseCheckOptions(['http://a.test/', '--timeout', '3600'])?.timeoutMs).toBe(3_600_000);
    expect(parseCheckOptions(['http://a.test/'])?.timeoutMs).toBe(60_000);
  });

  it('takes --dns-server as an IPv4 or IPv6 address with an optional port', () => {
    for (const server of ['10.0.0.2', '127.0.0.1:5353', '[::1]:5353', '2001:db8::53']) {
      expect(parseCheckOptions(['http://a.test/', '--dns-server', server])?.dnsServer).toBe(server);
    }
  });

  it('answers --help with no options', () => {
    expect(parseCheckOptions(['--help'])).toBeUndefined();
  });
});

describe('findBrowser', () => {
  const only = (path: string) => (candidate: string) => candidate === path;

  it('takes --browser when it exists, and refuses one that does not', () => {
    expect(findBrowser('/opt/chrome', {}, 'linux', only('/opt/chrome'))).toBe('/opt/chrome');
    expect(() => findBrowser('/opt/none', {}, 'linux', only('/opt/chrome'))).toThrow(
      '--browser /opt/none: no such file',
    );
  });

  it('prefers CHROME_PATH, then the usual places of the platform', () => {
    expect(findBrowser(undefined, { CHROME_PATH: '/x/chrome' }, 'linux', () => true)).toBe('/x/chrome');
    expect(findBrowser(undefined, {}, 'linux', only('/usr/bin/google-chrome'))).toBe('/usr/bin/google-chrome');
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser(undefined, {}, 'darwin', only(mac))).toBe(mac);
  });

  it('without a browser, lists where it looked and how to install one', () => {
    expect(() => findBrowser(undefined, {}, 'linux', () => false)).toThrow(
      /No Chrome or Chromium found[\s\S]*\/usr\/bin\/chromium[\s\S]*apt-get install chromium[\s\S]*--browser <path>/,
    );
  });
});
