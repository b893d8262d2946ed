import Cookies from 'js-cookie';
import { registrableDomain } from './registrable-domain';
import type { Store } from './store';

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
      // Two cookies of one name: a stale host-only copy (an older script, or a write before the domain was known)
      // shadows ours in document.cookie. Remove it; the domain cookie is then the one read.
      if (('; ' + document.cookie).split('; ' + key + '=')[2] !== undefined && domain()) Cookies.remove(key);
      return Cookies.get(key);
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
