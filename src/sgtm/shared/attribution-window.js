// @uses DAY_MS, findRoktIdInCookie, matches
const getCookieValues = require('getCookieValues');
const makeNumber = require('makeNumber');
const Math = require('Math');

/*==============================================================================
  Shared: the attribution window (the browser bundle's rule, src/browser/bridge.ts)
==============================================================================*/

// First seen (unix ms) of the stored Rokt ID, written next to it; the window counts from it and no visit extends it.
const ROKT_ID_SEEN_COOKIE = 'RoktTransactionIdSeen';
// Unix ms of the server's last refresh of the three cookies (agreed with the bundle, which leaves them alone).
const ROKT_ID_KEPT_COOKIE = 'RoktTransactionIdKept';
const DEFAULT_ATTRIBUTION_DAYS = 90;
const MAX_ATTRIBUTION_DAYS = 400;
const TIMESTAMP_PATTERN = '^[0-9]{1,15}$';

// The attribution window in ms from the attributionDays field, or undefined when it is not 1 to 400 whole days.
function attributionWindowMs(days) {
  const value = days === undefined || days === '' ? DEFAULT_ATTRIBUTION_DAYS : makeNumber(days);
  const valid = value >= 1 && value <= MAX_ATTRIBUTION_DAYS && Math.floor(value) === value;
  return valid ? value * DAY_MS : undefined;
}

// The first well-formed timestamp among the request's cookies of that name.
function readTimestampCookie(name) {
  const values = getCookieValues(name);
  for (let i = 0; i < values.length; i++) {
    if (matches(values[i], TIMESTAMP_PATTERN)) return makeNumber(values[i]);
  }
  return undefined;
}

// The Rokt ID of the request's RoktTransactionId cookie, judged as the ID Keeper judges it: its first-seen time (a time
// in the future is clamped to now), and whether its window has ended, in which case id is undefined.
function readStoredRoktId(windowMs, now) {
  const id = findRoktIdInCookie();
  const seenCookie = readTimestampCookie(ROKT_ID_SEEN_COOKIE);
  const seen = seenCookie === undefined ? undefined : Math.min(seenCookie, now);
  const expired = !!(id && seen !== undefined && seen + windowMs <= now);
  return {
    id: expired ? undefined : id,
    seen: seen,
    kept: readTimestampCookie(ROKT_ID_KEPT_COOKIE),
    expired: expired,
  };
}
