import { STORAGE_KEYS } from '../../vocabulary/index.js';

const PROBE = STORAGE_KEYS.probe;

/**
 * The widest domain this page may set cookies on (`shop.example.co.uk` for `www.shop.example.co.uk`), found the way
 * Segment's `tld()` and Meta's param builder do: write a probe cookie on each candidate from the shortest up and keep
 * the first one the browser accepts. The browser enforces the public-suffix list, so `co.uk` or `github.io` are
 * refused without us shipping the list. `undefined` means host-only (IP addresses, localhost, or every probe refused).
 * The cookie store calls it once per page (see cookie-store.ts).
 */
export function registrableDomain(hostname: string): string | undefined {
  const labels = hostname.split('.');
  // From the last two labels up; a single label (localhost) never loops, an IP address never starts.
  if (/^[\d.]+$|:/.test(hostname)) return;
  for (let i = labels.length - 1; i-- > 0; ) {
    const candidate = labels.slice(i).join('.');
    document.cookie = PROBE + '=1; path=/; domain=' + candidate;
    const accepted = document.cookie.indexOf(PROBE + '=1') >= 0;
    document.cookie = PROBE + '=; path=/; domain=' + candidate + '; expires=' + new Date(0).toUTCString();
    if (accepted) return candidate;
  }
}
