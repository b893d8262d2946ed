// @uses matches, toText
const decodeUriComponent = require('decodeUriComponent');

/*==============================================================================
  Shared: one URL parameter holding the Rokt ID (server and web templates)
==============================================================================*/

const ROKT_ID_PATTERN = '^[A-Za-z0-9._~-]{1,100}$';

// Names and values are decoded as the bundle's URLSearchParams decodes them: '+' is a space, then one percent-decoding
// (?%72tid= is rtid). A malformed escape fails decodeUriComponent, where URLSearchParams keeps the '%': either way the
// name is not rtid and the value breaks the rule, so both sides agree.
function findRoktIdParam(query, name) {
  const pairs = query.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const separator = pairs[i].indexOf('=');
    if (separator > 0 && decodeFormText(pairs[i].substring(0, separator)) === name) {
      const id = normaliseRoktId(decodeFormText(pairs[i].substring(separator + 1)));
      if (id) return id;
    }
  }
  return undefined;
}

function decodeFormText(text) {
  return decodeUriComponent(text.split('+').join(' '));
}

function afterFirst(text, separator, otherwise) {
  const at = text.indexOf(separator);
  return at < 0 ? otherwise : text.substring(at + 1);
}

function normaliseRoktId(value) {
  const text = toText(value);
  return text !== undefined && matches(text, ROKT_ID_PATTERN) ? text : undefined;
}
