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

main();

// The tag's decisions, in order: consent, settings, identifiers, dry run, then the request and Rokt's answer.
function main() {
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
}

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
        'Content-Type': 'application/json',
      },
      timeout: TIMEOUT_MS,
    },
    body: JSON.stringify(buildAudienceApiBatch(ids, type)),
    retriesTimeOut: true,
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
        'Rokt-Version': ROKT_API_VERSION,
      },
      timeout: TIMEOUT_MS,
    },
    body: JSON.stringify(buildEventApiBody(ids, type)),
    retriesTimeOut: false,
  };
}

function buildConversionGetRequest(roktId, type) {
  const query = [
    'id=' + encodeUriComponent(makeString(data.accountId)),
    'passbackconversiontrackingid=' + encodeUriComponent(roktId),
    'conversiontype=' + encodeUriComponent(type),
  ];
  return {
    api: 'conversionGet',
    url: CONVERSION_GET_URL + '?' + query.join('&'),
    options: { method: 'GET', timeout: TIMEOUT_MS },
    body: undefined,
    retriesTimeOut: false,
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
        log(
          'status ' +
            status +
            (status === 429 ? ' (rate-limited' + retryAfter(response) + ')' : '') +
            '; retrying once.',
        );
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
    },
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
      'status ' +
        status +
        (unprocessed.length ? ', ' + unprocessed.length + ' unprocessed record(s)' : '') +
        (unreadable ? ', unprocessedRecords is not a list' : '') +
        (codes.length ? ', error codes: ' + codes.join(', ') : '') +
        (ok && !parsedBody ? ', no JSON body (the status decides)' : '') +
        (accepted ? ', accepted.' : ', rejected.'),
    ],
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
    return (
      'error ' + (i + 1) + ': ' + (toText(item.code) || 'no code') + (toText(item.message) ? ': ' + item.message : '')
    );
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
    reason =
      'the API key or secret is wrong (or not for this pod): check the values your Rokt account manager gave you';
  } else if (status === 400) {
    reason = 'Rokt refused the request as malformed';
  } else if (status === 429) {
    reason = 'rate-limited by Rokt' + retryAfter(response) + ', still after one retry';
  } else if (status >= 500) {
    reason = "Rokt's server failed, still after one retry";
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
    if (AUDIENCE_API_PODS.indexOf(makeString(data.pod)) < 0)
      return 'the Pod must be one of ' + AUDIENCE_API_PODS.join(', ') + '.';
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
