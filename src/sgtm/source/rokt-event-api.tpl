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
      // @include ../shared/fields/audience-api-body.json
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
      // @include ../shared/fields/conversion-type.json,
      // @include ../shared/fields/rokt-id-keys.json,
      // @include ../shared/fields/attribution-days.json
    ]
  },
  {
    "type": "GROUP",
    "name": "eventApiBodyGroup",
    "displayName": "Identifiers and attributes",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      // @include ../shared/fields/event-api-body.json
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
      // @include ../shared/fields/log-type.json
    ]
  }
]


___SANDBOXED_JS_FOR_SERVER___

const encodeUriComponent = require('encodeUriComponent');
const JSON = require('JSON');
const sendHttpRequest = require('sendHttpRequest');
const toBase64 = require('toBase64');

const LOG_PREFIX = 'Rokt Event API: ';

// @include ../shared/text.js

// @include ../shared/logging.js

// @include ../shared/consent.js

// @include ../shared/rokt-id.js

// @include ../shared/attribution-window.js

// @include ../shared/email.js

// @include ../shared/conversion.js

// @include ../shared/event-api-body.js

// @include ../shared/audience-api-body.js

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
  // @include ../shared/permissions/logging.json
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
