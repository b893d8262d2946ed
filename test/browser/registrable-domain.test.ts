// The registrable domain is found by writing a probe cookie on each candidate, shortest first, and keeping the first
// one the browser accepts. happy-dom does not know the public-suffix list, so this test stands in for the browser's
// refusal with a document.cookie that drops writes for public suffixes, as Chromium does.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registrableDomain } from '../../src/browser/storage/registrable-domain';
import { freshPage, overrideCookie, realCookie } from './page';

const PUBLIC_SUFFIXES = ['uk', 'co.uk', 'test', 'io', 'github.io'];

function withPublicSuffixList(url: string) {
  freshPage(url);
  const real = realCookie();
  const attempts: string[] = [];
  overrideCookie(
    () => real.get?.call(document),
    (value) => {
      const domain = /;\s*domain=([^;]+)/i.exec(value)?.[1];
      if (domain && /RoktTransactionId_probe=1/.test(value)) attempts.push(domain);
      if (domain && PUBLIC_SUFFIXES.includes(domain.replace(/^\./, ''))) return; // refused, as a browser would
      real.set?.call(document, value);
    },
  );
  return attempts;
}

describe('registrableDomain', () => {
  afterEach(() => {
    delete (document as unknown as Record<string, unknown>).cookie;
    vi.restoreAllMocks();
  });

  it('finds example.co.uk for www.shop.example.co.uk, trying the public suffix first and stopping there', () => {
    const attempts = withPublicSuffixList('https://www.shop.example.co.uk/');
    expect(registrableDomain('www.shop.example.co.uk')).toBe('example.co.uk');
    expect(attempts).toEqual(['co.uk', 'example.co.uk']);
    expect(document.cookie).not.toContain('RoktTransactionId_probe');
  });

  it.each(['localhost', '127.0.0.1', '[::1]'])('%s stays host-only without probing', (host) => {
    const attempts = withPublicSuffixList('http://localhost/');
    expect(registrableDomain(host)).toBeUndefined();
    expect(attempts).toEqual([]);
  });
});
