const copyFromDataLayer = require('copyFromDataLayer');
const getTimestampMillis = require('getTimestampMillis');

// @include ../../sgtm/shared/text.js

// @include ../../sgtm/shared/rokt-id-param.js

// @include ../../sgtm/shared/email-rule.js

// @include ../shared/page-url.js

// @include ../shared/attribution-days.js

// @include ../shared/stored-identity.js

/*==============================================================================
  Main flow: the bundle's priority (src/browser/bridge.ts)
==============================================================================*/

// As the server variable: an invalid window counts as the default one (a variable has no failure to report).
const windowMs = attributionWindowMs(data.attributionDays) || DEFAULT_ATTRIBUTION_DAYS * DAY_MS;

// A variable template returns its value from the top level: the build turns this line into `return output();`.
// @return output()

function output() {
  return data.output === 'emailSha256' ? findEmailSha256() : findRoktId();
}

// A click in this page's URL first (last click wins), then what this page pushed in rokt_identity (the Capture tag or
// the bundle: their memory, also while consent is not granted), then storage within the attribution window.
function findRoktId() {
  const clicked = findRoktIdInPageUrl(splitKeys(data.idParams || DEFAULT_ID_PARAMS));
  if (clicked) return clicked.id;
  const pushed = normaliseRoktId(copyFromDataLayer('rtid'));
  if (pushed) return pushed;
  if (!storageAllowed()) return undefined;
  const id = normaliseRoktId(readStored(ID_KEY, true));
  if (!id) return undefined;
  const seen = makeNumber(readStored(SEEN_KEY, true) || 0);
  return seen && seen + windowMs < getTimestampMillis() ? undefined : id;
}

// Only a lowercase hex digest: the address itself never reaches a variable of this template.
function findEmailSha256() {
  const pushed = copyFromDataLayer('emailsha256');
  if (isHexDigest(pushed)) return pushed;
  if (!storageAllowed()) return undefined;
  const stored = readStored(EMAIL_KEY, true);
  return isHexDigest(stored) ? stored : undefined;
}
