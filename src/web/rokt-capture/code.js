const addConsentListener = require('addConsentListener');
const createQueue = require('createQueue');
const JSON = require('JSON');
const localStorage = require('localStorage');
const makeString = require('makeString');
const setCookie = require('setCookie');
const sha256 = require('sha256');
const templateStorage = require('templateStorage');
const getTimestampMillis = require('getTimestampMillis');

// @include ../../sgtm/shared/text.js

// @include ../shared/logging.js

// @include ../../sgtm/shared/rokt-id-param.js

// @include ../../sgtm/shared/email-rule.js

// @include ../shared/page-url.js

// @include ../shared/attribution-days.js

// @include ../shared/stored-identity.js

/*==============================================================================
  The bundle's storage rules (src/browser/identity.ts), write side
==============================================================================*/

// The clear marker outlives any attribution window (400 days, also the longest a browser keeps a cookie).
const CLEARED_MS = 400 * DAY_MS;
const DOMAIN_PATTERN = '^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*$';
const EPOCH = 'Thu, 01 Jan 1970 00:00:00 GMT';

const cookieStore = { read: readOwnCookie, write: writeCookie, remove: removeCookie, isCookie: true };
const localStore = { read: readLocal, write: writeLocal, remove: removeLocal, isCookie: false };
const ID_STORES = [cookieStore, localStore];
const EMAIL_STORES = data.emailCookie === true ? ID_STORES : [localStore];
const COOKIE_DOMAIN = makeString(data.cookieDomain || 'auto').trim();
const SECURE = getUrl('protocol') === 'https';

// Two cookies of one name: a stale host-only copy (an older script, or a write before the domain was known) shadows
// ours, as the bundle's cookie store finds. Remove it and read again: with a single cookie there is nothing to remove.
function readOwnCookie(key) {
  if (getCookieValues(key, false).length > 1) {
    setCookie(key, '', { path: '/', expires: EPOCH, samesite: 'Lax', secure: SECURE }, false);
  }
  return readCookie(key);
}

// First-party cookies as the bundle writes them: the registrable domain ('auto'), path=/, SameSite=Lax, Secure on
// https; the lifetime runs to `expires` (ms), so a refresh never extends the window.
function writeCookie(key, value, expires) {
  const seconds = Math.ceil((expires - getTimestampMillis()) / 1000);
  setCookie(key, value, cookieOptions(Math.max(seconds, 0)), false);
}

// A cookie goes only with a write of its own domain and path: the domain cookie, then any host-only copy.
function removeCookie(key) {
  setCookie(key, '', cookieOptions(0), false);
  setCookie(key, '', { path: '/', expires: EPOCH, samesite: 'Lax', secure: SECURE }, false);
}

// A deletion is an expiry in the past, as the bundle writes it: every engine honours it at once.
function cookieOptions(maxAgeSeconds) {
  const options = { domain: COOKIE_DOMAIN, path: '/', samesite: 'Lax', secure: SECURE };
  if (maxAgeSeconds > 0) options['max-age'] = maxAgeSeconds;
  else options.expires = EPOCH;
  return options;
}

// localStorage keeps no expiry: the window is checked on every read.
function writeLocal(key, value) {
  localStorage.setItem(key, value);
}

function removeLocal(key) {
  localStorage.removeItem(key);
}

function readFirst(key, stores) {
  for (let i = 0; i < stores.length; i++) {
    const value = stores[i].read(key);
    if (value) return value;
  }
  return undefined;
}

// Writes value to each store that does not hold it (every cookie among them when refresh); without a value, removes
// it where present. True when a cookie was written.
function put(key, value, stores, expires, refresh) {
  let cookieWritten = false;
  stores.forEach((store) => {
    const current = store.read(key);
    if (value ? current !== value || (refresh && store.isCookie) : current) {
      if (value) store.write(key, value, expires);
      else store.remove(key);
      cookieWritten = cookieWritten || store.isCookie;
    }
  });
  return cookieWritten;
}

// Brings the stores in line with the page's identifiers, doing only the writes that differ, plus the daily refresh
// of the cookies; leaves the ID cookies the server-side ID Keeper set alone while they hold this ID.
function mirror(id, hash) {
  const now = getTimestampMillis();
  const expires = (id ? page.seen : now) + windowMs;
  const refresh = !(makeNumber(cookieStore.read(REFRESHED_KEY) || 0) > now - DAY_MS);
  const kept = cookieStore.read(KEPT_KEY);
  const refreshIds = refresh && !(kept && cookieStore.read(ID_KEY) === id);
  const idWritten = put(ID_KEY, id, ID_STORES, expires, refreshIds);
  const seenWritten = put(SEEN_KEY, id ? makeString(page.seen) : undefined, ID_STORES, expires, refreshIds);
  const emailWritten = put(EMAIL_KEY, hash, EMAIL_STORES, expires, refresh);
  if (kept && (idWritten || !id)) removeCookie(KEPT_KEY);
  if (idWritten || seenWritten || emailWritten) {
    put(REFRESHED_KEY, id || hash ? makeString(now) : undefined, [cookieStore], expires, false);
  }
  log(id || hash ? 'stored' : 'unstored');
}

// Applies a clear made on another subdomain to this origin's localStorage, once.
function applyClearFromElsewhere() {
  if (!localCopiesCleared()) return;
  const cleared = readCookie(CLEARED_KEY);
  [ID_KEY, SEEN_KEY, EMAIL_KEY].forEach(removeLocal);
  writeLocal(CLEARED_KEY, cleared);
  log('applied a clear from another subdomain');
}

// Fills the page's identifiers from the stores (what the page holds wins) and drops an ID past its window.
function restore() {
  applyClearFromElsewhere();
  const id = readFirst(ID_KEY, ID_STORES);
  const hash = readFirst(EMAIL_KEY, EMAIL_STORES);
  if (normaliseRoktId(id) && (!page.rtid || page.rtid === id)) {
    page.rtid = id;
    page.seen = makeNumber(readFirst(SEEN_KEY, ID_STORES) || 0) || page.seen || getTimestampMillis();
  }
  if (!page.emailsha256 && isHexDigest(hash)) page.emailsha256 = hash;
  if (page.rtid && page.seen + windowMs < getTimestampMillis()) {
    page.rtid = undefined;
    mirror(page.rtid, page.emailsha256);
  }
}

// Records a clear for every subdomain.
function markCleared() {
  const now = getTimestampMillis();
  ID_STORES.forEach((store) => {
    store.write(CLEARED_KEY, makeString(now), now + CLEARED_MS);
  });
}

/*==============================================================================
  The page's identifiers, the dataLayer and consent (src/browser/bridge.ts)
==============================================================================*/

const dataLayerPush = createQueue('dataLayer');

function known() {
  const identity = {};
  if (page.rtid) identity.rtid = page.rtid;
  if (page.emailsha256) identity.emailsha256 = page.emailsha256;
  return identity;
}

// Pushes rokt_identity when an identifier is known and differs from the last one pushed on this page.
function announce() {
  const identity = known();
  const key = JSON.stringify(identity);
  if (key === page.announced || key === '{}') return;
  page.announced = key;
  identity.event = 'rokt_identity';
  dataLayerPush(identity);
  log('pushed rokt_identity');
}

// Granting stores what the page holds; withdrawing deletes every stored copy, marks the clear for the other
// subdomains, forgets the identifiers and has GTM's data model forget them too.
function onConsentChange(_type, granted) {
  if (granted) {
    log('consent: restore and store');
    restore();
    mirror(page.rtid, page.emailsha256);
    announce();
    return;
  }
  log('consent: revoke');
  mirror(undefined, undefined);
  markCleared();
  page.rtid = undefined;
  page.emailsha256 = undefined;
  page.announced = undefined;
  dataLayerPush({ rtid: null, emailsha256: null });
}

// The email field: an address (hashed), a SHA-256 hex digest (kept, lowercased) or GA4 user_data; calls back with
// the digest, or undefined. GTM's web sha256 is asynchronous.
function hashEmail(value, done) {
  const given = getType(value) === 'object' ? value.sha256_email_address || value.email || value.email_address : value;
  const text = toText(firstOf(given));
  if (text === undefined || text.trim() === '') return done(undefined);
  const email = text.trim().toLowerCase();
  if (matches(email, HEX_DIGEST_PATTERN)) return done(email);
  const address = normaliseEmail(email);
  if (!address) {
    log('rejected email');
    return done(undefined);
  }
  sha256(
    address,
    (digest) => done(digest),
    () => {
      log('rejected email (this browser cannot hash)');
      done(undefined);
    },
    { outputEncoding: 'hex' },
  );
}

/*==============================================================================
  Main flow
==============================================================================*/

const windowMs = attributionWindowMs(data.attributionDays);

// The identifiers live in template storage for the page's lifetime: the bundle's memory, which also holds them while
// consent is not granted (they still reach the dataLayer) and when storage is blocked.
let page = templateStorage.getItem('page');
if (!page) {
  page = { rtid: undefined, seen: 0, emailsha256: undefined, announced: undefined, listening: false };
  templateStorage.setItem('page', page);
}

const configError = findConfigError();
if (configError) {
  log(configError + '; nothing captured');
  data.gtmOnFailure();
} else capture();

function findConfigError() {
  if (windowMs === undefined) return 'Attribution window (days) must be a whole number from 1 to 400';
  if (COOKIE_DOMAIN !== 'auto' && !matches(COOKIE_DOMAIN, DOMAIN_PATTERN)) {
    return 'Cookie domain must be auto or a domain name';
  }
  return undefined;
}

function capture() {
  // Stored values before the URL, so that a recaptured ID keeps the first-seen time stored with it.
  if (storageAllowed()) restore();
  const clicked = findRoktIdInPageUrl(splitKeys(data.idParams || DEFAULT_ID_PARAMS));
  if (clicked) log('captured ' + clicked.from);
  // Last click wins: a different ID replaces the one held, and is first seen now.
  if (clicked && clicked.id !== page.rtid) {
    page.rtid = clicked.id;
    page.seen = getTimestampMillis();
  }

  hashEmail(data.email, (digest) => {
    if (digest) page.emailsha256 = digest;
    if (page.rtid || page.emailsha256) {
      if (storageAllowed()) mirror(page.rtid, page.emailsha256);
      else log('held for consent');
    }
    announce();
    if (!page.listening && data.consent !== 'granted') {
      page.listening = true;
      addConsentListener('ad_storage', onConsentChange);
    }
    data.gtmOnSuccess();
  });
}
