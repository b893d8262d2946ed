import Cookies from 'js-cookie';
import type { Store } from './store';

/**
 * First-party cookies through js-cookie: `path=/`, `SameSite=Lax`, `Secure` on https, on the registrable domain so
 * the value survives a hop from `www.` to `checkout.`. `domain` is a function because finding the registrable domain
 * writes a probe cookie, which must wait until storage is allowed.
 */
export function cookieStore(doc: Document, domain: () => string | undefined, secure: boolean): Store {
  return (key, value, expires) => {
    if (value === undefined) {
      // Two cookies of one name: a stale host-only copy (an older script, or a write before the domain was known)
      // shadows ours in document.cookie. Remove it; the domain cookie is then the one read.
      if (('; ' + doc.cookie).split('; ' + key + '=')[2] !== undefined && domain()) Cookies.remove(key);
      return Cookies.get(key);
    }
    const attributes: Cookies.CookieAttributes = { path: '/', domain: domain(), sameSite: 'Lax', secure, expires };
    if (value) Cookies.set(key, value, attributes);
    else {
      // js-cookie removes only the cookie whose domain and path match exactly (js-cookie#597): the domain cookie
      // and any host-only copy.
      Cookies.remove(key, attributes);
      Cookies.remove(key);
    }
  };
}
