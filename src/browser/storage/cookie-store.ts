import { registrableDomain } from './registrable-domain.js';
import type { Store } from './store.js';

/**
 * First-party cookies: `path=/`, `SameSite=Lax`, `Secure` on https, on the registrable domain (or `cookieDomain` when
 * given) so the value survives a hop from `www.` to `checkout.`. The domain is found on the first write, once per
 * page: the probe itself writes cookies, which must wait until a write is due and allowed, and a transient probe
 * failure must not flip later writes to host-only (analytics-next#1397).
 *
 * Reads come from one parse of `document.cookie` per task: in Chromium each access is a synchronous round trip to the
 * browser process, and a page load reads several keys at once. The store keeps that snapshot in step with its own
 * writes and drops it when the task ends, so a later call sees what other scripts changed meanwhile.
 *
 * Values are written as they are: every value the bundle stores (the Rokt ID, a time in ms, a hex digest) is made of
 * cookie-safe characters by its rule (test/vectors/identifiers.json), so no encoding is needed, and none is undone.
 */
export function cookieStore(cookieDomain: string): Store {
  let snapshot: Record<string, string[]> | undefined;

  function jar(): Record<string, string[]> {
    if (!snapshot) {
      snapshot = {};
      const pairs = document.cookie.split('; ');
      for (let i = 0; i < pairs.length; i++) {
        const at = pairs[i].indexOf('=');
        const name = pairs[i].slice(0, at);
        (snapshot[name] = snapshot[name] || []).push(pairs[i].slice(at + 1));
      }
      Promise.resolve().then(() => {
        snapshot = undefined;
      });
    }
    return snapshot;
  }

  let probed = false;
  let registrable: string | undefined;
  function domain(): string | undefined {
    if (!cookieDomain && !probed) {
      probed = true;
      registrable = registrableDomain(location.hostname);
    }
    return cookieDomain || registrable;
  }
  const set = (key: string, value: string, expires: Date, on?: string) => {
    document.cookie =
      key +
      '=' +
      value +
      '; path=/' +
      (on ? '; domain=' + on : '') +
      '; expires=' +
      expires.toUTCString() +
      '; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  };

  return {
    read(key) {
      // Two cookies of one name: a stale host-only copy (an older script, or a write before the domain was known)
      // shadows ours. Remove it and read again.
      if ((jar()[key] || []).length > 1 && domain()) {
        set(key, '', new Date(0));
        snapshot = undefined;
      }
      return (jar()[key] || [])[0] || undefined;
    },
    write(key, value, expires) {
      set(key, value, expires, domain());
      if (snapshot) snapshot[key] = [value];
    },
    remove(key) {
      // A cookie is removed only by a write with its own domain and path (js-cookie#597): the domain cookie, then any
      // host-only copy.
      set(key, '', new Date(0), domain());
      set(key, '', new Date(0));
      if (snapshot) delete snapshot[key];
    },
  };
}
