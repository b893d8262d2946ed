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
  // @include ../shared/fields/attribution-days.json,
  // @include ../shared/fields/rokt-id-keys.json,
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
      // @include ../shared/fields/log-type.json
    ]
  }
]


___SANDBOXED_JS_FOR_SERVER___

const getTimestampMillis = require('getTimestampMillis');
const setCookie = require('setCookie');

const LOG_PREFIX = 'Rokt ID Keeper: ';

// @include ../shared/text.js

// @include ../shared/logging.js

// @include ../shared/consent.js

// @include ../shared/rokt-id.js

// @include ../shared/attribution-window.js

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
  // @include ../shared/permissions/read-event-data.json,
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
  // @include ../shared/permissions/logging.json
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
