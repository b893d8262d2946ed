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
  "description": "Reports conversions to Rokt from a server container: Event and Audience API, Event API or PII-less GET. Consent Mode, one retry, dry run.",
  "containerContexts": [
    "SERVER"
  ]
}


___TEMPLATE_PARAMETERS___

[
  {
    "type": "RADIO",
    "name": "apiMode",
    "displayName": "Rokt API",
    "radioItems": [
      {
        "value": "eventAudienceApi",
        "displayValue": "Event and Audience API (recommended): POST https://s2s.{pod}.mparticle.com/v2/events"
      },
      {
        "value": "eventApi",
        "displayValue": "Event API (deprecated by Rokt, still supported): POST https://api.rokt.com/v2/events"
      },
      {
        "value": "conversionGet",
        "displayValue": "PII-less (legacy): GET https://apps.rokt.com/api/conv (Rokt ID only, no email in any form)"
      }
    ],
    "simpleValueType": true,
    "defaultValue": "eventAudienceApi",
    "alwaysInSummary": true,
    "help": "Ask your Rokt account manager which API and credentials your account uses. A tag saved before this field offered the Event and Audience API keeps the Event API."
  },
  {
    "type": "GROUP",
    "name": "audienceApiGroup",
    "displayName": "Event and Audience API",
    "groupStyle": "NO_ZIPPY",
    "subParams": [
      {
        "type": "SELECT",
        "name": "pod",
        "displayName": "Pod",
        "macrosInSelect": true,
        "selectItems": [
          {
            "value": "us1",
            "displayValue": "us1 (s2s.us1.mparticle.com)"
          },
          {
            "value": "us2",
            "displayValue": "us2 (s2s.us2.mparticle.com)"
          },
          {
            "value": "eu1",
            "displayValue": "eu1 (s2s.eu1.mparticle.com)"
          },
          {
            "value": "au1",
            "displayValue": "au1 (s2s.au1.mparticle.com)"
          }
        ],
        "simpleValueType": true,
        "help": "The data centre of your account; your Rokt account manager tells you which, with the key and secret.",
        "valueValidators": [
          {
            "type": "NON_EMPTY"
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "apiKey",
        "displayName": "API key",
        "simpleValueType": true,
        "valueValidators": [
          {
            "type": "REGEX",
            "args": ["^\\S+$"],
            "errorMessage": "The API key your Rokt account manager issued, without spaces"
          }
        ]
      },
      {
        "type": "TEXT",
        "name": "apiSecret",
        "displayName": "API secret",
        "simpleValueType": true,
        "help": "Never logged, not even in a dry run.",
        "valueValidators": [
          {
            "type": "REGEX",
            "args": ["^\\S+$"],
            "errorMessage": "The API secret your Rokt account manager issued, without spaces"
          }
        ]
      },
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
        "paramName": "apiMode",
        "paramValue": "eventAudienceApi",
        "type": "EQUALS"
      }
    ]
  },
  {
    "type": "TEXT",
    "name": "accountId",
    "displayName": "Rokt account ID",
    "simpleValueType": true,
    "valueValidators": [
      {
        "type": "NON_EMPTY"
      },
      {
        "type": "STRING_LENGTH",
        "args": [1, 64],
        "errorMessage": "The Rokt account ID has at most 64 characters"
      }
    ],
    "enablingConditions": [
      {
        "paramName": "apiMode",
        "paramValue": "eventAudienceApi",
        "type": "NOT_EQUALS"
      }
    ]
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
      }
    ]
  },
  {
    "type": "GROUP",
    "name": "eventApiBodyGroup",
    "displayName": "Identifiers and attributes",
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
    ],
    "enablingConditions": [
      {
        "paramName": "apiMode",
        "paramValue": "conversionGet",
        "type": "NOT_EQUALS"
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
  Vendor constants
==============================================================================*/

const EVENT_API_URL = 'https://api.rokt.com/v2/events';
const ROKT_API_VERSION = '2020-05-21';
const AUDIENCE_API_PODS = ['us1', 'us2', 'eu1', 'au1'];
// Rokt's Event API: accountId is at most 64 characters; keys are issued as rpub-… and rsec-… (docs/rokt-api.md).
const ACCOUNT_ID_PATTERN = '^\\S{1,64}$';
const PUBLIC_KEY_PATTERN = '^rpub-\\S+$';
const SECRET_KEY_PATTERN = '^rsec-\\S+$';
const CONVERSION_GET_URL = 'https://apps.rokt.com/api/conv';
const TIMEOUT_MS = 5000;
// One retry at most. The Event and Audience API request carries IDs derived from the conversion (source_request_id,
// source_message_id), so a repeat cannot count twice and a time-out is retried too; the Event API documents no
// de-duplication, so there only a 5xx or a failed connection (the request surely did not land) is retried.
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
// A tag saved before apiMode offered the Event and Audience API may lack the field: it keeps the Event API.
const api = data.apiMode === 'eventAudienceApi' || data.apiMode === 'conversionGet' ? data.apiMode : 'eventApi';
const piiLess = api === 'conversionGet';

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
const request = buildRequest(identifiers, conversionType);

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

function buildRequest(ids, type) {
  if (api === 'conversionGet') return buildConversionGetRequest(ids.roktId, type);
  if (api === 'eventAudienceApi') return buildAudienceApiRequest(ids, type);
  return buildEventApiRequest(ids, type);
}

function buildAudienceApiRequest(ids, type) {
  return {
    api: 'eventAudienceApi',
    url: 'https://s2s.' + data.pod + '.mparticle.com/v2/events',
    options: {
      method: 'POST',
      headers: {
        Authorization: 'Basic ' + toBase64(data.apiKey + ':' + data.apiSecret),
        Charset: 'utf-8',
        'Content-Type': 'application/json'
      },
      timeout: TIMEOUT_MS
    },
    body: JSON.stringify(buildAudienceApiBatch(ids, type)),
    retriesTimeOut: true
  };
}

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
    body: JSON.stringify(buildEventApiBody(ids, type)),
    retriesTimeOut: false
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
    body: undefined,
    retriesTimeOut: false
  };
}

/*==============================================================================
  Vendor: sending and judging the answer
==============================================================================*/

// Resolves to true when Rokt accepted the conversion. A retry sends the very same request.
function sendRequest(req, attempt) {
  return sendHttpRequest(req.url, req.options, req.body).then(
    (response) => {
      const status = response.statusCode;
      const retryable = status >= 500 || (status === 429 && req.api === 'eventAudienceApi');
      if (retryable && attempt < MAX_ATTEMPTS) {
        log('status ' + status + (status === 429 ? ' (rate-limited' + retryAfter(response) + ')' : '') + '; retrying once.');
        return sendRequest(req, attempt + 1);
      }
      const verdict = judgeResponse(req.api, response);
      verdict.lines.forEach(log);
      return verdict.accepted;
    },
    (error) => {
      const reason = (error && error.reason) || 'failed';
      const retryable = reason === 'failed' || (reason === 'timed_out' && req.retriesTimeOut);
      if (retryable && attempt < MAX_ATTEMPTS) {
        log((reason === 'failed' ? 'connection failed' : 'timed out') + '; retrying once.');
        return sendRequest(req, attempt + 1);
      }
      log('not delivered: ' + reason + ' after ' + attempt + ' attempt(s).');
      return false;
    }
  );
}

// {accepted, lines}: the verdict and the log lines that explain it (never the body, which may quote personal data).
function judgeResponse(api, response) {
  if (api === 'eventAudienceApi') return judgeAudienceApiResponse(response);
  const status = response.statusCode;
  const ok = status >= 200 && status < 300;
  const parsedBody = parseObject(response.body);
  const body = parsedBody || {};
  if (api === 'conversionGet') {
    const accepted = ok && body.success === true;
    return { accepted: accepted, lines: ['status ' + status + (accepted ? ', accepted.' : ', success is not true.')] };
  }
  const responseData = getType(body.data) === 'object' ? body.data : {};
  const records = responseData.unprocessedRecords;
  // Rokt lists refused events in unprocessedRecords; one that is there but not a list cannot be read as "none".
  const unreadable = records !== undefined && records !== null && getType(records) !== 'array';
  const unprocessed = getType(records) === 'array' ? records : [];
  const codes = unprocessed.map((record) => makeString(record && record.error && record.error.code));
  if (responseData.code) codes.push(makeString(responseData.code));
  const accepted = ok && unprocessed.length === 0 && !unreadable;
  return {
    accepted: accepted,
    lines: [
      'status ' + status +
        (unprocessed.length ? ', ' + unprocessed.length + ' unprocessed record(s)' : '') +
        (unreadable ? ', unprocessedRecords is not a list' : '') +
        (codes.length ? ', error codes: ' + codes.join(', ') : '') +
        (ok && !parsedBody ? ', no JSON body (the status decides)' : '') +
        (accepted ? ', accepted.' : ', rejected.')
    ]
  };
}

// mParticle's answers (docs/rokt-api.md): 202 accepted; errors[] in the body explain a refusal, and a 2xx that
// carries one is a refusal too; 401/403 mean wrong credentials; 429 is rate limiting.
function judgeAudienceApiResponse(response) {
  const status = response.statusCode;
  const body = parseObject(response.body) || {};
  const errors = body.errors;
  const errorList = getType(errors) === 'array' ? errors : [];
  const errorLines = errorList.map((error, i) => {
    const item = getType(error) === 'object' ? error : {};
    return 'error ' + (i + 1) + ': ' + (toText(item.code) || 'no code') + (toText(item.message) ? ': ' + item.message : '');
  });
  if (status >= 200 && status < 300) {
    if (errors === undefined || errors === null || (errorList.length === 0 && getType(errors) === 'array')) {
      return { accepted: true, lines: ['status ' + status + ', accepted (Event and Audience API).'] };
    }
    const summary = errorList.length
      ? errorList.length + ' error(s) in the answer'
      : 'an errors field that is not a list';
    return { accepted: false, lines: ['status ' + status + ' but ' + summary + ', rejected.'].concat(errorLines) };
  }
  let reason = 'rejected';
  if (status === 401 || status === 403) {
    reason = 'the API key or secret is wrong (or not for this pod): check the values your Rokt account manager gave you';
  } else if (status === 400) {
    reason = 'Rokt refused the request as malformed';
  } else if (status === 429) {
    reason = 'rate-limited by Rokt' + retryAfter(response) + ', still after one retry';
  } else if (status >= 500) {
    reason = 'Rokt\'s server failed, still after one retry';
  }
  return { accepted: false, lines: ['status ' + status + ': ' + reason + '.'].concat(errorLines) };
}

function retryAfter(response) {
  const headers = getType(response.headers) === 'object' ? response.headers : {};
  const seconds = toText(headers['retry-after'] || headers['Retry-After']);
  return seconds ? ', Retry-After ' + seconds + ' s' : '';
}

// The JSON object of an answer's body, or undefined when it is empty or not a JSON object. A 2xx is Rokt's
// acceptance and the body only lists refusals, so a 2xx without a readable body counts as accepted.
function parseObject(text) {
  const parsed = JSON.parse(text || '');
  return getType(parsed) === 'object' ? parsed : undefined;
}

// Never includes the Authorization header (the secret must not reach any log), nor the raw email: every JSON string
// equal to it is replaced.
function describeRequest(req, rawEmail) {
  const body = req.body && rawEmail ? req.body.split(JSON.stringify(rawEmail)).join(RAW_EMAIL_PLACEHOLDER) : req.body;
  return req.options.method + ' ' + req.url + (body ? ' ' + body : '');
}

/*==============================================================================
  Vendor: settings
==============================================================================*/

// The first field that is missing or malformed, named as the tag's UI names it; never its value (it may be a secret).
function findConfigError() {
  if (api === 'eventAudienceApi') {
    if (AUDIENCE_API_PODS.indexOf(makeString(data.pod)) < 0) return 'the Pod must be one of ' + AUDIENCE_API_PODS.join(', ') + '.';
    if (!isToken(data.apiKey)) return 'the API key is missing or contains spaces.';
    if (!isToken(data.apiSecret)) return 'the API secret is missing or contains spaces.';
    if (AUDIENCE_API_ENVIRONMENTS.indexOf(makeString(data.environment)) < 0) {
      return 'the Environment must be production or development.';
    }
  }
  if (!attributionWindowMs(data.attributionDays)) {
    return 'the Attribution window must be 1 to ' + MAX_ATTRIBUTION_DAYS + ' whole days.';
  }
  if (api === 'eventAudienceApi') return undefined;
  const accountId = toText(data.accountId);
  if (accountId === undefined || accountId.trim() === '') return 'the Rokt account ID is empty.';
  if (!matches(accountId, ACCOUNT_ID_PATTERN)) return 'the Rokt account ID must be 1 to 64 characters without spaces.';
  if (piiLess) return undefined;
  if (!matches(makeString(data.publicKey), PUBLIC_KEY_PATTERN)) {
    return 'the Rokt public key must be rpub- followed by the rest of the key, without spaces.';
  }
  if (!matches(makeString(data.secretKey), SECRET_KEY_PATTERN)) {
    return 'the Rokt secret key must be rsec- followed by the rest of the key, without spaces.';
  }
  return undefined;
}

function isToken(value) {
  const text = toText(value);
  return text !== undefined && matches(text, '^\\S+$');
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
                "string": "https://s2s.us1.mparticle.com/v2/events"
              },
              {
                "type": 1,
                "string": "https://s2s.us2.mparticle.com/v2/events"
              },
              {
                "type": 1,
                "string": "https://s2s.eu1.mparticle.com/v2/events"
              },
              {
                "type": 1,
                "string": "https://s2s.au1.mparticle.com/v2/events"
              },
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
            // First 36 hex characters of SHA-256('purchase|T-1001').
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
- name: '[Client event ID] Without a transaction ID a duplicate of the hit gets the same ID'
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
- name: '[Client event ID] Two conversion types of one short order ID get distinct IDs'
  code: |-
    mockData.conversionType = 'purchase';
    runCode(mockData);
    mockData.conversionType = 'signup';
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(1).events[0].clientEventId).isNotEqualTo(sentBody(0).events[0].clientEventId);
    });
- name: '[Client event ID] Two events of one GA4 request without an order ID get distinct IDs'
  code: |-
    eventData.transaction_id = undefined;
    runCode(mockData);
    eventData.value = 5;
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(1).events[0].clientEventId).isNotEqualTo(sentBody(0).events[0].clientEventId);
    });
- name: '[Client event ID] Two visitors without session keys or an order ID get distinct IDs'
  code: |-
    eventData.transaction_id = undefined;
    eventData.client_id = undefined;
    eventData.ga_session_id = undefined;
    runCode(mockData);
    eventData.rtid = 'another-visitors-id';
    eventData.emailsha256 = undefined;
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(1).events[0].clientEventId).isNotEqualTo(sentBody(0).events[0].clientEventId);
    });
- name: '[Event and Audience API] source_request_id and source_message_id are the conversion ID, the same on a duplicate'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 202, body: '' }];
    runCode(mockData);
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(0).source_request_id).isEqualTo(sentBody(0).events[0].data.source_message_id);
      assertThat(sentBody(1).source_request_id).isEqualTo(sentBody(0).source_request_id);
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
- name: '[Event and Audience API] A purchase is posted as one mParticle batch with Basic auth'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasCalledWith(
        'https://s2s.us2.mparticle.com/v2/events',
        {
          method: 'POST',
          headers: {
            Authorization: 'Basic ' + expectedAudienceCredentials,
            Charset: 'utf-8',
            'Content-Type': 'application/json'
          },
          timeout: 5000
        },
        JSON.stringify({
          environment: 'production',
          source_request_id: '03c99c48b28d4323d69c305b9297362cadc7',
          user_identities: { other: expectedEmailSha256, other2: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' },
          device_info: { http_header_user_agent: 'Mozilla/5.0 (X11; Linux x86_64)' },
          ip: '203.0.113.24',
          integration_attributes: { '1277': { passbackconversiontrackingid: 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g' } },
          events: [{
            event_type: 'custom_event',
            data: {
              event_name: 'conversion',
              custom_event_type: 'transaction',
              source_message_id: '03c99c48b28d4323d69c305b9297362cadc7',
              timestamp_unixtime_ms: 1773480413589,
              custom_attributes: { conversiontype: 'purchase', confirmationref: 'T-1001', amount: '21.5', currency: 'EUR' }
            }
          }]
        })
      );
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Event and Audience API] A 2xx that carries errors fails the tag and logs each error'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 202, body: '{"errors":[{"code":"BAD_REQUEST","message":"Required event field \\"event_type\\" is missing or empty."}]}' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('error 1: BAD_REQUEST: Required event field')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasNotCalled();
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Event and Audience API] 401 and 403 say the key or secret is wrong and are not retried'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 403, body: '' }, { statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('the API key or secret is wrong')).isGreaterThan(-1);
      assertThat(logs.join('\n').indexOf(mockData.apiSecret)).isEqualTo(-1);
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Event and Audience API] A 429 is retried once with the same body, and the log says rate-limited'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 429, headers: { 'retry-after': '2' }, body: '' }, { statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(2);
      assertThat(requests[1].body).isEqualTo(requests[0].body);
      assertThat(logs.join('\n').indexOf('rate-limited, Retry-After 2 s')).isGreaterThan(-1);
      assertApi('gtmOnSuccess').wasCalled();
      assertApi('gtmOnFailure').wasNotCalled();
    });
- name: '[Event and Audience API] A time-out is retried once: the IDs come from the conversion, so a repeat cannot count twice'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ reason: 'timed_out' }, { statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(2);
      assertThat(requests[1].body).isEqualTo(requests[0].body);
      assertApi('gtmOnSuccess').wasCalled();
    });
- name: '[Event and Audience API] A 400 is not retried and fails the tag'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    responses = [{ statusCode: 400, body: '{"errors":[{"code":"BAD_REQUEST","message":"malformed"}]}' }, { statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(requests.length).isEqualTo(1);
      assertThat(logs.join('\n').indexOf('error 1: BAD_REQUEST: malformed')).isGreaterThan(-1);
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Event and Audience API] A missing API secret sends nothing, fails and names the field'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    mockData.apiSecret = '';
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('the API secret is missing')).isGreaterThan(-1);
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Event and Audience API] A pod outside us1, us2, eu1, au1 sends nothing and fails'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    mockData.pod = 'us9';
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('the Pod must be one of us1, us2, eu1, au1')).isGreaterThan(-1);
      assertApi('gtmOnFailure').wasCalled();
    });
- name: '[Event and Audience API] Without the checkbox, no IP address or user agent is sent'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    mockData.sendDeviceInfo = false;
    responses = [{ statusCode: 202, body: '' }];
    runCode(mockData);
    callLater(() => {
      assertThat(sentBody(0).ip).isUndefined();
      assertThat(sentBody(0).device_info).isUndefined();
      assertApi('gtmOnSuccess').wasCalled();
    });
- name: '[Event and Audience API] Dry run logs the batch without the secret or the Authorization header'
  code: |-
    mockData.apiMode = 'eventAudienceApi';
    mockData.dryRun = true;
    runCode(mockData);
    callLater(() => {
      assertApi('sendHttpRequest').wasNotCalled();
      assertThat(logs.join('\n').indexOf('dry run, not sent: POST https://s2s.us2.mparticle.com/v2/events {"environment":"production"')).isGreaterThan(-1);
      assertThat(logs.join('\n').indexOf(mockData.apiSecret)).isEqualTo(-1);
      assertThat(logs.join('\n').indexOf(expectedAudienceCredentials)).isEqualTo(-1);
      assertApi('gtmOnSuccess').wasCalled();
    });
- name: '[Identifiers] Rokt ID only sends no email in any form, even with the raw-email box ticked'
  code: |-
    mockData.identifierPolicy = 'roktId';
    mockData.sendRawEmail = true;
    eventData.user_data = { email_address: 'someone@example.com' };
    runCode(mockData);
    callLater(() => {
      assertThat(objectDataValue(0, 'email')).isUndefined();
      assertThat(objectDataValue(0, 'emailsha256')).isUndefined();
      assertThat(objectDataValue(0, 'passbackconversiontrackingid')).isEqualTo('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g');
      assertApi('gtmOnSuccess').wasCalled();
    });
setup: |-
  const callLater = require('callLater');
  const JSON = require('JSON');
  const Promise = require('Promise');

  const expectedEmailSha256 = '72497f475e4f76d0b28f57c73a084ece576d170874eba3ee2609d9afe4b71aab';
  // base64('rpub-12345-a:rsec-67890-b')
  const expectedCredentials = 'cnB1Yi0xMjM0NS1hOnJzZWMtNjc4OTAtYg==';
  // base64('key-12345:secret-67890')
  const expectedAudienceCredentials = 'a2V5LTEyMzQ1OnNlY3JldC02Nzg5MA==';
  const mockData = {
    accountId: '3051387316918867566',
    apiMode: 'eventApi',
    publicKey: 'rpub-12345-a',
    secretKey: 'rsec-67890-b',
    pod: 'us2',
    apiKey: 'key-12345',
    apiSecret: 'secret-67890',
    environment: 'production',
    customerId: '',
    sendDeviceInfo: true,
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
    emailsha256: expectedEmailSha256,
    ip_override: '203.0.113.24',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64)'
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
  mock('getAllEventData', () => eventData);
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
