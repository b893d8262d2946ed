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
  // @include ../shared/fields/rokt-id-keys.json,
  // @include ../shared/fields/attribution-days.json,
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
          // @include ../shared/fields/audience-api-body.json
        ],
        "enablingConditions": [
          {
            "paramName": "output",
            "paramValue": "audienceApiBody",
            "type": "EQUALS"
          }
        ]
      },
      // @include ../shared/fields/conversion-type.json,
      // @include ../shared/fields/event-api-body.json
    ]
  },
  // @include ../shared/fields/log-type.json
]


___SANDBOXED_JS_FOR_SERVER___

const JSON = require('JSON');

const LOG_PREFIX = 'Rokt Identifier: ';

// @include ../shared/text.js

// @include ../shared/logging.js

// @include ../shared/rokt-id.js

// @include ../shared/attribution-window.js

// @include ../shared/email.js

// @include ../shared/conversion.js

// @include ../shared/event-api-body.js

// @include ../shared/audience-api-body.js

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
  // @include ../shared/permissions/logging.json
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
