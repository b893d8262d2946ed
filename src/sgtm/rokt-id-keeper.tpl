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
  "displayName": "Rokt ID Keeper",
  "categories": ["ADVERTISING", "CONVERSIONS", "UTILITY"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "rokt-sgtm-bridge"
  },
  "description": "Fire on every GA4 event. Keeps the Rokt click ID (rtid) in a RoktTransactionId cookie set by the server, which outlives script-set cookies.",
  "containerContexts": [
    "SERVER"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "cookieDomain",
    "displayName": "Cookie domain",
    "simpleValueType": true,
    "defaultValue": "auto",
    "help": "\u003ccode\u003eauto\u003c/code\u003e: the registrable domain of the request host (example.com for metrics.example.com), as the browser bundle writes it. Set a domain only when the bundle's \u003ccode\u003ecookieDomain\u003c/code\u003e option is set, and to the same value."
  },
  {
    "type": "TEXT",
    "name": "attributionDays",
    "displayName": "Attribution window (days)",
    "simpleValueType": true,
    "defaultValue": "90",
    "valueValidators": [
      {
        "type": "POSITIVE_NUMBER"
      }
    ],
    "help": "Counted from the click (first seen), never extended by a visit; 1 to 400 whole days. The same in the three Rokt templates and the bundle's \u003ccode\u003eattributionDays\u003c/code\u003e: a RoktTransactionId cookie older than this is neither kept nor sent."
  },
  {
    "type": "TEXT",
    "name": "roktIdKeys",
    "displayName": "Event data keys that may hold the Rokt ID",
    "simpleValueType": true,
    "defaultValue": "rtid,rclid,passbackconversiontrackingid",
    "help": "Comma-separated, tried in order; then \u003ccode\u003ertid\u003c/code\u003e or \u003ccode\u003erclid\u003c/code\u003e in the query or fragment of \u003ccode\u003epage_location\u003c/code\u003e (a newer click); then the \u003ccode\u003eRoktTransactionId\u003c/code\u003e cookie of the request. A value that breaks the Rokt ID rule (1–100 characters of A–Z, a–z, 0–9, dot, underscore, tilde, hyphen) is skipped."
  },
  {
    "type": "CHECKBOX",
    "name": "httpOnly",
    "checkboxText": "HttpOnly cookies (hidden from the page's scripts)",
    "simpleValueType": true,
    "defaultValue": false,
    "help": "Off by default, so the bundle, Rokt's own web SDK and \u003ccode\u003eroktBridge.clear()\u003c/code\u003e can read and delete the cookies. When on, a clear() in the browser cannot delete them: only a hit whose Consent Mode state denies ad_storage makes this tag delete them."
  },
  {
    "type": "GROUP",
    "name": "behaviourGroup",
    "displayName": "Consent and logging",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      {
        "type": "SELECT",
        "name": "consentMode",
        "displayName": "Consent",
        "macrosInSelect": false,
        "selectItems": [
          {
            "value": "respect",
            "displayValue": "Respect Consent Mode: when the hit says ad_storage is denied, set nothing and delete the cookies"
          },
          {
            "value": "ignore",
            "displayValue": "Ignore Consent Mode (consent is handled by the trigger)"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "respect"
      },
      {
        "type": "SELECT",
        "name": "unknownConsent",
        "displayName": "When the hit carries no Consent Mode state",
        "macrosInSelect": false,
        "selectItems": [
          {
            "value": "keep",
            "displayValue": "Keep the Rokt ID (the site does not use Consent Mode)"
          },
          {
            "value": "skip",
            "displayValue": "Set nothing"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "keep",
        "help": "A hit has no Consent Mode state (\u003ccode\u003ex-ga-gcs\u003c/code\u003e) when the site does not use Consent Mode. Keep sets the cookies whatever a banner said: choose it only if your GA4 tags send nothing before consent.",
        "enablingConditions": [
          {
            "paramName": "consentMode",
            "paramValue": "respect",
            "type": "EQUALS"
          }
        ]
      },
      {
        "type": "RADIO",
        "name": "logType",
        "displayName": "Log to console",
        "radioItems": [
          {
            "value": "debug",
            "displayValue": "In debug and preview only"
          },
          {
            "value": "always",
            "displayValue": "Always (every hit writes to Cloud Logging, which is billed)"
          },
          {
            "value": "never",
            "displayValue": "Never"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "debug"
      }
    ]
  }
]


___SANDBOXED_JS_FOR_SERVER___

const decodeUriComponent = require('decodeUriComponent');
const getContainerVersion = require('getContainerVersion');
const getCookieValues = require('getCookieValues');
const getEventData = require('getEventData');
const getTimestampMillis = require('getTimestampMillis');
const getType = require('getType');
const logToConsole = require('logToConsole');
const makeNumber = require('makeNumber');
const makeString = require('makeString');
const Math = require('Math');
const setCookie = require('setCookie');

const LOG_PREFIX = 'Rokt ID Keeper: ';

/*==============================================================================
  Shared: values from event data
==============================================================================*/

const DAY_MS = 86400000;

// Only strings and numbers are identifiers or objectData values; Rokt wants every value as a string.
function toText(value) {
  const type = getType(value);
  if (type === 'string') return value;
  if (type === 'number') return makeString(value);
  return undefined;
}

// GA4's user-provided data may hold a list of addresses; the first one is the customer's.
function firstOf(value) {
  return getType(value) === 'array' ? value[0] : value;
}

function matches(text, pattern) {
  return text.match(pattern) !== null;
}

function splitKeys(list) {
  return makeString(list)
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key !== '');
}

/*==============================================================================
  Shared: the "Log to console" field (logType)
==============================================================================*/

// Every line reaches Cloud Logging, which a busy shop pays for: by default only Preview and debug runs log. Same
// choice and same getContainerVersion() test as stape-io/facebook-tag's logType
// (https://github.com/stape-io/facebook-tag/blob/98500beca256aaaff968ea21f552546f4e7be5af/template.js).
const LOGGING_ENABLED = isLoggingEnabled();

function isLoggingEnabled() {
  if (data.logType === 'always') return true;
  if (data.logType === 'never') return false;
  const version = getContainerVersion();
  return !!(version && (version.debugMode || version.previewMode));
}

function log(message) {
  if (LOGGING_ENABLED) logToConsole(LOG_PREFIX + message);
}

/*==============================================================================
  Shared: Consent Mode state of the hit
==============================================================================*/

// 'G1' + ad_storage + analytics_storage, each '1' granted or '0' denied (ad_storage is the third character:
// stape-io/facebook-tag#65). Anything else, or no x-ga-gcs at all, is unknown.
const CONSENT_STATE_KEY = 'x-ga-gcs';
const CONSENT_STATE_PATTERN = '^G1[01][01]$';

// 'granted', 'denied' or 'unknown'.
function adStorageConsent() {
  const state = toText(getEventData(CONSENT_STATE_KEY));
  if (state === undefined || !matches(state, CONSENT_STATE_PATTERN)) return 'unknown';
  return state.charAt(2) === '1' ? 'granted' : 'denied';
}

/*==============================================================================
  Shared: the Rokt ID (the browser bundle's rule, test/vectors/identifiers.json)
==============================================================================*/

const ROKT_ID_COOKIE = 'RoktTransactionId';
const ROKT_ID_URL_PARAMS = ['rtid', 'rclid'];
const DEFAULT_ROKT_ID_KEYS = 'rtid,rclid,passbackconversiontrackingid';

// Last click wins: a Rokt ID in the URL of the page the hit reports is a click made on this page view, so it beats
// the hit's own parameters (which may carry what the page had stored before the click), which beat storedId, what an
// earlier visit left in the cookie (the caller passes it once checked against the attribution window).
function findRoktId(keyList, storedId) {
  return findRoktIdInUrl(getEventData('page_location')) || findRoktIdInEventData(keyList) || storedId;
}

function findRoktIdInEventData(keyList) {
  const keys = splitKeys(keyList || DEFAULT_ROKT_ID_KEYS);
  for (let i = 0; i < keys.length; i++) {
    const id = normaliseRoktId(getEventData(keys[i]));
    if (id) return id;
  }
  return undefined;
}

// getCookieValues decodes each value once, as the browser's one decoding of the URL parameter.
function findRoktIdInCookie() {
  const cookies = getCookieValues(ROKT_ID_COOKIE);
  for (let i = 0; i < cookies.length; i++) {
    const id = normaliseRoktId(cookies[i]);
    if (id) return id;
  }
  return undefined;
}

// As the bundle reads a landing URL: each name in the query, then each name in the fragment, where a hash route's
// own query (#/landing?rtid=…) starts at the fragment's first '?'. The first value that passes the rule wins.
function findRoktIdInUrl(url) {
  const text = toText(url);
  if (!text) return undefined;
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.substring(0, hashAt);
  const fragment = hashAt < 0 ? '' : text.substring(hashAt + 1);
  const parts = [afterFirst(beforeHash, '?', ''), afterFirst(fragment, '?', fragment)];
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < ROKT_ID_URL_PARAMS.length; j++) {
      const id = findRoktIdParam(parts[i], ROKT_ID_URL_PARAMS[j]);
      if (id) return id;
    }
  }
  return undefined;
}

/*==============================================================================
  Shared: one URL parameter holding the Rokt ID (server and web templates)
==============================================================================*/

const ROKT_ID_PATTERN = '^[A-Za-z0-9._~-]{1,100}$';

// Names and values are decoded as the bundle's URLSearchParams decodes them: '+' is a space, then one percent-decoding
// (?%72tid= is rtid). A malformed escape fails decodeUriComponent, where URLSearchParams keeps the '%': either way the
// name is not rtid and the value breaks the rule, so both sides agree.
function findRoktIdParam(query, name) {
  const pairs = query.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const separator = pairs[i].indexOf('=');
    if (separator > 0 && decodeFormText(pairs[i].substring(0, separator)) === name) {
      const id = normaliseRoktId(decodeFormText(pairs[i].substring(separator + 1)));
      if (id) return id;
    }
  }
  return undefined;
}

function decodeFormText(text) {
  return decodeUriComponent(text.split('+').join(' '));
}

function afterFirst(text, separator, otherwise) {
  const at = text.indexOf(separator);
  return at < 0 ? otherwise : text.substring(at + 1);
}

function normaliseRoktId(value) {
  const text = toText(value);
  return text !== undefined && matches(text, ROKT_ID_PATTERN) ? text : undefined;
}

/*==============================================================================
  Shared: the attribution window (the browser bundle's rule, src/browser/bridge.ts)
==============================================================================*/

// First seen (unix ms) of the stored Rokt ID, written next to it; the window counts from it and no visit extends it.
const ROKT_ID_SEEN_COOKIE = 'RoktTransactionIdSeen';
// Unix ms of the server's last refresh of the three cookies (agreed with the bundle, which leaves them alone).
const ROKT_ID_KEPT_COOKIE = 'RoktTransactionIdKept';
const DEFAULT_ATTRIBUTION_DAYS = 90;
const MAX_ATTRIBUTION_DAYS = 400;
const TIMESTAMP_PATTERN = '^[0-9]{1,15}$';

// The attribution window in ms from the attributionDays field, or undefined when it is not 1 to 400 whole days.
function attributionWindowMs(days) {
  const value = days === undefined || days === '' ? DEFAULT_ATTRIBUTION_DAYS : makeNumber(days);
  const valid = value >= 1 && value <= MAX_ATTRIBUTION_DAYS && Math.floor(value) === value;
  return valid ? value * DAY_MS : undefined;
}

// The first well-formed timestamp among the request's cookies of that name.
function readTimestampCookie(name) {
  const values = getCookieValues(name);
  for (let i = 0; i < values.length; i++) {
    if (matches(values[i], TIMESTAMP_PATTERN)) return makeNumber(values[i]);
  }
  return undefined;
}

// The Rokt ID of the request's RoktTransactionId cookie, judged as the ID Keeper judges it: its first-seen time (a time
// in the future is clamped to now), and whether its window has ended, in which case id is undefined.
function readStoredRoktId(windowMs, now) {
  const id = findRoktIdInCookie();
  const seenCookie = readTimestampCookie(ROKT_ID_SEEN_COOKIE);
  const seen = seenCookie === undefined ? undefined : Math.min(seenCookie, now);
  const expired = !!(id && seen !== undefined && seen + windowMs <= now);
  return {
    id: expired ? undefined : id,
    seen: seen,
    kept: readTimestampCookie(ROKT_ID_KEPT_COOKIE),
    expired: expired,
  };
}

/*==============================================================================
  Keeper constants
==============================================================================*/

const KEEPER_COOKIES = [ROKT_ID_COOKIE, ROKT_ID_SEEN_COOKIE, ROKT_ID_KEPT_COOKIE];
// A hit refreshes the cookies at most once per 24 hours (a new click always writes).
const REFRESH_INTERVAL_MS = DAY_MS;
const COOKIE_DOMAIN_PATTERN = '^(auto|\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*)$';

/*==============================================================================
  Main flow: always succeeds, unless the configuration is invalid
==============================================================================*/

const now = getTimestampMillis();
const windowMs = attributionWindowMs(data.attributionDays);
const cookieDomain = makeString(data.cookieDomain || 'auto').trim();

const configError = findConfigError();
if (configError) {
  log('nothing kept: ' + configError);
  return data.gtmOnFailure();
}

const consent = data.consentMode === 'ignore' ? 'granted' : adStorageConsent();
if (consent === 'denied') {
  const deleted = deleteKeeperCookies();
  log('ad_storage is denied in this hit (x-ga-gcs); nothing set' + (deleted ? ', ' + deleted + ' cookie(s) deleted.' : '.'));
  return data.gtmOnSuccess();
}
if (consent === 'unknown' && data.unknownConsent === 'skip') {
  log('no Consent Mode state in this hit; nothing set.');
  return data.gtmOnSuccess();
}

keepRoktId();
data.gtmOnSuccess();

/*==============================================================================
  Keeping the Rokt ID: same names, values and window as the browser bundle
==============================================================================*/

function keepRoktId() {
  const stored = readStoredRoktId(windowMs, now);
  const click = findRoktIdInUrl(getEventData('page_location'));
  const fromParameters = findRoktIdInEventData(data.roktIdKeys);
  // Last click wins: a Rokt ID in page_location is a click made on this page view. Without one, the cookie the request
  // carries stays: a different ID in the hit's parameters may be older (what a page had stored before), and its
  // first-seen time is unknown, so it never replaces the cookie and never gets a window of its own.
  const id = click || stored.id;
  if (!id) {
    if (fromParameters) log('a Rokt ID came only as an event parameter, without its first-seen time; nothing set.');
    else if (stored.expired) {
      log('the attribution window of the stored Rokt ID ended; ' + deleteKeeperCookies() + ' cookie(s) deleted.');
    } else log('no valid Rokt ID in this hit or its cookies; nothing set.');
    return;
  }
  const sameClick = id === stored.id;
  if (sameClick && stored.seen && stored.kept && stored.kept <= now && now - stored.kept < REFRESH_INTERVAL_MS) {
    log('the cookies were refreshed by the server less than 24 hours ago; nothing set.');
    return;
  }
  // The first-seen time travels with its ID: the same ID clicked again keeps it, so no visit extends the window.
  const seen = sameClick && stored.seen !== undefined ? stored.seen : now;
  const maxAge = Math.min(Math.floor((seen + windowMs - now) / 1000), MAX_ATTRIBUTION_DAYS * 86400);
  const options = cookieOptions(maxAge);
  setCookie(ROKT_ID_COOKIE, id, options);
  setCookie(ROKT_ID_SEEN_COOKIE, makeString(seen), options);
  setCookie(ROKT_ID_KEPT_COOKIE, makeString(now), options);
  log(
    (sameClick ? 'refreshed the stored Rokt ID' : 'kept a new Rokt ID from this hit') +
      '; ' + Math.floor(maxAge / 86400) + ' day(s) of its window left.'
  );
}

// Deletes each keeper cookie the request carries (same domain and path, so the browser matches it); returns how many.
function deleteKeeperCookies() {
  let deleted = 0;
  KEEPER_COOKIES.forEach((name) => {
    if (getCookieValues(name).length) {
      setCookie(name, '', cookieOptions(0));
      deleted++;
    }
  });
  return deleted;
}

// Option names as production server tags spell them (stape-io/facebook-tag, template.js at 98500be: `domain: 'auto'`,
// `path`, `samesite`, `secure`, `'max-age'`, `HttpOnly`). sGTM ignores the camel-case `httpOnly`: the cookie is set
// without the flag (stape-io/facebook-tag#16), so only `HttpOnly` is passed. setCookie adds a Set-Cookie header to the
// response of the request being handled; with the GA4 client that is its answer to the /g/collect hit, sent after
// the tags ran; once a tag has had that response sent early (sendPixelFromBrowser), sGTM delivers later cookies by
// a follow-up /set_cookie request (https://stape.io/blog/set-cookie-requests-in-gtm).
function cookieOptions(maxAgeSeconds) {
  const options = {
    domain: cookieDomain,
    path: '/',
    samesite: 'Lax',
    secure: true,
    'max-age': maxAgeSeconds
  };
  if (data.httpOnly) options.HttpOnly = true;
  return options;
}

function findConfigError() {
  if (!windowMs) return 'the attribution window must be 1 to ' + MAX_ATTRIBUTION_DAYS + ' whole days.';
  if (!matches(cookieDomain, COOKIE_DOMAIN_PATTERN)) return 'the cookie domain must be auto or a domain name.';
  return undefined;
}


___SERVER_PERMISSIONS___

[
  {
    "instance": {
      "key": {
        "publicId": "read_event_data",
        "versionId": "1"
      },
      "param": [
        {
          "key": "eventDataAccess",
          "value": {
            "type": 1,
            "string": "any"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "get_cookies",
        "versionId": "1"
      },
      "param": [
        {
          "key": "cookieAccess",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "cookieNames",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "RoktTransactionId"
              },
              {
                "type": 1,
                "string": "RoktTransactionIdSeen"
              },
              {
                "type": 1,
                "string": "RoktTransactionIdKept"
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "set_cookies",
        "versionId": "1"
      },
      "param": [
        {
          "key": "allowedCookies",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "name" },
                  { "type": 1, "string": "domain" },
                  { "type": 1, "string": "path" },
                  { "type": 1, "string": "secure" },
                  { "type": 1, "string": "session" }
                ],
                "mapValue": [
                  { "type": 1, "string": "RoktTransactionId" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "any" },
                  { "type": 1, "string": "any" }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "name" },
                  { "type": 1, "string": "domain" },
                  { "type": 1, "string": "path" },
                  { "type": 1, "string": "secure" },
                  { "type": 1, "string": "session" }
                ],
                "mapValue": [
                  { "type": 1, "string": "RoktTransactionIdSeen" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "any" },
                  { "type": 1, "string": "any" }
                ]
              },
              {
                "type": 3,
                "mapKey": [
                  { "type": 1, "string": "name" },
                  { "type": 1, "string": "domain" },
                  { "type": 1, "string": "path" },
                  { "type": 1, "string": "secure" },
                  { "type": 1, "string": "session" }
                ],
                "mapValue": [
                  { "type": 1, "string": "RoktTransactionIdKept" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "*" },
                  { "type": 1, "string": "any" },
                  { "type": 1, "string": "any" }
                ]
              }
            ]
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "logging",
        "versionId": "1"
      },
      "param": [
        {
          "key": "environments",
          "value": {
            "type": 1,
            "string": "all"
          }
        }
      ]
    },
    "clientAnnotations": {
      "isEditedByUser": true
    },
    "isRequired": true
  },
  {
    "instance": {
      "key": {
        "publicId": "read_container_data",
        "versionId": "1"
      },
      "param": []
    },
    "isRequired": true
  }
]


___TESTS___

scenarios:
- name: '[Capture] A Rokt ID in the query of page_location is kept in three server-set cookies'
  code: |-
    runCode(mockData);
    const options = { domain: 'auto', path: '/', samesite: 'Lax', secure: true, 'max-age': 7776000 };
    assertThat(cookiesSet).isEqualTo([
      { name: 'RoktTransactionId', value: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g', options: options },
      { name: 'RoktTransactionIdSeen', value: '1773480413589', options: options },
      { name: 'RoktTransactionIdKept', value: '1773480413589', options: options }
    ]);
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: '[Capture] A hash route carries the Rokt ID in its own query'
  code: |-
    eventData.page_location = 'https://www.shop.test/#/landing?rtid=abc123&next=/cart?step=2';
    runCode(mockData);
    assertThat(cookiesSet[0].value).isEqualTo('abc123');
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Last click] A click in page_location wins over a different rtid event parameter'
  code: |-
    eventData.rtid = '45670808';
    runCode(mockData);
    assertThat(cookiesSet[0].value).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
- name: '[Last click] An event parameter never replaces the cookie of the request with another ID'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    eventData.rtid = 'older-id-from-the-page';
    cookies.RoktTransactionId = ['newer-id'];
    cookies.RoktTransactionIdSeen = ['1773300000000'];
    runCode(mockData);
    assertThat(cookiesSet[0].name).isEqualTo('RoktTransactionId');
    assertThat(cookiesSet[0].value).isEqualTo('newer-id');
    assertThat(cookiesSet[1].value).isEqualTo('1773300000000');
- name: '[Last click] An ID only in event parameters, without its first-seen time, gets no window of its own'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    eventData.rtid = '45670808';
    runCode(mockData);
    assertThat(cookiesSet.length).isEqualTo(0);
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Window] A first-seen time in the future is clamped to now, so the cookie never outlives the window'
  code: |-
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = ['9999999999999'];
    runCode(mockData);
    assertThat(cookiesSet[1].value).isEqualTo('1773480413589');
    assertThat(cookiesSet[0].options['max-age']).isEqualTo(90 * 86400);
- name: '[Capture] An invalid Rokt ID sets nothing and the tag succeeds'
  code: |-
    eventData.page_location = 'https://www.shop.test/landing?rtid=abc%252Ddef';
    runCode(mockData);
    assertApi('setCookie').wasNotCalled();
    assertApi('gtmOnSuccess').wasCalled();
    assertApi('gtmOnFailure').wasNotCalled();
- name: '[Capture] No Rokt ID in the hit or its cookies sets nothing'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    runCode(mockData);
    assertApi('setCookie').wasNotCalled();
    assertThat(logs.join('\n').indexOf('no valid Rokt ID')).isGreaterThan(-1);
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Refresh] Cookies the server refreshed less than 24 hours ago are left alone'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - 10 * day)];
    cookies.RoktTransactionIdKept = [makeString(now - 23 * hour)];
    runCode(mockData);
    assertApi('setCookie').wasNotCalled();
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Refresh] After 24 hours the cookies are refreshed; the window still counts from first seen'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - 10 * day)];
    cookies.RoktTransactionIdKept = [makeString(now - 25 * hour)];
    runCode(mockData);
    assertThat(cookiesSet.length).isEqualTo(3);
    assertThat(cookiesSet[0].value).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
    assertThat(cookiesSet[1].value).isEqualTo(makeString(now - 10 * day));
    assertThat(cookiesSet[2].value).isEqualTo(makeString(now));
    assertThat(cookiesSet[0].options['max-age']).isEqualTo(80 * 86400);
- name: '[Refresh] Cookies written by the page script alone are rewritten by the server at once'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - hour)];
    runCode(mockData);
    assertThat(cookiesSet.length).isEqualTo(3);
    assertThat(cookiesSet[1].value).isEqualTo(makeString(now - hour));
- name: '[Window] At the end of the window the cookies are deleted and nothing is kept'
  code: |-
    eventData.page_location = 'https://www.shop.test/checkout';
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - 90 * day)];
    runCode(mockData);
    const gone = { domain: 'auto', path: '/', samesite: 'Lax', secure: true, 'max-age': 0 };
    assertThat(cookiesSet).isEqualTo([
      { name: 'RoktTransactionId', value: '', options: gone },
      { name: 'RoktTransactionIdSeen', value: '', options: gone }
    ]);
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Last click] A new click replaces the stored ID and starts a new window'
  code: |-
    cookies.RoktTransactionId = ['older-click'];
    cookies.RoktTransactionIdSeen = [makeString(now - 30 * day)];
    cookies.RoktTransactionIdKept = [makeString(now - hour)];
    runCode(mockData);
    assertThat(cookiesSet[0].value).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
    assertThat(cookiesSet[1].value).isEqualTo(makeString(now));
    assertThat(cookiesSet[0].options['max-age']).isEqualTo(90 * 86400);
- name: '[Last click] The same ID clicked again does not extend the window'
  code: |-
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - 30 * day)];
    cookies.RoktTransactionIdKept = [makeString(now - 2 * day)];
    runCode(mockData);
    assertThat(cookiesSet[1].value).isEqualTo(makeString(now - 30 * day));
    assertThat(cookiesSet[0].options['max-age']).isEqualTo(60 * 86400);
- name: '[Consent] ad_storage denied sets nothing and deletes the keeper cookies'
  code: |-
    eventData['x-ga-gcs'] = 'G101';
    cookies.RoktTransactionId = ['qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'];
    cookies.RoktTransactionIdSeen = [makeString(now - day)];
    cookies.RoktTransactionIdKept = [makeString(now - day)];
    runCode(mockData);
    assertThat(cookiesSet.map((c) => c.name + '=' + c.value + ';' + c.options['max-age'])).isEqualTo([
      'RoktTransactionId=;0',
      'RoktTransactionIdSeen=;0',
      'RoktTransactionIdKept=;0'
    ]);
    assertApi('gtmOnSuccess').wasCalled();
- name: '[Consent] A hit without a Consent Mode state keeps the ID by default, or sets nothing when told so'
  code: |-
    eventData['x-ga-gcs'] = undefined;
    runCode(mockData);
    assertThat(cookiesSet.length).isEqualTo(3);
    mockData.unknownConsent = 'skip';
    runCode(mockData);
    assertThat(cookiesSet.length).isEqualTo(3);
- name: '[Settings] HttpOnly is passed in the spelling sGTM applies'
  code: |-
    mockData.httpOnly = true;
    runCode(mockData);
    assertThat(cookiesSet[0].options.HttpOnly).isEqualTo(true);
    assertThat(cookiesSet[0].options.httpOnly).isUndefined();
- name: '[Settings] A configured cookie domain is used'
  code: |-
    mockData.cookieDomain = ' shop.test ';
    runCode(mockData);
    assertThat(cookiesSet[0].options.domain).isEqualTo('shop.test');
- name: '[Settings] An attribution window of 0 days sets nothing and fails the tag'
  code: |-
    mockData.attributionDays = '0';
    runCode(mockData);
    assertApi('setCookie').wasNotCalled();
    assertApi('gtmOnSuccess').wasNotCalled();
    assertApi('gtmOnFailure').wasCalled();
setup: |-
  const makeString = require('makeString');

  const now = 1773480413589;
  const hour = 3600000;
  const day = 24 * hour;
  const mockData = {
    cookieDomain: 'auto',
    attributionDays: '90',
    roktIdKeys: 'rtid,rclid,passbackconversiontrackingid',
    httpOnly: false,
    consentMode: 'respect',
    unknownConsent: 'keep',
    logType: 'always'
  };
  const eventData = {
    event_name: 'page_view',
    'x-ga-gcs': 'G111',
    page_location: 'https://www.shop.test/landing?utm_source=rokt&rtid=qjkp3xy7dtf9wvneazc5r2bh8ls1m06g'
  };
  const cookies = {};
  const cookiesSet = [];
  const logs = [];

  mock('getEventData', (keyPath) => eventData[keyPath]);
  mock('getCookieValues', (name) => cookies[name] || []);
  mock('getTimestampMillis', now);
  mock('logToConsole', (message) => logs.push(message));
  mock('setCookie', (name, value, options) => {
    cookiesSet.push({ name: name, value: value, options: options });
  });


___NOTES___

The "Rokt ID Keeper" server tag of rokt-sgtm-bridge: fire it on every GA4 event. Import it in the template editor
(Templates → Tag Templates → New → ⋮ → Import). Assembled from src/sgtm/source/rokt-id-keeper.tpl and
src/sgtm/shared/ by src/sgtm/assemble.mjs (npm run templates): edit those, not this file.
