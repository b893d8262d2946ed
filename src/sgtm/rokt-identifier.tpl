___TERMS_OF_SERVICE___

By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.


___INFO___

{
  "type": "MACRO",
  "id": "cvt_temp_public_id",
  "version": 1,
  "securityGroups": [],
  "displayName": "Rokt Identifier",
  "categories": ["ADVERTISING", "CONVERSIONS", "UTILITY"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "rokt-sgtm-bridge"
  },
  "description": "Reads the Rokt click ID and email SHA-256 from GA4 event data, the page URL or the cookie, checked; or the body of a Rokt request.",
  "containerContexts": [
    "SERVER"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "SELECT",
    "name": "output",
    "displayName": "Output",
    "macrosInSelect": false,
    "selectItems": [
      {
        "value": "roktId",
        "displayValue": "Rokt ID (rtid)"
      },
      {
        "value": "emailSha256",
        "displayValue": "Email SHA-256 (lowercase hex)"
      },
      {
        "value": "audienceApiBody",
        "displayValue": "Rokt Event and Audience API request body (JSON)"
      },
      {
        "value": "eventApiBody",
        "displayValue": "Rokt Event API request body (JSON)"
      },
      {
        "value": "pageLocationWithoutRoktId",
        "displayValue": "page_location without Rokt ID parameters"
      },
      {
        "value": "pageReferrerWithoutRoktId",
        "displayValue": "page_referrer without Rokt ID parameters"
      }
    ],
    "simpleValueType": true,
    "defaultValue": "roktId",
    "alwaysInSummary": true,
    "help": "A request body output is the body the Rokt Event API tag sends for the same fields and the same API. Unlike the tag, the variable does not read Consent Mode and sends nothing: fire the HTTP tag that uses it only with consent."
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
    "type": "GROUP",
    "name": "eventApiBodyGroup",
    "displayName": "Request body (the two request-body outputs only)",
    "groupStyle": "ZIPPY_CLOSED",
    "subParams": [
      {
        "type": "TEXT",
        "name": "accountId",
        "displayName": "Rokt account ID",
        "simpleValueType": true,
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ],
        "enablingConditions": [
          {
            "paramName": "output",
            "paramValue": "eventApiBody",
            "type": "EQUALS"
          }
        ]
      },
      {
        "type": "GROUP",
        "name": "audienceApiBodyGroup",
        "displayName": "Event and Audience API",
        "groupStyle": "NO_ZIPPY",
        "subParams": [
          {
            "type": "RADIO",
            "name": "environment",
            "displayName": "Environment",
            "radioItems": [
              {
                "value": "production",
                "displayValue": "production"
              },
              {
                "value": "development",
                "displayValue": "development (test batches; ask your Rokt account manager whether they are attributed)"
              }
            ],
            "simpleValueType": true,
            "defaultValue": "production"
          },
          {
            "type": "TEXT",
            "name": "customerId",
            "displayName": "Customer ID (optional)",
            "simpleValueType": true,
            "help": "Sent as \u003ccode\u003euser_identities.customerid\u003c/code\u003e, e.g. a variable holding your own customer number. Not sent when the identifiers to send are \"Rokt ID only\"."
          },
          {
            "type": "CHECKBOX",
            "name": "sendDeviceInfo",
            "checkboxText": "Send the visitor's IP address and user agent (personal data; they help Rokt match the conversion)",
            "simpleValueType": true,
            "defaultValue": true,
            "help": "Sent as \u003ccode\u003eip\u003c/code\u003e and \u003ccode\u003edevice_info.http_header_user_agent\u003c/code\u003e, from the event data the GA4 client made (\u003ccode\u003eip_override\u003c/code\u003e, \u003ccode\u003euser_agent\u003c/code\u003e)."
          }
        ],
        "enablingConditions": [
          {
            "paramName": "output",
            "paramValue": "audienceApiBody",
            "type": "EQUALS"
          }
        ]
      },
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
        "defaultValue": "both",
        "help": "\u003cb\u003eRokt ID only\u003c/b\u003e sends no email in any form (no hash, no address, whatever the raw-email box says) and no customer ID."
      },
      {
        "type": "CHECKBOX",
        "name": "sendRawEmail",
        "checkboxText": "Also send the raw email address (PII; only with the customer's agreement; never with \"Rokt ID only\")",
        "simpleValueType": true,
        "defaultValue": false
      },
      {
        "type": "SIMPLE_TABLE",
        "name": "objectDataRows",
        "displayName": "Extra conversion attributes",
        "help": "Sent as \u003ccode\u003eobjectData\u003c/code\u003e pairs (Event API) or \u003ccode\u003ecustom_attributes\u003c/code\u003e (Event and Audience API), added to (or replacing) those built from event data; an empty value removes one. Names starting with \u003ccode\u003erokt.\u003c/code\u003e are reserved by Rokt and dropped, and so are the identifier names (\u003ccode\u003epassbackconversiontrackingid\u003c/code\u003e, \u003ccode\u003eemailsha256\u003c/code\u003e, \u003ccode\u003eemail\u003c/code\u003e).",
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
        "newRowButtonText": "Add attribute"
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


___SANDBOXED_JS_FOR_SERVER___

const decodeUriComponent = require('decodeUriComponent');
const getAllEventData = require('getAllEventData');
const getContainerVersion = require('getContainerVersion');
const getCookieValues = require('getCookieValues');
const getEventData = require('getEventData');
const getTimestampMillis = require('getTimestampMillis');
const getType = require('getType');
const JSON = require('JSON');
const logToConsole = require('logToConsole');
const makeNumber = require('makeNumber');
const makeString = require('makeString');
const makeTableMap = require('makeTableMap');
const Math = require('Math');
const Object = require('Object');
const sha256Sync = require('sha256Sync');

const LOG_PREFIX = 'Rokt Identifier: ';

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
  Shared: what an email address and a SHA-256 hex digest look like (server and web templates)
==============================================================================*/

const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+$';
const HEX_DIGEST_PATTERN = '^[0-9a-f]{64}$';

function normaliseEmail(text) {
  const email = text.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && matches(email, EMAIL_PATTERN) ? email : undefined;
}

/*==============================================================================
  Shared: the email SHA-256 (the browser bundle's rule, test/vectors/identifiers.json)
==============================================================================*/

const EMAIL_KEYS = [
  'emailsha256',
  'user_data.sha256_email_address',
  'user_data.email_address',
  'user_data.email',
  'email',
];
const RAW_EMAIL_KEYS = ['user_data.email_address', 'user_data.email', 'email'];
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
  Shared: one conversion, whichever Rokt API reports it (identifiers, type, ID, attributes)
==============================================================================*/

const FALLBACK_CONVERSION_TYPE = 'conversion';
const RESERVED_NAME_PREFIX = 'rokt.';
// Identifiers come only from event data and the identifier policy: an extra row must not replace or blank them.
const IDENTIFIER_NAMES = ['passbackconversiontrackingid', 'emailsha256', 'email'];
const CONVERSION_ID_LENGTH = 36;
// The conversion details every API carries, from GA4's recommended e-commerce parameters.
const AMOUNT_KEY = 'value';
const CURRENCY_KEY = 'currency';
const TRANSACTION_ID_KEY = 'transaction_id';

// What the fields identifierPolicy and sendRawEmail ask for; roktIdOnly for the PII-less GET. "Rokt ID only" means no
// email in any form, whatever the raw-email checkbox says.
function collectIdentifiers(roktIdOnly) {
  const policy = roktIdOnly ? 'roktId' : data.identifierPolicy || 'both';
  return {
    roktId: policy !== 'emailSha256' ? findRoktId(data.roktIdKeys, storedRoktIdInWindow()) : undefined,
    emailSha256: policy !== 'roktId' ? findEmailSha256() : undefined,
    email: policy !== 'roktId' && data.sendRawEmail ? findRawEmail() : undefined,
  };
}

// The cookie's Rokt ID, unless the ID Keeper would delete it: the three templates share one attribution window.
function storedRoktIdInWindow() {
  const windowMs = attributionWindowMs(data.attributionDays) || DEFAULT_ATTRIBUTION_DAYS * DAY_MS;
  return readStoredRoktId(windowMs, getTimestampMillis()).id;
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

// Deterministic, so that Rokt sees one ID for a conversion that GA4, sGTM or our retry delivers twice, and distinct for
// distinct conversions: the Event API's clientEventId and the Event and Audience API's source_message_id and
// source_request_id (which mParticle de-duplicates on, so two conversions must never share one). One order can count
// as several conversion types, so the type is part of it. Without an order ID the whole hit is: a duplicate delivery
// carries the same event data, while two events of one GA4 request, or two visitors, differ somewhere in it.
function conversionIdFor(conversionType) {
  const transactionId = toText(getEventData(TRANSACTION_ID_KEY));
  if (transactionId) return shortDigest(conversionType + '|' + transactionId);
  return shortDigest(conversionType + '||' + canonicalJson(getAllEventData()));
}

function shortDigest(text) {
  return sha256Sync(text, { outputEncoding: 'hex' }).substring(0, CONVERSION_ID_LENGTH);
}

// JSON with object keys sorted at every level, so that equal event data always gives equal text.
function canonicalJson(value) {
  const type = getType(value);
  if (type === 'array') return '[' + value.map(canonicalJson).join(',') + ']';
  if (type === 'object') {
    const keys = Object.keys(value).sort();
    return '{' + keys.map((key) => JSON.stringify(key) + ':' + canonicalJson(value[key])).join(',') + '}';
  }
  if (type === 'string' || type === 'number' || type === 'boolean') return JSON.stringify(value);
  return 'null';
}

function conversionTimeMs() {
  return getTimestampMillis();
}

// The rows of the "Extra conversion attributes" table that may be sent: reserved and identifier names are dropped
// (with a log line), every value becomes text. Each row is {name, value}; value is undefined when empty.
function extraAttributeRows() {
  const rows = [];
  (data.objectDataRows || []).forEach((row) => {
    const name = makeString(row.name).trim();
    if (!name) return;
    if (name.toLowerCase().indexOf(RESERVED_NAME_PREFIX) === 0) {
      log('attribute "' + name + '" dropped: the prefix rokt. is reserved by Rokt.');
      return;
    }
    if (IDENTIFIER_NAMES.indexOf(name.toLowerCase()) >= 0) {
      log('attribute "' + name + '" dropped: identifiers come from event data and the identifier policy.');
      return;
    }
    rows.push({ name: name, value: toText(row.value) });
  });
  return rows;
}

function addPair(list, name, value) {
  if (value !== undefined && value !== '') list.push({ name: name, value: value });
}

// An extra row replaces a built pair of the same name; an empty value removes it.
function withPair(list, name, value) {
  const kept = list.filter((pair) => pair.name !== name);
  addPair(kept, name, value);
  return kept;
}

/*==============================================================================
  Shared: the Event API request body (POST https://api.rokt.com/v2/events), from the same fields in the tag and the
  variable
==============================================================================*/

const EVENT_TYPE = 'conversion';
const META_DATA = [{ name: 'source', value: 'sgtm' }];
const OBJECT_DATA_FROM_EVENT_DATA = [
  { name: 'amount', key: AMOUNT_KEY },
  { name: 'currency', key: CURRENCY_KEY },
  { name: 'transactionid', key: TRANSACTION_ID_KEY },
  { name: 'confirmationref', key: TRANSACTION_ID_KEY },
  { name: 'couponcode', key: 'coupon' },
  { name: 'paymenttype', key: 'payment_type' },
];

function buildEventApiBody(ids, type) {
  return {
    accountId: makeString(data.accountId),
    events: [
      {
        clientEventId: conversionIdFor(type),
        eventType: EVENT_TYPE,
        eventTime: toIsoString(conversionTimeMs()),
        objectData: buildObjectData(ids, type),
        metaData: META_DATA,
      },
    ],
  };
}

function buildObjectData(ids, type) {
  let objectData = [];
  addPair(objectData, 'passbackconversiontrackingid', ids.roktId);
  addPair(objectData, 'emailsha256', ids.emailSha256);
  addPair(objectData, 'email', ids.email);
  addPair(objectData, 'conversiontype', type);
  OBJECT_DATA_FROM_EVENT_DATA.forEach((field) => {
    addPair(objectData, field.name, toText(getEventData(field.key)));
  });
  extraAttributeRows().forEach((row) => {
    objectData = withPair(objectData, row.name, row.value);
  });
  return objectData;
}

// Sandboxed JS has no Date: civil-from-days after Howard Hinnant, for YYYY-MM-DDTHH:mm:ss.sssZ.
function toIsoString(ms) {
  const days = Math.floor(ms / DAY_MS);
  const time = Math.floor(ms) - days * DAY_MS;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return (
    pad(year, 4) +
    '-' +
    pad(month, 2) +
    '-' +
    pad(day, 2) +
    'T' +
    pad(Math.floor(time / 3600000), 2) +
    ':' +
    pad(Math.floor(time / 60000) % 60, 2) +
    ':' +
    pad(Math.floor(time / 1000) % 60, 2) +
    '.' +
    pad(time % 1000, 3) +
    'Z'
  );
}

function pad(number, width) {
  let text = makeString(number);
  while (text.length < width) text = '0' + text;
  return text;
}

/*==============================================================================
  Shared: the Event and Audience API batch (POST https://s2s.{pod}.mparticle.com/v2/events), from the same fields in
  the tag and the variable. Field by field sources: docs/rokt-api.md, "Event and Audience API".
==============================================================================*/

const AUDIENCE_API_ENVIRONMENTS = ['production', 'development'];
// Rokt's module ID in mParticle: Rokt's Segment destination sends the click ID here as well as in other2 ("needs to
// be placed in this duplicate location", segmentio/action-destinations rokt-capi/send/types.ts).
const ROKT_INTEGRATION_ID = '1277';
// mParticle's limits per event (docs.mparticle.com, Default Service Limits): longer names are truncated, longer
// values refused; a row that breaks one is dropped here with a log line instead.
const MAX_ATTRIBUTE_NAME_LENGTH = 256;
const MAX_ATTRIBUTE_VALUE_LENGTH = 4096;
const MAX_ATTRIBUTES = 100;
// What the GA4 client puts in event data for the visitor's address and browser.
const IP_KEY = 'ip_override';
const USER_AGENT_KEY = 'user_agent';

function buildAudienceApiBatch(ids, type) {
  const id = conversionIdFor(type);
  const batch = {
    environment: makeString(data.environment),
    source_request_id: id,
    user_identities: buildUserIdentities(ids),
  };
  if (data.sendDeviceInfo !== false) {
    const userAgent = toText(getEventData(USER_AGENT_KEY));
    const ip = toText(getEventData(IP_KEY));
    if (userAgent) batch.device_info = { http_header_user_agent: userAgent };
    if (ip) batch.ip = ip;
  }
  if (ids.roktId) {
    batch.integration_attributes = {};
    batch.integration_attributes[ROKT_INTEGRATION_ID] = { passbackconversiontrackingid: ids.roktId };
  }
  batch.events = [
    {
      event_type: 'custom_event',
      data: {
        event_name: 'conversion',
        custom_event_type: 'transaction',
        source_message_id: id,
        timestamp_unixtime_ms: conversionTimeMs(),
        custom_attributes: buildCustomAttributes(type),
      },
    },
  ];
  return batch;
}

// Rokt's spelling of the identity keys, as its Segment destination sends them (not mParticle's customer_id and
// other_id_2). The customer ID is a separate identifier: "Rokt ID only" sends nothing but the Rokt ID.
function buildUserIdentities(ids) {
  const identities = {};
  if (ids.emailSha256) identities.other = ids.emailSha256;
  if (ids.email) identities.email = ids.email;
  if (ids.roktId) identities.other2 = ids.roktId;
  const customerId = toText(data.customerId);
  if (customerId && customerId.trim() && data.identifierPolicy !== 'roktId') identities.customerid = customerId.trim();
  return identities;
}

// The same pairs as the Event API's objectData, with the same replace-or-remove rule for extra rows, as an object.
function buildCustomAttributes(type) {
  let pairs = [];
  addPair(pairs, 'conversiontype', type);
  addPair(pairs, 'confirmationref', toText(getEventData(TRANSACTION_ID_KEY)));
  addPair(pairs, 'amount', toText(getEventData(AMOUNT_KEY)));
  addPair(pairs, 'currency', toText(getEventData(CURRENCY_KEY)));
  extraAttributeRows().forEach((row) => {
    if (row.name.length > MAX_ATTRIBUTE_NAME_LENGTH || (row.value || '').length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      log('attribute "' + row.name.substring(0, 40) + '" dropped: over mParticle\'s length limits.');
      return;
    }
    pairs = withPair(pairs, row.name, row.value);
  });
  if (pairs.length > MAX_ATTRIBUTES) {
    log(pairs.length - MAX_ATTRIBUTES + ' attribute(s) dropped: at most ' + MAX_ATTRIBUTES + ' per event.');
    pairs = pairs.slice(0, MAX_ATTRIBUTES);
  }
  const attributes = {};
  pairs.forEach((pair) => {
    attributes[pair.name] = pair.value;
  });
  return attributes;
}

/*==============================================================================
  Main flow
==============================================================================*/

if (data.output === 'pageLocationWithoutRoktId') return withoutRoktIdParams(getEventData('page_location'));
if (data.output === 'pageReferrerWithoutRoktId') return withoutRoktIdParams(getEventData('page_referrer'));
if (data.output === 'emailSha256') return findEmailSha256();
if (data.output === 'eventApiBody') return buildBodyJson(buildEventApiBody);
if (data.output === 'audienceApiBody') return buildBodyJson(buildAudienceApiBatch);
return findRoktId(data.roktIdKeys, storedRoktIdInWindow());

// The tag's body for the same fields; undefined rather than a body Rokt would refuse for want of an identifier.
function buildBodyJson(buildBody) {
  const ids = collectIdentifiers(false);
  if (!hasIdentifier(ids)) return undefined;
  return JSON.stringify(buildBody(ids, resolveConversionType()));
}

// For GA4: each click's rtid would make a new landing-page URL in its reports. The URL loses every rtid and rclid
// pair, in the query and in the fragment, read as findRoktIdInUrl reads them (a hash route's own query starts at the
// fragment's first '?', else the whole fragment is one); everything else stays as written.
function withoutRoktIdParams(url) {
  const text = toText(url);
  if (text === undefined) return undefined;
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.substring(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const page =
    queryAt < 0
      ? beforeHash
      : withoutRoktIdPairs(beforeHash.substring(0, queryAt), '?', beforeHash.substring(queryAt + 1));
  if (hashAt < 0) return page;
  const fragment = text.substring(hashAt + 1);
  const routeQueryAt = fragment.indexOf('?');
  const cleanFragment = routeQueryAt < 0
    ? withoutRoktIdPairs('', '', fragment)
    : withoutRoktIdPairs(fragment.substring(0, routeQueryAt), '?', fragment.substring(routeQueryAt + 1));
  // A fragment that held only the Rokt ID goes with its '#'.
  return cleanFragment === '' && fragment !== '' ? page : page + '#' + cleanFragment;
}

// head + separator + the pairs of query that are not a Rokt ID; no separator when no pair is left.
function withoutRoktIdPairs(head, separator, query) {
  const kept = query.split('&').filter((pair) => {
    const equalsAt = pair.indexOf('=');
    return ROKT_ID_URL_PARAMS.indexOf(equalsAt < 0 ? pair : pair.substring(0, equalsAt)) < 0;
  });
  return kept.length > 0 ? head + separator + kept.join('&') : head;
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
- name: '[Rokt ID] The rtid event parameter is returned as is'
  code: |-
    eventData.rtid = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
    assertThat(runCode(mockData)).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
- name: '[Rokt ID] An invalid value is skipped in favour of the next key'
  code: |-
    eventData.rtid = 'abc def';
    eventData.rclid = '45670808';
    assertThat(runCode(mockData)).isEqualTo('45670808');
- name: '[Rokt ID] A numeric event parameter is read as its digits'
  code: |-
    eventData.passbackconversiontrackingid = 45670808;
    assertThat(runCode(mockData)).isEqualTo('45670808');
- name: '[Rokt ID] Only the configured event data keys are read'
  code: |-
    eventData.rtid = 'not-configured';
    eventData.custom_click_id = 'AbC-123_x.y~Z';
    mockData.roktIdKeys = ' custom_click_id ';
    assertThat(runCode(mockData)).isEqualTo('AbC-123_x.y~Z');
- name: '[Rokt ID] The RoktTransactionId cookie is used when event data and the URL have none'
  code: |-
    cookies.RoktTransactionId = ['{rokt.rclid|}', 'cookie-id-1'];
    eventData.page_location = 'https://www.shop.test/checkout?utm_source=rokt';
    assertThat(runCode(mockData)).isEqualTo('cookie-id-1');
- name: '[Rokt ID] Last click wins: a Rokt ID in page_location beats the cookie of an earlier visit'
  code: |-
    cookies.RoktTransactionId = ['cookie-id-1'];
    eventData.page_location = 'https://www.shop.test/checkout?rtid=url-id';
    assertThat(runCode(mockData)).isEqualTo('url-id');
- name: '[Rokt ID] A hash route carries the Rokt ID in its own query'
  code: |-
    eventData.page_location = 'https://www.shop.test/#/landing?rtid=abc123&next=/cart?step=2';
    assertThat(runCode(mockData)).isEqualTo('abc123');
- name: '[Rokt ID] rtid in the query of page_location is decoded once and wins over the fragment'
  code: |-
    eventData.page_location = 'https://www.shop.test/landing?utm_source=rokt&rtid=abc%2Ddef#rtid=zzz';
    assertThat(runCode(mockData)).isEqualTo('abc-def');
- name: '[Rokt ID] Nothing valid anywhere gives undefined'
  code: |-
    eventData.rtid = 'abc%2Ddef';
    cookies.RoktTransactionId = ['abc;def'];
    eventData.page_location = 'https://www.shop.test/?rtid=abc%252Ddef';
    assertThat(runCode(mockData)).isUndefined();
- name: '[Email] A raw address is trimmed, lowercased and hashed to hex'
  code: |-
    mockData.output = 'emailSha256';
    eventData.user_data = { email_address: '  Someone@Example.COM ' };
    assertThat(runCode(mockData)).isEqualTo(expectedEmailSha256);
- name: '[Email] An upper-case hex digest passes through lowercased, never hashed again'
  code: |-
    mockData.output = 'emailSha256';
    eventData.emailsha256 = expectedEmailSha256.toUpperCase();
    assertThat(runCode(mockData)).isEqualTo(expectedEmailSha256);
- name: '[Email] A base64 digest is converted to hex'
  code: |-
    mockData.output = 'emailSha256';
    eventData.user_data = { sha256_email_address: 'ckl/R15PdtCyj1fHOghOzldtFwh066PuJgnZr+S3Gqs=' };
    assertThat(runCode(mockData)).isEqualTo(expectedEmailSha256);
- name: '[Email] A base64url digest without padding is converted to hex'
  code: |-
    mockData.output = 'emailSha256';
    eventData.emailsha256 = 'ckl_R15PdtCyj1fHOghOzldtFwh066PuJgnZr-S3Gqs';
    assertThat(runCode(mockData)).isEqualTo(expectedEmailSha256);
- name: '[Email] The first address of a user_data list is used'
  code: |-
    mockData.output = 'emailSha256';
    eventData.user_data = { email: ['someone@example.com', 'other@example.com'] };
    assertThat(runCode(mockData)).isEqualTo(expectedEmailSha256);
- name: '[Email] A malformed address gives undefined'
  code: |-
    mockData.output = 'emailSha256';
    eventData.email = 'someone@example';
    eventData.user_data = { email_address: '' };
    assertThat(runCode(mockData)).isUndefined();
- name: '[Body] The Event API body carries the conversion, both identifiers and source sgtm'
  code: |-
    mockData.output = 'eventApiBody';
    eventData.rtid = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
    eventData.emailsha256 = expectedEmailSha256;
    assertThat(JSON.parse(runCode(mockData))).isEqualTo({
      accountId: '3051387316918867566',
      events: [{
        clientEventId: '03c99c48b28d4323d69c305b9297362cadc7',
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
    });
- name: '[Body] A long transaction ID becomes a 36-character digest'
  code: |-
    mockData.output = 'eventApiBody';
    mockData.conversionType = 'signup';
    eventData.rtid = '45670808';
    eventData.transaction_id = 'order/2026/03/14/000000000000000000000000001';
    const event = JSON.parse(runCode(mockData)).events[0];
    // First 36 hex characters of SHA-256('signup|order/2026/03/14/000000000000000000000000001').
    assertThat(event.clientEventId).isEqualTo('5c0306b8b9e2be966b601b9cb5f36339048a');
    assertThat(event.objectData[1]).isEqualTo({ name: 'conversiontype', value: 'signup' });
- name: '[Body] No identifier gives undefined rather than an unusable body'
  code: |-
    mockData.output = 'eventApiBody';
    assertThat(runCode(mockData)).isUndefined();
- name: '[Body] The same fields as the tag: mapped conversion type, raw email on request, extra objectData'
  code: |-
    mockData.output = 'eventApiBody';
    mockData.conversionTypeMap = [{ eventName: 'purchase', conversionType: 'order' }];
    mockData.sendRawEmail = true;
    mockData.objectDataRows = [{ name: 'margin', value: 12.5 }, { name: 'rokt.x', value: 'y' }];
    eventData.rtid = '45670808';
    eventData.user_data = { email_address: ' Someone@Example.COM' };
    const objectData = JSON.parse(runCode(mockData)).events[0].objectData;
    assertThat(objectData.filter((pair) => pair.name === 'conversiontype')[0].value).isEqualTo('order');
    assertThat(objectData.filter((pair) => pair.name === 'email')[0].value).isEqualTo('someone@example.com');
    assertThat(objectData.filter((pair) => pair.name === 'margin')[0].value).isEqualTo('12.5');
    assertThat(objectData.filter((pair) => pair.name === 'rokt.x').length).isEqualTo(0);
- name: '[GA4 URL] page_location loses rtid and rclid and keeps every other parameter in order'
  code: |-
    mockData.output = 'pageLocationWithoutRoktId';
    eventData.page_location = 'https://www.shop.test/landing?utm_source=rokt&rtid=abc123&gclid=x&rclid=45670808&rtid';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/landing?utm_source=rokt&gclid=x');
- name: '[GA4 URL] A query that held only the Rokt ID goes with its question mark'
  code: |-
    mockData.output = 'pageLocationWithoutRoktId';
    eventData.page_location = 'https://www.shop.test/landing?rtid=abc123#reviews';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/landing#reviews');
- name: '[GA4 URL] A hash route keeps its path and loses the Rokt ID of its own query'
  code: |-
    mockData.output = 'pageLocationWithoutRoktId';
    eventData.page_location = 'https://www.shop.test/#/landing?rtid=abc123&next=%2Fcart';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/#/landing?next=%2Fcart');
- name: '[GA4 URL] A fragment that is only the Rokt ID goes with its hash'
  code: |-
    mockData.output = 'pageLocationWithoutRoktId';
    eventData.page_location = 'https://www.shop.test/landing?step=2#rtid=abc123';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/landing?step=2');
- name: '[GA4 URL] Look-alike names stay: xrtid, rtid_old, RTID'
  code: |-
    mockData.output = 'pageLocationWithoutRoktId';
    eventData.page_location = 'https://www.shop.test/?xrtid=1&rtid_old=2&RTID=3';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/?xrtid=1&rtid_old=2&RTID=3');
- name: '[GA4 URL] page_referrer is cleaned the same way; no referrer gives undefined'
  code: |-
    mockData.output = 'pageReferrerWithoutRoktId';
    eventData.page_referrer = 'https://www.shop.test/landing?rclid=45670808&utm_medium=cpc';
    assertThat(runCode(mockData)).isEqualTo('https://www.shop.test/landing?utm_medium=cpc');
    eventData.page_referrer = undefined;
    assertThat(runCode(mockData)).isUndefined();
setup: |-
  const JSON = require('JSON');

  const expectedEmailSha256 = '72497f475e4f76d0b28f57c73a084ece576d170874eba3ee2609d9afe4b71aab';
  const mockData = {
    output: 'roktId',
    roktIdKeys: 'rtid,rclid,passbackconversiontrackingid',
    accountId: '3051387316918867566',
    conversionType: '',
    conversionTypeMap: [],
    identifierPolicy: 'both',
    sendRawEmail: false,
    objectDataRows: [],
    logType: 'never'
  };
  const eventData = {
    event_name: 'purchase',
    client_id: 'ZDoa3Sn32zo3RN66kguVogdtbQB1xZr/EBDR9gylXKA=.1647778941',
    ga_session_id: '1652075867',
    'x-ga-page_id': 1940542384,
    'x-ga-request_count': 1,
    page_location: 'https://www.shop.test/checkout',
    transaction_id: 'T-1001',
    value: 21.5,
    currency: 'EUR'
  };
  const cookies = {};

  // getEventData copies the value at a dotted path, as the server API does.
  mock('getEventData', (keyPath) => {
    return keyPath.split('.').reduce((node, part) => {
      return node === undefined || node === null ? undefined : node[part];
    }, eventData);
  });
  mock('getAllEventData', () => eventData);
  mock('getCookieValues', (name) => cookies[name] || []);
  mock('getTimestampMillis', 1773480413589);

___NOTES___

The "Rokt Identifier" server variable of rokt-sgtm-bridge. Import it in the template editor
(Templates → Variable Templates → New → ⋮ → Import). Assembled from src/sgtm/source/rokt-identifier.tpl and
src/sgtm/shared/ by src/sgtm/assemble.mjs (npm run templates): edit those, not this file.
