// @uses DAY_MS, DEFAULT_ATTRIBUTION_DAYS, attributionWindowMs, findEmailSha256, findRawEmail, findRoktId, log,
// @uses readStoredRoktId, toText
const getEventData = require('getEventData');
const getType = require('getType');
const makeString = require('makeString');
const sha256Sync = require('sha256Sync');
const getAllEventData = require('getAllEventData');
const getTimestampMillis = require('getTimestampMillis');
const JSON = require('JSON');
const makeTableMap = require('makeTableMap');
const Object = require('Object');

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
