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
  "displayName": "Rokt Web Identifier",
  "categories": ["ADVERTISING", "CONVERSIONS", "UTILITY"],
  "brand": {
    "id": "brand_dummy",
    "displayName": "rokt-sgtm-bridge"
  },
  "description": "The Rokt click ID or the email SHA-256 from the page URL, this page's rokt_identity or first-party storage, for the GA4 event settings.",
  "containerContexts": [
    "WEB"
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
        "displayValue": "Email SHA-256 (emailsha256)"
      }
    ],
    "simpleValueType": true,
    "defaultValue": "roktId",
    "alwaysInSummary": true
  },
  // @include ../shared/fields/id-params.json,
  // @include ../shared/fields/attribution-days.json,
  // @include ../shared/fields/consent.json
]


___SANDBOXED_JS_FOR_WEB_TEMPLATE___

const copyFromDataLayer = require('copyFromDataLayer');
const getTimestampMillis = require('getTimestampMillis');

// @include ../../sgtm/shared/text.js

// @include ../../sgtm/shared/rokt-id-param.js

// @include ../../sgtm/shared/email-rule.js

// @include ../shared/page-url.js

// @include ../shared/attribution-days.js

// @include ../shared/stored-identity.js

/*==============================================================================
  Main flow: the bundle's priority (src/browser/bridge.ts)
==============================================================================*/

// As the server variable: an invalid window counts as the default one (a variable has no failure to report).
const windowMs = attributionWindowMs(data.attributionDays) || DEFAULT_ATTRIBUTION_DAYS * DAY_MS;

if (data.output === 'emailSha256') return findEmailSha256();
return findRoktId();

// A click in this page's URL first (last click wins), then what this page pushed in rokt_identity (the Capture tag or
// the bundle: their memory, also while consent is not granted), then storage within the attribution window.
function findRoktId() {
  const clicked = findRoktIdInPageUrl(splitKeys(data.idParams || DEFAULT_ID_PARAMS));
  if (clicked) return clicked.id;
  const pushed = normaliseRoktId(copyFromDataLayer('rtid'));
  if (pushed) return pushed;
  if (!storageAllowed()) return undefined;
  const id = normaliseRoktId(readStored(ID_KEY, true));
  if (!id) return undefined;
  const seen = makeNumber(readStored(SEEN_KEY, true) || 0);
  return seen && seen + windowMs < getTimestampMillis() ? undefined : id;
}

// Only a lowercase hex digest: the address itself never reaches a variable of this template.
function findEmailSha256() {
  const pushed = copyFromDataLayer('emailsha256');
  if (isHexDigest(pushed)) return pushed;
  if (!storageAllowed()) return undefined;
  const stored = readStored(EMAIL_KEY, true);
  return isHexDigest(stored) ? stored : undefined;
}


___WEB_PERMISSIONS___

[
  {
    "instance": {
      "key": { "publicId": "read_data_layer", "versionId": "1" },
      "param": [
        { "key": "allowedKeys", "value": { "type": 1, "string": "specific" } },
        {
          "key": "keyPatterns",
          "value": {
            "type": 2,
            "listItem": [
              { "type": 1, "string": "rtid" },
              { "type": 1, "string": "emailsha256" }
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
      "key": { "publicId": "access_local_storage", "versionId": "1" },
      "param": [
        {
          "key": "keys",
          "value": {
            "type": 2,
            "listItem": [
              // @include ../shared/permissions/local-storage-read.json
            ]
          }
        }
      ]
    },
    "clientAnnotations": { "isEditedByUser": true },
    "isRequired": true
  },
  // @include ../shared/permissions/get-url.json
]


___TESTS___

scenarios:
- name: A click in the URL beats an older stored ID
  code: |-
    mock('getUrl', (part) => part === 'query' ? 'rtid=new-click' : '');
    mock('getCookieValues', (name) => name === 'RoktTransactionId' ? ['old-click'] : []);
    assertThat(runCode({ output: 'roktId' })).isEqualTo('new-click');
- name: The stored ID within its window
  code: |-
    mock('getCookieValues', (name) => name === 'RoktTransactionId' ? ['stored-click']
      : name === 'RoktTransactionIdSeen' ? [makeString(getTimestampMillis() - 89 * day)] : []);
    assertThat(runCode({ output: 'roktId' })).isEqualTo('stored-click');
- name: No stored ID past its window
  code: |-
    mock('getCookieValues', (name) => name === 'RoktTransactionId' ? ['stored-click']
      : name === 'RoktTransactionIdSeen' ? [makeString(getTimestampMillis() - 91 * day)] : []);
    assertThat(runCode({ output: 'roktId' })).isUndefined();
- name: Nothing from storage while ad_storage is not granted
  code: |-
    mock('isConsentGranted', false);
    mock('getCookieValues', (name) => name === 'RoktTransactionId' ? ['stored-click'] : []);
    assertThat(runCode({ output: 'roktId' })).isUndefined();
- name: This page's rokt_identity, also without consent
  code: |-
    mock('isConsentGranted', false);
    mock('copyFromDataLayer', (key) => key === 'rtid' ? 'pushed-click' : key === 'emailsha256' ? janeHash : undefined);
    assertThat(runCode({ output: 'roktId' })).isEqualTo('pushed-click');
    assertThat(runCode({ output: 'emailSha256' })).isEqualTo(janeHash);
- name: The email SHA-256 from localStorage, never anything but a digest
  code: |-
    mockObject('localStorage', { getItem: (key) => key === 'RoktEmailSha256' ? janeHash : null });
    assertThat(runCode({ output: 'emailSha256' })).isEqualTo(janeHash);
    mockObject('localStorage', { getItem: (key) => key === 'RoktEmailSha256' ? 'jane@example.com' : null });
    assertThat(runCode({ output: 'emailSha256' })).isUndefined();
setup: |-
  const makeString = require('makeString');
  const getTimestampMillis = require('getTimestampMillis');
  const day = 86400000;
  const janeHash = '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d';


___NOTES___

Assembled from src/web/source/rokt-identifier-web.tpl of rokt-sgtm-bridge.
