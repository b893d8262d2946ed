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
  "displayName": "Rokt Event API",
  "categories": ["ADVERTISING", "CONVERSIONS"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "rokt-sgtm-bridge"
  },
  "description": "Sends conversions from a server container to Rokt, with the Rokt click ID and/or the email SHA-256. Respects Consent Mode; has a dry run.",
  "containerContexts": [
    "SERVER"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "TEXT",
    "name": "accountId",
    "displayName": "Rokt account ID",
    "simpleValueType": true,
    "alwaysInSummary": true,
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      }
    ]
  },
  {
    "type": "RADIO",
    "name": "apiMode",
    "displayName": "Endpoint",
    "radioItems": [
      {
        "value": "eventApi",
        "displayValue": "Event API: POST https://api.rokt.com/v2/events (Rokt ID and/or email hash)"
      },
      {
        "value": "conversionGet",
        "displayValue": "PII-less: GET https://apps.rokt.com/api/conv (Rokt ID only, no email in any form)"
      }
    ],
    "simpleValueType": true,
    "defaultValue": "eventApi"
  },
  {
    "type": "GROUP",
    "name": "credentialsGroup",
    "displayName": "Event API key pair",
    "groupStyle": "NO_ZIPPY",
    "subParams": [
      {
        "type": "TEXT",
        "name": "publicKey",
        "displayName": "Rokt public key",
        "simpleValueType": true,
        "valueHint": "rpub-…",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": ["^rpub-\\S+$"],
            "errorMessage": "The public key starts with rpub-"
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "secretKey",
        "displayName": "Rokt secret key",
        "simpleValueType": true,
        "valueHint": "rsec-…",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": ["^rsec-\\S+$"],
            "errorMessage": "The secret key starts with rsec-"
          }
        ]
      }
    ],
    "enablingConditions": [
      {
        "paramName": "apiMode",
        "paramValue": "eventApi",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "conversionGroup",
    "displayName": "Conversion",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      {
        "type": "TEXT",
        "name": "conversionType",
        "displayName": "Conversion type",
        "simpleValueType": true,
        "help": "Sent as objectData \u003ccode\u003econversiontype\u003c/code\u003e. Leave empty to use the GA4 event name, translated by the table below when it has a row for it."
      },
      {
        "type": "SIMPLE_TABLE",
        "name": "conversionTypeMap",
        "displayName": "GA4 event name → Rokt conversion type",
        "simpleTableColumns": [
          {
            "defaultValue": "",
            "displayName": "GA4 event name",
            "name": "eventName",
            "type": "TEXT"
          },
          {
            "defaultValue": "",
            "displayName": "Rokt conversion type",
            "name": "conversionType",
            "type": "TEXT"
          }
        ],
        "newRowButtonText": "Add mapping"
      },
      {
        "type": "TEXT",
        "name": "roktIdKeys",
        "displayName": "Event data keys that may hold the Rokt ID",
        "simpleValueType": true,
        "defaultValue": "rtid,rclid,passbackconversiontrackingid",
        "help": "Comma-separated, tried in order; then \u003ccode\u003ertid\u003c/code\u003e or \u003ccode\u003erclid\u003c/code\u003e in the query or fragment of \u003ccode\u003epage_location\u003c/code\u003e (a newer click); then the \u003ccode\u003eRoktTransactionId\u003c/code\u003e cookie of the request. A value that breaks the Rokt ID rule (1–100 characters of A–Z, a–z, 0–9, dot, underscore, tilde, hyphen) is skipped."
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "eventApiBodyGroup",
    "displayName": "Event API body",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      {
        "type": "SELECT",
        "name": "identifierPolicy",
        "displayName": "Identifiers to send",
        "macrosInSelect": false,
        "selectItems": [
          {
            "value": "both",
            "displayValue": "Email SHA-256 and Rokt ID"
          },
          {
            "value": "emailSha256",
            "displayValue": "Email SHA-256 only"
          },
          {
            "value": "roktId",
            "displayValue": "Rokt ID only"
          }
        ],
        "simpleValueType": true,
        "defaultValue": "both"
      },
      {
        "type": "CHECKBOX",
        "name": "sendRawEmail",
        "checkboxText": "Also send the raw email address (PII; only with the customer's agreement)",
        "simpleValueType": true,
        "defaultValue": false
      },
      {
        "type": "SIMPLE_TABLE",
        "name": "objectDataRows",
        "displayName": "Extra objectData",
        "help": "Added to (or replacing) the objectData built from event data. Names starting with \u003ccode\u003erokt.\u003c/code\u003e are reserved by Rokt and dropped, and so are the identifier names (\u003ccode\u003epassbackconversiontrackingid\u003c/code\u003e, \u003ccode\u003eemailsha256\u003c/code\u003e, \u003ccode\u003eemail\u003c/code\u003e).",
        "simpleTableColumns": [
          {
            "defaultValue": "",
            "displayName": "Name",
            "name": "name",
            "type": "TEXT"
          },
          {
            "defaultValue": "",
            "displayName": "Value",
            "name": "value",
            "type": "TEXT"
          }
        ],
        "newRowButtonText": "Add objectData"
      }
    ],
    "enablingConditions": [
      {
        "paramName": "apiMode",
        "paramValue": "eventApi",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "behaviourGroup",
    "displayName": "Consent, testing and logging",
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
            "displayValue": "Respect Consent Mode: send nothing when the hit says ad_storage is denied"
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
        "type": "CHECKBOX",
        "name": "dryRun",
        "checkboxText": "Dry run: build and log the request, send nothing (for QA in Preview; the raw email is never logged)",
        "simpleValueType": true,
        "defaultValue": false
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
const encodeUriComponent = require('encodeUriComponent');
const getContainerVersion = require('getContainerVersion');
const getCookieValues = require('getCookieValues');
const getEventData = require('getEventData');
const getTimestampMillis = require('getTimestampMillis');
const getType = require('getType');
const JSON = require('JSON');
const logToConsole = require('logToConsole');
const makeString = require('makeString');
const makeTableMap = require('makeTableMap');
const Math = require('Math');
const sendHttpRequest = require('sendHttpRequest');
const sha256Sync = require('sha256Sync');
const toBase64 = require('toBase64');

const LOG_PREFIX = 'Rokt Event API: ';

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
const ROKT_ID_PATTERN = '^[A-Za-z0-9._~-]{1,100}$';

// Last click wins: the hit's own parameters (the bundle already chose the newest), then a click in the URL of the
// page the hit reports, then what an earlier visit stored in the cookie.
function findRoktId(keyList) {
  return findRoktIdInEventData(keyList) || findRoktIdInUrl(getEventData('page_location')) || findRoktIdInCookie();
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

function findRoktIdParam(query, name) {
  const pairs = query.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const separator = pairs[i].indexOf('=');
    if (separator > 0 && pairs[i].substring(0, separator) === name) {
      const id = normaliseRoktId(decodeUriComponent(pairs[i].substring(separator + 1)));
      if (id) return id;
    }
  }
  return undefined;
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
  Shared: the email SHA-256 (the browser bundle's rule, test/vectors/identifiers.json)
==============================================================================*/

const EMAIL_KEYS = [
  'emailsha256',
  'user_data.sha256_email_address',
  'user_data.email_address',
  'user_data.email',
  'email'
];
const RAW_EMAIL_KEYS = ['user_data.email_address', 'user_data.email', 'email'];
const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+$';
const HEX_DIGEST_PATTERN = '^[0-9a-f]{64}$';
// 32 bytes are 43 base64 digits (+ one '=' of padding); base64url swaps '+/' for '-_'.
const BASE64_DIGEST_PATTERN = '^[A-Za-z0-9+/_-]{43}=?$';
const BASE64_DIGEST_DIGITS = 43;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX_ALPHABET = '0123456789abcdef';

function findEmailSha256() {
  for (let i = 0; i < EMAIL_KEYS.length; i++) {
    const digest = normaliseEmailSha256(getEventData(EMAIL_KEYS[i]));
    if (digest) return digest;
  }
  return undefined;
}

function findRawEmail() {
  for (let i = 0; i < RAW_EMAIL_KEYS.length; i++) {
    const text = toText(firstOf(getEventData(RAW_EMAIL_KEYS[i])));
    const email = text !== undefined ? normaliseEmail(text) : undefined;
    if (email) return email;
  }
  return undefined;
}

// Never hashes a digest again: hex passes through, base64 is re-encoded, only an address is hashed.
function normaliseEmailSha256(value) {
  const text = toText(firstOf(value));
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (matches(trimmed.toLowerCase(), HEX_DIGEST_PATTERN)) return trimmed.toLowerCase();
  if (matches(trimmed, BASE64_DIGEST_PATTERN)) return base64DigestToHex(trimmed);
  const email = normaliseEmail(trimmed);
  return email ? sha256Sync(email, { outputEncoding: 'hex' }) : undefined;
}

function normaliseEmail(text) {
  const email = text.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && matches(email, EMAIL_PATTERN) ? email : undefined;
}

function base64DigestToHex(text) {
  const digits = text.split('-').join('+').split('_').join('/');
  let hex = '';
  let carry = 0;
  let carryBits = 0;
  for (let i = 0; i < BASE64_DIGEST_DIGITS; i++) {
    carry = carry * 64 + BASE64_ALPHABET.indexOf(digits.charAt(i));
    carryBits += 6;
    while (carryBits >= 4) {
      carryBits -= 4;
      const scale = Math.pow(2, carryBits);
      const nibble = Math.floor(carry / scale);
      hex += HEX_ALPHABET.charAt(nibble);
      carry -= nibble * scale;
    }
  }
  // 43 digits carry 258 bits: the last 2 are zero in the one canonical encoding of 32 bytes.
  return carry === 0 ? hex : undefined;
}

/*==============================================================================
  Shared: the Event API request body, from the same fields in the tag and the variable
==============================================================================*/

const EVENT_TYPE = 'conversion';
const FALLBACK_CONVERSION_TYPE = 'conversion';
const META_DATA = [{ name: 'source', value: 'sgtm' }];
const OBJECT_DATA_FROM_EVENT_DATA = [
  { name: 'amount', key: 'value' },
  { name: 'currency', key: 'currency' },
  { name: 'transactionid', key: 'transaction_id' },
  { name: 'confirmationref', key: 'transaction_id' },
  { name: 'couponcode', key: 'coupon' },
  { name: 'paymenttype', key: 'payment_type' }
];
const RESERVED_NAME_PREFIX = 'rokt.';
// Identifiers come only from event data and the identifier policy: an extra row must not replace or blank them.
const IDENTIFIER_NAMES = ['passbackconversiontrackingid', 'emailsha256', 'email'];
const CLIENT_EVENT_ID_PATTERN = '^[A-Za-z0-9_-]{1,36}$';
const CLIENT_EVENT_ID_LENGTH = 36;
// Fields that together identify one GA4 hit, so a retried or duplicated hit yields the same clientEventId.
const HIT_IDENTITY_KEYS = [
  'client_id',
  'ga_session_id',
  'x-ga-page_id',
  'x-ga-request_count',
  'event_name'
];

// What the fields identifierPolicy and sendRawEmail ask for; roktIdOnly for the PII-less GET.
function collectIdentifiers(roktIdOnly) {
  const policy = roktIdOnly ? 'roktId' : data.identifierPolicy || 'both';
  return {
    roktId: policy !== 'emailSha256' ? findRoktId(data.roktIdKeys) : undefined,
    emailSha256: policy !== 'roktId' ? findEmailSha256() : undefined,
    email: !roktIdOnly && data.sendRawEmail ? findRawEmail() : undefined
  };
}

function hasIdentifier(ids) {
  return !!(ids.roktId || ids.emailSha256 || ids.email);
}

function resolveConversionType() {
  if (data.conversionType) return makeString(data.conversionType);
  const eventName = toText(getEventData('event_name'));
  const mapped = eventName && makeTableMap(data.conversionTypeMap || [], 'eventName', 'conversionType');
  if (mapped && mapped[eventName]) return makeString(mapped[eventName]);
  return eventName || FALLBACK_CONVERSION_TYPE;
}

function buildEventApiBody(ids, type) {
  return {
    accountId: makeString(data.accountId),
    events: [
      {
        clientEventId: clientEventIdFor(type),
        eventType: EVENT_TYPE,
        eventTime: toIsoString(getTimestampMillis()),
        objectData: buildObjectData(ids, type),
        metaData: META_DATA
      }
    ]
  };
}

function buildObjectData(ids, type) {
  let objectData = [];
  addPair(objectData, 'passbackconversiontrackingid', ids.roktId);
  addPair(objectData, 'emailsha256', ids.emailSha256);
  addPair(objectData, 'email', ids.email);
  addPair(objectData, 'conversiontype', type);
  OBJECT_DATA_FROM_EVENT_DATA.forEach((field) => addPair(objectData, field.name, toText(getEventData(field.key))));
  (data.objectDataRows || []).forEach((row) => {
    const name = makeString(row.name).trim();
    if (name.toLowerCase().indexOf(RESERVED_NAME_PREFIX) === 0) {
      log('objectData "' + name + '" dropped: the prefix rokt. is reserved by Rokt.');
      return;
    }
    if (IDENTIFIER_NAMES.indexOf(name.toLowerCase()) >= 0) {
      log('objectData "' + name + '" dropped: identifiers come from event data and the identifier policy.');
      return;
    }
    objectData = withPair(objectData, name, toText(row.value));
  });
  return objectData;
}

// Deterministic, so that Rokt sees one ID for a hit that GA4 delivers twice.
function clientEventIdFor(conversionType) {
  const transactionId = toText(getEventData('transaction_id'));
  if (transactionId) {
    if (matches(transactionId, CLIENT_EVENT_ID_PATTERN)) return transactionId;
    return shortDigest(conversionType + '|' + transactionId);
  }
  return shortDigest(HIT_IDENTITY_KEYS.map((key) => toText(getEventData(key)) || '').join('|'));
}

function shortDigest(text) {
  return sha256Sync(text, { outputEncoding: 'hex' }).substring(0, CLIENT_EVENT_ID_LENGTH);
}

function addPair(list, name, value) {
  if (value !== undefined && value !== '') list.push({ name: name, value: value });
}

// An extra row replaces a built pair of the same name; an empty value removes it.
function withPair(list, name, value) {
  if (!name) return list;
  const kept = list.filter((pair) => pair.name !== name);
  addPair(kept, name, value);
  return kept;
}

// Sandboxed JS has no Date: civil-from-days after Howard Hinnant, for YYYY-MM-DDTHH:mm:ss.sssZ.
function toIsoString(ms) {
  const days = Math.floor(ms / DAY_MS);
  const time = Math.floor(ms) - days * DAY_MS;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return (
    pad(year, 4) + '-' + pad(month, 2) + '-' + pad(day, 2) + 'T' +
    pad(Math.floor(time / 3600000), 2) + ':' + pad(Math.floor(time / 60000) % 60, 2) + ':' +
    pad(Math.floor(time / 1000) % 60, 2) + '.' + pad(time % 1000, 3) + 'Z'
  );
}

function pad(number, width) {
  let text = makeString(number);
  while (text.length < width) text = '0' + text;
  return text;
}

/*==============================================================================
  Vendor constants
==============================================================================*/

const EVENT_API_URL = 'https://api.rokt.com/v2/events';
const ROKT_API_VERSION = '2020-05-21';
const CONVERSION_GET_URL = 'https://apps.rokt.com/api/conv';
const TIMEOUT_MS = 5000;
// The first request may have landed after a time-out, so only a 5xx or a failed connection is retried, once.
const MAX_ATTEMPTS = 2;
// send_http allows https://apps.rokt.com/ (the host and a trailing /), the form published tags use for URLs that carry a
// query string (stape-io/facebook-tag allows https://graph.facebook.com/ and posts to …/events?access_token=…), so it
// is certain to match …/api/conv?id=….
const RAW_EMAIL_PLACEHOLDER = '"(raw email, not logged)"';

/*==============================================================================
  Main flow
==============================================================================*/

// GTM wants exactly one of gtmOnSuccess / gtmOnFailure: report() is the only caller of either, and only once.
let reported = false;
const piiLess = data.apiMode === 'conversionGet';

if (data.consentMode !== 'ignore' && adStorageConsent() === 'denied') {
  log('ad_storage is denied in this hit (x-ga-gcs); nothing sent.');
  return report(true);
}

const configError = findConfigError();
if (configError) {
  log('not sent: ' + configError);
  return report(false);
}

const identifiers = collectIdentifiers(piiLess);
if (!hasIdentifier(identifiers)) {
  log('not sent: no valid ' + (piiLess ? 'Rokt ID' : 'Rokt ID or email') + ' in this event.');
  return report(false);
}

const conversionType = resolveConversionType();
const request = piiLess
  ? buildConversionGetRequest(identifiers.roktId, conversionType)
  : buildEventApiRequest(identifiers, conversionType);

if (data.dryRun) {
  log('dry run, not sent: ' + describeRequest(request, identifiers.email));
  return report(true);
}

sendRequest(request, 1)
  .then((accepted) => report(accepted))
  .catch(() => {
    // Only a fault in this code gets here; its message is not logged, as it could quote event data.
    log('not sent: unexpected error in the tag code.');
    report(false);
  });

function report(succeeded) {
  if (reported) return;
  reported = true;
  if (succeeded) data.gtmOnSuccess();
  else data.gtmOnFailure();
}

/*==============================================================================
  Vendor: request building (one builder per Rokt API; sending is shared)
==============================================================================*/

function buildEventApiRequest(ids, type) {
  return {
    api: 'eventApi',
    url: EVENT_API_URL,
    options: {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + toBase64(data.publicKey + ':' + data.secretKey),
        Charset: 'utf-8',
        'Content-Type': 'application/json',
        'Rokt-Version': ROKT_API_VERSION
      },
      timeout: TIMEOUT_MS
    },
    body: JSON.stringify(buildEventApiBody(ids, type))
  };
}

function buildConversionGetRequest(roktId, type) {
  const query = [
    'id=' + encodeUriComponent(makeString(data.accountId)),
    'passbackconversiontrackingid=' + encodeUriComponent(roktId),
    'conversiontype=' + encodeUriComponent(type)
  ];
  return {
    api: 'conversionGet',
    url: CONVERSION_GET_URL + '?' + query.join('&'),
    options: { method: 'GET', timeout: TIMEOUT_MS },
    body: undefined
  };
}

/*==============================================================================
  Vendor: sending and judging the answer
==============================================================================*/

// Resolves to true when Rokt accepted the conversion.
function sendRequest(req, attempt) {
  return sendHttpRequest(req.url, req.options, req.body).then(
    (response) => {
      if (response.statusCode >= 500 && attempt < MAX_ATTEMPTS) {
        log('status ' + response.statusCode + '; retrying once.');
        return sendRequest(req, attempt + 1);
      }
      const verdict = judgeResponse(req.api, response);
      log(verdict.summary);
      return verdict.accepted;
    },
    (error) => {
      const reason = (error && error.reason) || 'failed';
      if (reason === 'failed' && attempt < MAX_ATTEMPTS) {
        log('connection failed; retrying once.');
        return sendRequest(req, attempt + 1);
      }
      log('not delivered: ' + reason + ' after ' + attempt + ' attempt(s).');
      return false;
    }
  );
}

function judgeResponse(api, response) {
  const status = response.statusCode;
  const ok = status >= 200 && status < 300;
  const parsed = JSON.parse(response.body || '');
  const body = getType(parsed) === 'object' ? parsed : {};
  if (api === 'conversionGet') {
    const accepted = ok && body.success === true;
    return { accepted: accepted, summary: 'status ' + status + (accepted ? ', accepted.' : ', success is not true.') };
  }
  const responseData = getType(body.data) === 'object' ? body.data : {};
  const unprocessed = getType(responseData.unprocessedRecords) === 'array' ? responseData.unprocessedRecords : [];
  const codes = unprocessed.map((record) => makeString(record && record.error && record.error.code));
  if (responseData.code) codes.push(makeString(responseData.code));
  const accepted = ok && unprocessed.length === 0;
  return {
    accepted: accepted,
    summary:
      'status ' + status +
      (unprocessed.length ? ', ' + unprocessed.length + ' unprocessed record(s)' : '') +
      (codes.length ? ', error codes: ' + codes.join(', ') : '') +
      (accepted ? ', accepted.' : ', rejected.')
  };
}

// Never includes the Authorization header (the secret key must not reach any log), nor the raw email: every JSON
// string equal to it is replaced.
function describeRequest(req, rawEmail) {
  const body = req.body && rawEmail ? req.body.split(JSON.stringify(rawEmail)).join(RAW_EMAIL_PLACEHOLDER) : req.body;
  return req.options.method + ' ' + req.url + (body ? ' ' + body : '');
}

/*==============================================================================
  Vendor: settings
==============================================================================*/

function findConfigError() {
  if (!data.accountId) return 'the Rokt account ID is empty.';
  if (piiLess) return undefined;
  if (makeString(data.publicKey).indexOf('rpub-') !== 0) return 'the public key must start with rpub-.';
  if (makeString(data.secretKey).indexOf('rsec-') !== 0) return 'the secret key must start with rsec-.';
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
        "publicId": "send_http",
        "versionId": "1"
      },
      "param": [
        {
          "key": "allowedUrls",
          "value": {
            "type": 1,
            "string": "specific"
          }
        },
        {
          "key": "urls",
          "value": {
            "type": 2,
            "listItem": [
              {
                "type": 1,
                "string": "https://api.rokt.com/v2/events"
              },
              {
                "type": 1,
                "string": "https://apps.rokt.com/"
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
- name: '[Event API] A purchase is posted with the documented headers and body'
  code: |-
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasCalledWith(
        'https://api.rokt.com/v2/events',
        {
          method: 'POST',
          headers: {
            Authorization: 'Basic ' + expectedCredentials,
            Charset: 'utf-8',
            'Content-Type': 'application/json',
            'Rokt-Version': '2020-05-21'
          },
          timeout: 5000
        },
        JSON.stringify({
          accountId: '3051387316918867566',
          events: [{
            clientEventId: 'T-1001',
            eventType: 'conversion',
            eventTime: '2026-03-14T09:26:53.589Z',
            objectData: [
              { name: 'passbackconversiontrackingid', value: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' },
              { name: 'emailsha256', value: expectedEmailSha256 },
              { name: 'conversiontype', value: 'purchase' },
              { name: 'amount', value: '21.5' },
              { name: 'currency', value: 'EUR' },
              { name: 'transactionid', value: 'T-1001' },
              { name: 'confirmationref', value: 'T-1001' }
            ],
            metaData: [{ name: 'source', value: 'sgtm' }]
          }]
        })
      );
      assertThat(requests.length).isEqualTo(1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Event API] A raw email in user_data is sent only as its hash'
  code: |-
    eventData.emailsha256 = undefined;
    eventData.user_data = { email_address: ' Someone@Example.COM' };
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'emailsha256')).isEqualTo(expectedEmailSha256);
      assertThat(objectDataValue(0, 'email')).isUndefined();
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Event API] The raw email is added only when chosen explicitly'
  code: |-
    eventData.user_data = { email_address: ' Someone@Example.COM' };
    mockData.sendRawEmail = true;
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'email')).isEqualTo('someone@example.com');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Identifiers] The Rokt-ID-only policy leaves the email hash out'
  code: |-
    mockData.identifierPolicy = 'roktId';
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'emailsha256')).isUndefined();
      assertThat(objectDataValue(0, 'passbackconversiontrackingid')).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Identifiers] The Rokt ID falls back to the RoktTransactionId cookie'
  code: |-
    eventData.rtid = undefined;
    mockData.identifierPolicy = 'roktId';
    cookies.RoktTransactionId = ['45670808'];
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'passbackconversiontrackingid')).isEqualTo('45670808');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Identifiers] Without a valid identifier nothing is sent and the tag fails'
  code: |-
    eventData.rtid = 'abc def';
    eventData.emailsha256 = 'not-a-digest';
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('no valid Rokt ID or email')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Object data] Every value is a string and reserved names are dropped'
  code: |-
    eventData.value = 1299;
    mockData.objectDataRows = [
      { name: 'margin', value: 12.5 },
      { name: 'Rokt.score', value: '99' },
      { name: 'currency', value: 'USD' },
      { name: 'passbackconversiontrackingid', value: '' },
      { name: 'Email', value: 'someone@example.com' }
    ];
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'amount')).isEqualTo('1299');
      assertThat(objectDataValue(0, 'margin')).isEqualTo('12.5');
      assertThat(objectDataValue(0, 'currency')).isEqualTo('USD');
      assertThat(objectDataValue(0, 'Rokt.score')).isUndefined();
      assertThat(objectDataValue(0, 'passbackconversiontrackingid')).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
      assertThat(objectDataValue(0, 'Email')).isUndefined();
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Conversion type] The GA4 event name is translated by the mapping table'
  code: |-
    eventData.event_name = 'sign_up';
    mockData.conversionTypeMap = [{ eventName: 'sign_up', conversionType: 'signup' }];
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'conversiontype')).isEqualTo('signup');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Conversion type] A fixed conversion type wins over the event name'
  code: |-
    mockData.conversionType = 'freetrial';
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'conversiontype')).isEqualTo('freetrial');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Client event ID] A long transaction ID becomes a 36-character digest'
  code: |-
    eventData.transaction_id = 'order/2026/03/14/000000000000000000000000001';
    runCode(mockData);
    callLater(() => {
      // First 36 hex characters of SHA-256('purchase|order/2026/03/14/000000000000000000000000001').
      assertThat(sentBody(0).events[0].clientEventId).isEqualTo('57584e95ce6ae987836664c4ce82e0ba0916');
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Client event ID] Without a transaction ID the hit identity is digested'
  code: |-
    eventData.transaction_id = undefined;
    runCode(mockData);
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(0).events[0].clientEventId.length).isEqualTo(36);
      assertThat(sentBody(1).events[0].clientEventId).isEqualTo(sentBody(0).events[0].clientEventId);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Consent] A hit with ad_storage denied sends nothing and succeeds'
  code: |-
    eventData['x-ga-gcs'] = 'G101';
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('ad_storage is denied')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Consent] Consent Mode is not read when the tag is told to ignore it'
  code: |-
    eventData['x-ga-gcs'] = 'G100';
    mockData.consentMode = 'ignore';
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Outcome] Unprocessed records make the tag fail and are logged with their codes'
  code: |-
    responses = [{ statusCode: 200, body: '{"data":{"unprocessedRecords":[{"error":{"code":"ValidationError","message":"Invalid content"}}]}}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('status 200, 1 unprocessed record(s), error codes: ValidationError')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Outcome] A 4xx is not retried and makes the tag fail'
  code: |-
    responses = [{ statusCode: 400, body: '{"data":{"code":"RequestValidationError","message":"bad"}}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('status 400, error codes: RequestValidationError')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Retry] A 5xx is retried once and the second answer decides'
  code: |-
    responses = [{ statusCode: 503, body: '' }, { statusCode: 200, body: '{"data":{"unprocessedRecords":[]}}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(2);
      assertThat(requests[1].body).isEqualTo(requests[0].body);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Retry] Two 5xx answers make the tag fail after exactly two requests'
  code: |-
    responses = [{ statusCode: 500, body: '' }, { statusCode: 502, body: '' }, { statusCode: 200, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(2);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Retry] A failed connection is retried once'
  code: |-
    responses = [{ reason: 'failed' }, { statusCode: 200, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(2);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Retry] A time-out is not retried because the request may have landed'
  code: |-
    responses = [{ reason: 'timed_out' }, { statusCode: 200, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('timed_out')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Dry run] The request is logged without credentials and not sent'
  code: |-
    mockData.dryRun = true;
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('dry run, not sent: POST https://api.rokt.com/v2/events {"accountId"')).isGreaterThan(-1);
      assertThat(logs.join('\n').indexOf(mockData.secretKey)).isEqualTo(-1);
      assertThat(logs.join('\n').indexOf(expectedCredentials)).isEqualTo(-1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Logging] A failed request logs neither the secret key nor the Authorization header'
  code: |-
    responses = [{ statusCode: 401, body: '{"data":{"code":"UnauthorizedError"}}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(logs.length).isGreaterThan(0);
      assertThat(logs.join('\n').indexOf(mockData.secretKey)).isEqualTo(-1);
      assertThat(logs.join('\n').indexOf(expectedCredentials)).isEqualTo(-1);
      assertThat(logs.join('\n').indexOf('Basic')).isEqualTo(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Settings] A secret key without the rsec- prefix sends nothing and fails'
  code: |-
    mockData.secretKey = 'pasted-the-wrong-value';
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('pasted-the-wrong-value')).isEqualTo(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[PII-less] The conversion is reported by GET with the Rokt ID and no email'
  code: |-
    mockData.apiMode = 'conversionGet';
    mockData.sendRawEmail = true;
    eventData.user_data = { email_address: 'someone@example.com' };
    responses = [{ statusCode: 200, body: '{"statusCode":200,"success":true}' }];
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasCalledWith(
        'https://apps.rokt.com/api/conv?id=3051387316918867566&passbackconversiontrackingid=qjkp3xy7dtf9wvneazc5r2bh8ls1m06g&conversiontype=purchase',
        { method: 'GET', timeout: 5000 },
        undefined
      );
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[PII-less] A 200 without success true makes the tag fail'
  code: |-
    mockData.apiMode = 'conversionGet';
    responses = [{ statusCode: 200, body: '{"statusCode":200,"success":false}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[PII-less] Without a Rokt ID nothing is sent, even when an email is known'
  code: |-
    mockData.apiMode = 'conversionGet';
    eventData.rtid = undefined;
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('no valid Rokt ID in this event')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Logging] By default a production hit (neither debug nor preview) logs nothing'
  code: |-
    mockData.logType = 'debug';
    mock('getContainerVersion', { debugMode: false, previewMode: false });
    responses = [{ statusCode: 400, body: '{"data":{"code":"RequestValidationError"}}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(logs.length).isEqualTo(0);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Logging] By default a Preview hit logs'
  code: |-
    mockData.logType = 'debug';
    mock('getContainerVersion', { debugMode: false, previewMode: true });
    runCode(mockData);
    callLater(() => {
      assertThat(logs.join('\n').indexOf('status 200')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasCalled();
    });
- name: '[Logging] Never logs nothing, even in Preview'
  code: |-
    mockData.logType = 'never';
    mock('getContainerVersion', { debugMode: true, previewMode: true });
    runCode(mockData);
    callLater(() => {
      assertThat(logs.length).isEqualTo(0);
      assertApi('gtmOnSuccess').wasCalled();
    });
- name: '[Dry run] The raw email is not logged even when it would be sent'
  code: |-
    mockData.dryRun = true;
    mockData.sendRawEmail = true;
    eventData.user_data = { email_address: ' Someone@Example.COM' };
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('"name":"email","value":"(raw email, not logged)"')).isGreaterThan(-1);
      assertThat(logs.join('\n').toLowerCase().indexOf('someone@example.com')).isEqualTo(-1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Outcome] An error while judging the answer fails the tag once, through the final catch'
  code: |-
    mockObject('JSON', {
      stringify: JSON.stringify,
      parse: () => {
        throw 'a fault in the tag code';
      }
    });
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('unexpected error in the tag code')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
setup: |-
  const callLater = require('callLater');
  const JSON = require('JSON');
  const Promise = require('Promise');

  const expectedEmailSha256 = '72497f475e4f76d0b28f57c73a084ece576d170874eba3ee2609d9afe4b71aab';
  // base64('rpub-12345-a:rsec-67890-b')
  const expectedCredentials = 'cnB1Yi0xMjM0NS1hOnJzZWMtNjc4OTAtYg==';
  const mockData = {
    accountId: '3051387316918867566',
    apiMode: 'eventApi',
    publicKey: 'rpub-12345-a',
    secretKey: 'rsec-67890-b',
    conversionType: '',
    conversionTypeMap: [],
    identifierPolicy: 'both',
    sendRawEmail: false,
    roktIdKeys: 'rtid,rclid,passbackconversiontrackingid',
    objectDataRows: [],
    consentMode: 'respect',
    dryRun: false,
    logType: 'always'
  };
  const eventData = {
    event_name: 'purchase',
    client_id: 'ZDoa3Sn32zo3RN66kguVogdtbQB1xZr/EBDR9gylXKA=.1647778941',
    ga_session_id: '1652075867',
    'x-ga-page_id': 1940542384,
    'x-ga-request_count': 1,
    'x-ga-gcs': 'G111',
    page_location: 'https://www.shop.test/checkout',
    transaction_id: 'T-1001',
    value: 21.5,
    currency: 'EUR',
    rtid: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g',
    emailsha256: expectedEmailSha256
  };
  const cookies = {};
  const logs = [];
  const requests = [];
  // Answers in order; a { reason } entry rejects as sendHttpRequest does for a failed connection or a time-out.
  let responses = [{ statusCode: 200, body: '{"data":{"unprocessedRecords":[]}}' }];

  mock('getEventData', (keyPath) => {
    return keyPath.split('.').reduce((node, part) => {
      return node === undefined || node === null ? undefined : node[part];
    }, eventData);
  });
  mock('getCookieValues', (name) => cookies[name] || []);
  mock('getTimestampMillis', 1773480413589);
  mock('logToConsole', (message) => logs.push(message));
  mock('sendHttpRequest', (url, options, body) => {
    requests.push({ url: url, options: options, body: body });
    const answer = responses[requests.length - 1] || responses[responses.length - 1];
    return Promise.create((resolve, reject) => {
      if (answer.reason) reject({ reason: answer.reason });
      else resolve(answer);
    });
  });

  const sentBody = (index) => JSON.parse(requests[index].body);
  const objectDataValue = (index, name) => {
    const pairs = sentBody(index).events[0].objectData.filter((pair) => pair.name === name);
    return pairs.length ? pairs[0].value : undefined;
  };

___NOTES___

The "Rokt Event API" server tag of rokt-sgtm-bridge. Import it in the template editor
(Templates → Tag Templates → New → ⋮ → Import). Assembled from src/sgtm/source/rokt-event-api.tpl and
src/sgtm/shared/ by src/sgtm/assemble.mjs (npm run templates): edit those, not this file.
