import Cookies from 'js-cookie';

const PROBE = 'RoktTransactionId_probe';
const probed: Record<string, string | undefined> = {};

/**
 * The widest domain this page may set cookies on (`shop.example.co.uk` for `www.shop.example.co.uk`), found the way
 * Segment's `tld()` and Meta's param builder do: write a probe cookie on each candidate from the shortest up and keep
 * the first one the browser accepts. The browser enforces the public-suffix list, so `co.uk` or `github.io` are
 * refused without us shipping the list. `undefined` means host-only (IP addresses, localhost, or every probe refused).
 *
 * Memoised per hostname: a transient probe failure must not flip later writes to host-only (analytics-next#1397).
 */
export function registrableDomain(hostname: string): string | undefined {
  if (!(hostname in probed)) {
    probed[hostname] = undefined;
    const labels = hostname.split('.');
    // From the last two labels up; a single label (localhost) never loops, an IP address never starts.
    if (!/^[\d.]+$|:/.test(hostname)) {
      for (let i = labels.length - 1; i-- > 0 && !probed[hostname]; ) {
        const candidate = labels.slice(i).join('.');
        Cookies.set(PROBE, '1', { domain: candidate });
        if (Cookies.get(PROBE)) probed[hostname] = candidate;
        Cookies.remove(PROBE, { domain: candidate });
      }
    }
  }
  return probed[hostname];
}
