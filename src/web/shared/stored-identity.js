// @uses HEX_DIGEST_PATTERN, matches, toText
const getCookieValues = require('getCookieValues');
const isConsentGranted = require('isConsentGranted');
const localStorage = require('localStorage');

/*==============================================================================
  Web: where the bundle keeps the identifiers (src/browser/identity.ts), read side
==============================================================================*/

// The bundle's names: cookie and localStorage keys shared with it, with Rokt's web SDK and the server templates.
const ID_KEY = 'RoktTransactionId';
const SEEN_KEY = 'RoktTransactionIdSeen';
const EMAIL_KEY = 'RoktEmailSha256';
const REFRESHED_KEY = 'RoktTransactionIdRefreshed';
const CLEARED_KEY = 'RoktTransactionIdCleared';
const KEPT_KEY = 'RoktTransactionIdKept';

// Storage follows Google Consent Mode's ad_storage as GTM holds it for this visitor (its region's default, then the
// visitor's update); the consent field 'granted' leaves consent to the tag's triggers and consent settings.
function storageAllowed() {
  return data.consent === 'granted' || isConsentGranted('ad_storage');
}

// As the bundle's cookie store reads: the first value, an empty one as missing, no decoding (every value it writes
// is made of cookie-safe characters).
function readCookie(key) {
  const values = getCookieValues(key, false);
  return values.length > 0 && values[0] ? values[0] : undefined;
}

function readLocal(key) {
  const value = localStorage.getItem(key);
  return value ? value : undefined;
}

// A clear (clear() or a revoke) made on another subdomain leaves its time in the shared cookie; until this origin has
// applied it, its localStorage copies are what was cleared.
function localCopiesCleared() {
  const cleared = readCookie(CLEARED_KEY);
  return !!cleared && readLocal(CLEARED_KEY) !== cleared;
}

// The bundle's priority: the cookie (shared by every subdomain), then this origin's localStorage.
function readStored(key, withCookie) {
  const fromCookie = withCookie ? readCookie(key) : undefined;
  if (fromCookie) return fromCookie;
  return localCopiesCleared() ? undefined : readLocal(key);
}

function isHexDigest(value) {
  return toText(value) !== undefined && matches(value, HEX_DIGEST_PATTERN);
}
