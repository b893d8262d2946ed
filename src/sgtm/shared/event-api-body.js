const getTimestampMillis = require('getTimestampMillis');
const makeTableMap = require('makeTableMap');

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
