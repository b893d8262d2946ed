// @uses splitKeys, toText
const getCookieValues = require('getCookieValues');
const getEventData = require('getEventData');

/*==============================================================================
  Shared: the Rokt ID (the browser bundle's rule, test/vectors/identifiers.json)
==============================================================================*/

const ROKT_ID_COOKIE = 'RoktTransactionId';
const ROKT_ID_URL_PARAMS = ['rtid', 'rclid'];
const DEFAULT_ROKT_ID_KEYS = 'rtid,rclid,passbackconversiontrackingid';

// Last click wins: a Rokt ID in the URL of the page the hit reports is a click made on this page view, so it beats
// the hit's own parameters (which may carry what the page had stored before the click), which beat storedId, what an
// earlier visit left in the cookie (the caller passes it once checked against the attribution window).
function findRoktId(keyList, storedId) {
  return findRoktIdInUrl(getEventData('page_location')) || findRoktIdInEventData(keyList) || storedId;
}

function findRoktIdInEventData(keyList) {
  const keys = splitKeys(keyList || DEFAULT_ROKT_ID_KEYS);
  for (let i = 0; i < keys.length; i++) {
    const id = normaliseRoktId(getEventData(keys[i]));
    if (id) return id;
  }
  return undefined;
}

// getCookieValues decodes each value once, as the browser's one decoding of the URL parameter.
function findRoktIdInCookie() {
  const cookies = getCookieValues(ROKT_ID_COOKIE);
  for (let i = 0; i < cookies.length; i++) {
    const id = normaliseRoktId(cookies[i]);
    if (id) return id;
  }
  return undefined;
}

// As the bundle reads a landing URL: each name in the query, then each name in the fragment, where a hash route's
// own query (#/landing?rtid=…) starts at the fragment's first '?'. The first value that passes the rule wins.
function findRoktIdInUrl(url) {
  const text = toText(url);
  if (!text) return undefined;
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.substring(0, hashAt);
  const fragment = hashAt < 0 ? '' : text.substring(hashAt + 1);
  const parts = [afterFirst(beforeHash, '?', ''), afterFirst(fragment, '?', fragment)];
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < ROKT_ID_URL_PARAMS.length; j++) {
      const id = findRoktIdParam(parts[i], ROKT_ID_URL_PARAMS[j]);
      if (id) return id;
    }
  }
  return undefined;
}

// @include rokt-id-param.js
