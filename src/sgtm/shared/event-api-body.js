// @uses AMOUNT_KEY, CURRENCY_KEY, DAY_MS, TRANSACTION_ID_KEY, addPair, conversionIdFor, conversionTimeMs,
// @uses extraAttributeRows, toText, withPair
const Math = require('Math');
const getEventData = require('getEventData');
const makeString = require('makeString');
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
