const getType = require('getType');
const makeString = require('makeString');

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
