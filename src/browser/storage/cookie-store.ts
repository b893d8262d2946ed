import Cookies from 'js-cookie';
import { registrableDomain } from './registrable-domain.js';
import type { Store } from './store.js';

/**
 * First-party cookies through js-cookie: `path=/` (js-cookie's default), `SameSite=Lax`, `Secure` on https, on the
 * registrable domain (or `cookieDomain` when given) so the value survives a hop from `www.` to `checkout.`. The
 * domain is looked up on each write because finding it writes a probe cookie, which must wait until storage is
 * allowed. Reads the page's own `document` and `location`, as js-cookie does.
 */
export function cookieStore(cookieDomain: string): Store {
  const domain = () => cookieDomain || registrableDomain(location.hostname);
  return (key, value, expires) => {
    if (value === undefined) {
      // One read of document.cookie (a synchronous round trip to the browser process in Chromium) serves both the
      // value and the duplicate check. Our values never need js-cookie's percent-decoding: the Rokt ID, the
      // timestamp and the hex digest are all cookie-safe characters. Two cookies of one name means a stale host-only
      // copy (an older script, or a write before the domain was known) shadows ours: remove it, read again.
      const found = ('; ' + document.cookie).split('; ' + key + '=');
      if (found[2] !== undefined && domain()) {
        Cookies.remove(key);
        return Cookies.get(key);
      }
      return found[1] && found[1].split(';')[0];
    }
    const attributes: Cookies.CookieAttributes = {
      domain: domain(),
      sameSite: 'Lax',
      secure: location.protocol === 'https:',
      expires,
    };
    if (value) Cookies.set(key, value, attributes);
    else {
      // js-cookie removes only the cookie whose domain and path match exactly (js-cookie#597): the domain cookie
      // and any host-only copy.
      Cookies.remove(key, attributes);
      Cookies.remove(key);
    }
  };
}
