// @uses AMOUNT_KEY, CURRENCY_KEY, TRANSACTION_ID_KEY, addPair, conversionIdFor, conversionTimeMs, extraAttributeRows,
// @uses log, toText, withPair
const getEventData = require('getEventData');
const makeString = require('makeString');
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
