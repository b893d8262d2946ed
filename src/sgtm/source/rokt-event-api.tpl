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
      // @include ../shared/fields/conversion-type.json,
      // @include ../shared/fields/rokt-id-keys.json
    ]
  },
  {
    "type": "GROUP",
    "name": "eventApiBodyGroup",
    "displayName": "Event API body",
    "groupStyle": "ZIPPY_OPEN",
    "subParams": [
      // @include ../shared/fields/event-api-body.json
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

// @include ../shared/email.js

// @include ../shared/event-api-body.js

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
