___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "TAG",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Rokt Capture",
  "categories": ["ADVERTISING", "CONVERSIONS", "ATTRIBUTION"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "rokt-sgtm-bridge"
  },
  "description": "Keeps the Rokt click ID and the email's SHA-256 in first-party storage once ad_storage is granted, as the rokt-sgtm-bridge bundle does.",
  "containerContexts": [
    "WEB"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "email",
    "displayName": "Email (optional)",
    "simpleValueType": true,
    "help": "A variable holding the visitor's email address, its SHA-256 as hex, or a GA4 \u003ccode\u003euser_data\u003c/code\u003e object. Only the SHA-256 is kept; the address is never stored, pushed or logged."
  },
  // @include ../shared/fields/id-params.json,
  // @include ../shared/fields/attribution-days.json,
  {
    "type": "TEXT",
    "name": "cookieDomain",
    "displayName": "Cookie domain",
    "simpleValueType": true,
    "defaultValue": "auto",
    "help": "\u003ccode\u003eauto\u003c/code\u003e: the registrable domain (\u003ccode\u003ewww.shop.co.uk\u003c/code\u003e → \u003ccode\u003eshop.co.uk\u003c/code\u003e). Or a domain name; use the bundle's \u003ccode\u003ecookieDomain\u003c/code\u003e and the ID Keeper's when those are set."
  },
  {
    "type": "CHECKBOX",
    "name": "emailCookie",
    "checkboxText": "Also keep the email SHA-256 in a cookie (by default: localStorage only)",
    "simpleValueType": true,
    "defaultValue": false
  },
  // @include ../shared/fields/consent.json,
  // @include ../shared/fields/log-type.json
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

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
  setCookie(key, value, cookieOptions(seconds > 0 ? seconds : 0), false);
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
  ID_STORES.forEach((store) => store.write(CLEARED_KEY, makeString(now), now + CLEARED_MS));
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
function onConsentChange(type, granted) {
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
    { outputEncoding: 'hex' }
  );
}

/*==============================================================================
  Main flow
==============================================================================*/

const windowMs = attributionWindowMs(data.attributionDays);
if (windowMs === undefined) {
  log('Attribution window (days) must be a whole number from 1 to 400; nothing captured');
  return data.gtmOnFailure();
}
if (COOKIE_DOMAIN !== 'auto' && !matches(COOKIE_DOMAIN, DOMAIN_PATTERN)) {
  log('Cookie domain must be auto or a domain name; nothing captured');
  return data.gtmOnFailure();
}

// The identifiers live in template storage for the page's lifetime: the bundle's memory, which also holds them while
// consent is not granted (they still reach the dataLayer) and when storage is blocked.
let page = templateStorage.getItem('page');
if (!page) {
  page = { rtid: undefined, seen: 0, emailsha256: undefined, announced: undefined, listening: false };
  templateStorage.setItem('page', page);
}

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


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": { "publicId": "access_globals", "versionId": "1" },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "key" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" },
                  { "type": 1, "string": "execute" }
                ],
                "mapValue": [
                  { "type": 1, "string": "dataLayer" },
                  { "type": 8, "boolean": true },
                  { "type": 8, "boolean": true },
                  { "type": 8, "boolean": false }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": {
      "key": { "publicId": "access_consent", "versionId": "1" },
      "param": [
        {
          "key": "consentTypes",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "consentType" },
                  { "type": 1, "string": "read" },
                  { "type": 1, "string": "write" }
                ],
                "mapValue": [
                  { "type": 1, "string": "ad_storage" },
                  { "type": 8, "boolean": true },
                  { "type": 8, "boolean": false }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  // @include ../shared/permissions/get-cookies.json,
  {
    "instance": {
      "key": { "publicId": "set_cookies", "versionId": "1" },
      "param": [
        {
          "key": "allowedCookies",
          "value": {
            "type": 2,
            "listItem": [
              // @include ../shared/permissions/cookie-rows.json
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": {
      "key": { "publicId": "access_local_storage", "versionId": "1" },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              // @include ../shared/permissions/local-storage-read-write.json
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  // @include ../shared/permissions/get-url.json,
  {
    "instance": {
      "key": { "publicId": "logging", "versionId": "1" },
      "param": [{ "key": "environments", "value": { "type": 1, "string": "all" } }]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  {
    "instance": { "key": { "publicId": "access_template_storage", "versionId": "1" }, "param": [] },
    "isRequired": true
  },
  {
    "instance": { "key": { "publicId": "read_container_data", "versionId": "1" }, "param": [] },
    "isRequired": true
  }
]


___TESTS___

scenarios:
- name: A landing click is stored in the cookie and localStorage and pushed
  code: |-
    mock('getUrl', (part) => part === 'query' ? 'utm_source=rokt&rtid=click-1' : part === 'protocol' ? 'https' : '');
    runCode(fields);
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('setCookie').wasCalledWith('RoktTransactionId', 'click-1', {
      domain: 'auto', path: '/', 'max-age': 7776000, samesite: 'Lax', secure: true
    }, false);
    assertThat(localStorage.getItem('RoktTransactionId')).isEqualTo('click-1');
    assertThat(copyFromWindow('dataLayer')).isEqualTo([{ rtid: 'click-1', event: 'rokt_identity' }]);
- name: A fragment route's click is captured when the query has none
  code: |-
    mock('getUrl', (part) => part === 'fragment' ? '/landing?rclid=click-2' : '');
    runCode(fields);
    assertThat(localStorage.getItem('RoktTransactionId')).isEqualTo('click-2');
- name: An ID that breaks the rule is neither stored nor pushed
  code: |-
    mock('getUrl', (part) => part === 'query' ? 'rtid=%3Cscript%3E' : '');
    runCode(fields);
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('setCookie').wasNotCalled();
    assertThat(copyFromWindow('dataLayer')).isEqualTo([]);
- name: Without ad_storage nothing is stored, but the identity is pushed
  code: |-
    mock('getUrl', (part) => part === 'query' ? 'rtid=click-3' : '');
    mock('isConsentGranted', false);
    runCode(fields);
    assertApi('setCookie').wasNotCalled();
    assertThat(localStorage.getItem('RoktTransactionId')).isNull();
    assertThat(copyFromWindow('dataLayer')).isEqualTo([{ rtid: 'click-3', event: 'rokt_identity' }]);
    assertApi('addConsentListener').wasCalled();
- name: Only the email's SHA-256 is kept, after the hash is ready
  code: |-
    runCode({ email: ' Jane@Example.com ', idParams: 'rtid,rclid', attributionDays: '90', cookieDomain: 'auto' });
    callLater(() => {
      assertApi('gtmOnSuccess').wasCalled();
      assertThat(localStorage.getItem('RoktEmailSha256')).isEqualTo(janeHash);
      assertApi('setCookie').wasNotCalled();
      assertThat(copyFromWindow('dataLayer')).isEqualTo([{ emailsha256: janeHash, event: 'rokt_identity' }]);
    });
- name: An invalid attribution window fails the tag and stores nothing
  code: |-
    mock('getUrl', (part) => part === 'query' ? 'rtid=click-4' : '');
    runCode({ attributionDays: '401' });
    assertApi('gtmOnFailure').wasCalled();
    assertApi('setCookie').wasNotCalled();
setup: |-
  const localStorage = require('localStorage');
  const copyFromWindow = require('copyFromWindow');
  const callLater = require('callLater');
  const fields = { idParams: 'rtid,rclid', attributionDays: '90', cookieDomain: 'auto', consent: 'adStorage' };
  const janeHash = '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d';


___NOTES___

Assembled from src/web/source/rokt-capture.tpl of rokt-sgtm-bridge.
