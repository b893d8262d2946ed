import Cookies from 'js-cookie';
import type { Store } from './store';

/**
 * First-party cookies through js-cookie: `path=/`, `SameSite=Lax`, `Secure` on https, on the registrable domain so
 * the value survives a hop from `www.` to `checkout.`. `domain` is a function because finding the registrable domain
 * writes a probe cookie, which must wait until storage is allowed.
 */
export function cookieStore(doc: Document, domain: () => string | undefined, secure: boolean): Store {
  const attributes = (expires?: Date): Cookies.CookieAttributes => ({ path: '/', domain: domain(), sameSite: 'Lax', secure, expires });
  return {
    get(key) {
      // Two cookies of one name: a stale host-only copy (an older script, or a write before the domain was known)
      // shadows ours in document.cookie. Remove it; the domain cookie is then the one we read.
      if (`; ${doc.cookie}`.split(`; ${key}=`).length > 2 && domain()) Cookies.remove(key);
      return Cookies.get(key) || null;
    },
    set: (key, value, expires) => {
      Cookies.set(key, value, attributes(expires));
    },
    remove(key) {
      Cookies.remove(key, attributes());
      Cookies.remove(key);
    },
  };
}
