const getTimestampMillis = require('getTimestampMillis');
const setCookie = require('setCookie');

const LOG_PREFIX = 'Rokt ID Keeper: ';

// @include ../shared/text.js

// @include ../shared/logging.js

// @include ../shared/consent.js

// @include ../shared/rokt-id.js

// @include ../shared/attribution-window.js

/*==============================================================================
  Keeper constants
==============================================================================*/

const KEEPER_COOKIES = [ROKT_ID_COOKIE, ROKT_ID_SEEN_COOKIE, ROKT_ID_KEPT_COOKIE];
// A hit refreshes the cookies at most once per 24 hours (a new click always writes).
const REFRESH_INTERVAL_MS = DAY_MS;
const COOKIE_DOMAIN_PATTERN = '^(auto|\\.?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*)$';

/*==============================================================================
  Main flow: always succeeds, unless the configuration is invalid
==============================================================================*/

const now = getTimestampMillis();
const windowMs = attributionWindowMs(data.attributionDays);
const cookieDomain = makeString(data.cookieDomain || 'auto').trim();

main();

function main() {
  const configError = findConfigError();
  if (configError) {
    log('nothing kept: ' + configError);
    return data.gtmOnFailure();
  }

  const consent = data.consentMode === 'ignore' ? 'granted' : adStorageConsent();
  if (consent === 'denied') {
    const deleted = deleteKeeperCookies();
    log(
      'ad_storage is denied in this hit (x-ga-gcs); nothing set' +
        (deleted ? ', ' + deleted + ' cookie(s) deleted.' : '.'),
    );
    return data.gtmOnSuccess();
  }
  if (consent === 'unknown' && data.unknownConsent === 'skip') {
    log('no Consent Mode state in this hit; nothing set.');
    return data.gtmOnSuccess();
  }

  keepRoktId();
  data.gtmOnSuccess();
}

/*==============================================================================
  Keeping the Rokt ID: same names, values and window as the browser bundle
==============================================================================*/

function keepRoktId() {
  const stored = readStoredRoktId(windowMs, now);
  const click = findRoktIdInUrl(getEventData('page_location'));
  const fromParameters = findRoktIdInEventData(data.roktIdKeys);
  // Last click wins: a Rokt ID in page_location is a click made on this page view. Without one, the cookie the request
  // carries stays: a different ID in the hit's parameters may be older (what a page had stored before), and its
  // first-seen time is unknown, so it never replaces the cookie and never gets a window of its own.
  const id = click || stored.id;
  if (!id) {
    if (fromParameters) log('a Rokt ID came only as an event parameter, without its first-seen time; nothing set.');
    else if (stored.expired) {
      log('the attribution window of the stored Rokt ID ended; ' + deleteKeeperCookies() + ' cookie(s) deleted.');
    } else log('no valid Rokt ID in this hit or its cookies; nothing set.');
    return;
  }
  const sameClick = id === stored.id;
  if (sameClick && stored.seen && stored.kept && stored.kept <= now && now - stored.kept < REFRESH_INTERVAL_MS) {
    log('the cookies were refreshed by the server less than 24 hours ago; nothing set.');
    return;
  }
  // The first-seen time travels with its ID: the same ID clicked again keeps it, so no visit extends the window.
  const seen = sameClick && stored.seen !== undefined ? stored.seen : now;
  const maxAge = Math.min(Math.floor((seen + windowMs - now) / 1000), MAX_ATTRIBUTION_DAYS * 86400);
  const options = cookieOptions(maxAge);
  setCookie(ROKT_ID_COOKIE, id, options);
  setCookie(ROKT_ID_SEEN_COOKIE, makeString(seen), options);
  setCookie(ROKT_ID_KEPT_COOKIE, makeString(now), options);
  log(
    (sameClick ? 'refreshed the stored Rokt ID' : 'kept a new Rokt ID from this hit') +
      '; ' +
      Math.floor(maxAge / 86400) +
      ' day(s) of its window left.',
  );
}

// Deletes each keeper cookie the request carries (same domain and path, so the browser matches it); returns how many.
function deleteKeeperCookies() {
  let deleted = 0;
  KEEPER_COOKIES.forEach((name) => {
    if (getCookieValues(name).length) {
      setCookie(name, '', cookieOptions(0));
      deleted++;
    }
  });
  return deleted;
}

// Option names as production server tags spell them (stape-io/facebook-tag, template.js at 98500be: `domain: 'auto'`,
// `path`, `samesite`, `secure`, `'max-age'`, `HttpOnly`). sGTM ignores the camel-case `httpOnly`: the cookie is set
// without the flag (stape-io/facebook-tag#16), so only `HttpOnly` is passed. setCookie adds a Set-Cookie header to the
// response of the request being handled; with the GA4 client that is its answer to the /g/collect hit, sent after
// the tags ran; once a tag has had that response sent early (sendPixelFromBrowser), sGTM delivers later cookies by
// a follow-up /set_cookie request (https://stape.io/blog/set-cookie-requests-in-gtm).
function cookieOptions(maxAgeSeconds) {
  const options = {
    domain: cookieDomain,
    path: '/',
    samesite: 'Lax',
    secure: true,
    'max-age': maxAgeSeconds,
  };
  if (data.httpOnly) options.HttpOnly = true;
  return options;
}

function findConfigError() {
  if (!windowMs) return 'the attribution window must be 1 to ' + MAX_ATTRIBUTION_DAYS + ' whole days.';
  if (!matches(cookieDomain, COOKIE_DOMAIN_PATTERN)) return 'the cookie domain must be auto or a domain name.';
  return undefined;
}
