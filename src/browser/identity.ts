import { ATTRIBUTION_DAYS, STORAGE_KEYS } from '../vocabulary/index.js';
import { emailSha256 } from './email.js';
import type { Log } from './log.js';
import { isRoktId } from './rokt-id.js';
import { firstValue, type Store } from './storage/store.js';
import type { Identity } from './types.js';

/** The Rokt ID. The same name is read by Rokt's own web SDK and by the sGTM templates. */
export const ID_KEY = STORAGE_KEYS.id;
/** When the ID was first seen (ms): the attribution window counts from here and is never extended by a visit. */
export const SEEN_KEY = STORAGE_KEYS.seen;
export const EMAIL_KEY = STORAGE_KEYS.email;
/** When the bundle last rewrote its cookies (ms); a cookie, so the daily refresh is per browser, not per subdomain. */
export const REFRESHED_KEY = STORAGE_KEYS.refreshed;
/**
 * When the identifiers were last cleared (clear() or a revoke), in ms: a registrable-domain cookie every subdomain
 * sees, and a localStorage copy per origin naming the clear that origin has applied to its own localStorage.
 */
export const CLEARED_KEY = STORAGE_KEYS.cleared;

/**
 * Set by the server-side "Rokt ID Keeper" tag beside `RoktTransactionId` and `RoktTransactionIdSeen` whenever it sets
 * them from the server (its value: the time of that server refresh, in ms). While it is present and the ID cookie
 * holds the value the bundle would write, the bundle never rewrites the ID cookies as a refresh.
 */
export const KEPT_KEY = STORAGE_KEYS.kept;

const DAY = 864e5;
/** The clear marker outlives any attribution window (at most 400 days, also the longest a browser keeps a cookie). */
const CLEARED_MS = ATTRIBUTION_DAYS.max * DAY;

export interface IdentityStores {
  /** Shared by every subdomain; first in priority. */
  cookie: Store;
  /** This origin's copy. */
  local: Store;
  /** Whether the email hash has a cookie too (by default it stays in localStorage and memory). */
  emailCookie: boolean;
}

/** The identifiers of this page: memory first, mirrored to the stores when consent allows. */
export interface IdentityKeeper {
  /** The known identifiers, unknown ones left out. */
  known(): Identity;
  /** Last click wins: a different ID replaces the one held, and is first seen now. True when it changed. */
  setId(id: string): boolean;
  /** True when the hash changed. */
  setEmailHash(hash: string): boolean;
  /** Fills memory from the stores (what memory holds wins) and drops an ID past its window. */
  restore(): void;
  /** Brings the stores in line with memory, doing only the writes that differ (see {@link identityKeeper}). */
  store(): void;
  /** Deletes every stored copy; memory is kept. */
  unstore(): void;
  /** Empties memory. */
  forget(): void;
  /** Records a clear for every subdomain (see {@link CLEARED_KEY}). */
  markCleared(): void;
}

/**
 * Keeps the identifiers in memory and mirrors them to the cookie and localStorage.
 *
 * **Storage policy.** A store is written only when it lacks a value or holds a different one, so a repeat visit with
 * everything in place reads `document.cookie` once and writes nothing. The one exception is the rolling refresh: when
 * the `RoktTransactionIdRefreshed` cookie is missing or older than 24 hours, the cookies are rewritten even though they
 * match. WebKit caps cookies a script writes on a landing page reached by a link-decorated navigation from a classified
 * tracker at 24 hours (webkit.org/blog/8828); a rewrite on a later page replaces them with full-window ones. WebKit's
 * other rule, deletion of all script-written storage after 7 days of browser use without an interaction
 * (github.com/WebKit/WebKit/pull/571), no rewrite can avoid. Expiries still count from first seen, so a refresh never
 * extends the attribution window. A cookie or localStorage copy the browser dropped is restored on the next visit,
 * since a missing copy is a difference.
 *
 * **A server-set cookie is left alone.** Safari deletes cookies written by script after 7 days of browser use without
 * an interaction, but lets one set in an HTTP response from the site's own origin or address range live its full
 * lifetime (docs/safari.md). When the `RoktTransactionIdKept` cookie says the server set the ID cookies and the ID
 * cookie already holds this page's ID, the refresh skips the ID and first-seen cookies: a script rewrite would replace
 * the server-set cookie with a script-written one. A new click (a different ID) is still written, and removes
 * `RoktTransactionIdKept`, which no longer describes the ID cookie; a clear or revoke deletes all three cookies.
 *
 * **Clears reach every subdomain.** localStorage is per origin, so after `clear()` on `checkout.` the copy on `www.`
 * would restore (and rewrite to the shared cookie) what was cleared. A clear therefore writes the `CLEARED_KEY` marker
 * cookie; an origin whose own marker differs drops its localStorage copies once before reading them.
 */
export function identityKeeper(stores: IdentityStores, windowMs: number, log: Log): IdentityKeeper {
  const { cookie, local } = stores;
  const idStores = [cookie, local];
  const emailStores = stores.emailCookie ? idStores : [local];
  let rtid: string | undefined;
  let seen = 0;
  let emailsha256: string | undefined;

  const readAll = (key: string, from: Store[]) => firstValue(from.map((store) => store.read(key)));

  /**
   * Writes `value` to each of `to` that does not hold it (every cookie among them when `refresh`); without a value,
   * removes it where present. True when a cookie was written.
   */
  function put(key: string, value: string | undefined, to: Store[], expires: Date, refresh: boolean): boolean {
    let cookieWritten = false;
    for (let i = 0; i < to.length; i++) {
      const current = to[i].read(key);
      if (value ? current !== value || (refresh && to[i] === cookie) : current) {
        if (value) to[i].write(key, value, expires);
        else to[i].remove(key);
        cookieWritten = cookieWritten || to[i] === cookie;
      }
    }
    return cookieWritten;
  }

  function mirror(id: string | undefined, hash: string | undefined): void {
    const now = Date.now();
    const expires = new Date((id ? seen : now) + windowMs);
    const refresh = !(+(cookie.read(REFRESHED_KEY) || 0) > now - DAY);
    const kept = cookie.read(KEPT_KEY);
    const refreshIds = refresh && !(kept && cookie.read(ID_KEY) === id);
    const idWritten = put(ID_KEY, id, idStores, expires, refreshIds);
    const seenWritten = put(SEEN_KEY, id && '' + seen, idStores, expires, refreshIds);
    const emailWritten = put(EMAIL_KEY, hash, emailStores, expires, refresh);
    if (kept && (idWritten || !id)) cookie.remove(KEPT_KEY);
    if (idWritten || seenWritten || emailWritten)
      put(REFRESHED_KEY, (id || hash) && '' + now, [cookie], expires, false);
    log(id || hash ? 'stored' : 'unstored');
  }

  /** Applies a clear made on another subdomain to this origin's localStorage, once. */
  function applyClearFromElsewhere(): void {
    const cleared = cookie.read(CLEARED_KEY);
    if (cleared && local.read(CLEARED_KEY) !== cleared) {
      [ID_KEY, SEEN_KEY, EMAIL_KEY].forEach((key) => {
        local.remove(key);
      });
      local.write(CLEARED_KEY, cleared, new Date(+cleared + CLEARED_MS));
      log('applied a clear from another subdomain');
    }
  }

  return {
    // The JSON round trip leaves out the identifiers not known yet.
    known: () => JSON.parse(JSON.stringify({ rtid, emailsha256 })),
    setId(id) {
      if (id === rtid) return false;
      rtid = id;
      seen = Date.now();
      return true;
    },
    setEmailHash(hash) {
      if (hash === emailsha256) return false;
      emailsha256 = hash;
      return true;
    },
    restore() {
      applyClearFromElsewhere();
      const id = readAll(ID_KEY, idStores);
      const hash = readAll(EMAIL_KEY, emailStores);
      // What memory holds was captured on this page: newer than anything stored.
      if (isRoktId(id) && (!rtid || rtid === id)) {
        rtid = id;
        seen = +(readAll(SEEN_KEY, idStores) || 0) || seen || Date.now();
      }
      // Only a lowercase hex digest comes back from emailSha256 unchanged (not an address, which it would hash).
      if (!emailsha256 && hash && emailSha256(hash) === hash) emailsha256 = hash;
      if (rtid && seen + windowMs < Date.now()) {
        rtid = undefined;
        mirror(rtid, emailsha256);
      }
    },
    store: () => mirror(rtid, emailsha256),
    unstore: () => mirror(undefined, undefined),
    forget() {
      rtid = emailsha256 = undefined;
    },
    markCleared() {
      const now = Date.now();
      idStores.forEach((store) => {
        store.write(CLEARED_KEY, '' + now, new Date(now + CLEARED_MS));
      });
    },
  };
}
