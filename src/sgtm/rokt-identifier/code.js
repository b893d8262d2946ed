const JSON = require('JSON');

const LOG_PREFIX = 'Rokt Identifier: ';

// @include ../shared/text.js

// @include ../shared/logging.js

// @include ../shared/rokt-id.js

// @include ../shared/attribution-window.js

// @include ../shared/email.js

// @include ../shared/conversion.js

// @include ../shared/event-api-body.js

// @include ../shared/audience-api-body.js

/*==============================================================================
  Main flow
==============================================================================*/

// A variable template returns its value from the top level: the build turns this line into `return output();`.
// @return output()

function output() {
  if (data.output === 'pageLocationWithoutRoktId') return withoutRoktIdParams(getEventData('page_location'));
  if (data.output === 'pageReferrerWithoutRoktId') return withoutRoktIdParams(getEventData('page_referrer'));
  if (data.output === 'emailSha256') return findEmailSha256();
  if (data.output === 'eventApiBody') return buildBodyJson(buildEventApiBody);
  if (data.output === 'audienceApiBody') return buildBodyJson(buildAudienceApiBatch);
  return findRoktId(data.roktIdKeys, storedRoktIdInWindow());
}

// The tag's body for the same fields; undefined rather than a body Rokt would refuse for want of an identifier.
function buildBodyJson(buildBody) {
  const ids = collectIdentifiers(false);
  if (!hasIdentifier(ids)) return undefined;
  return JSON.stringify(buildBody(ids, resolveConversionType()));
}

// For GA4: each click's rtid would make a new landing-page URL in its reports. The URL loses every rtid and rclid
// pair, in the query and in the fragment, read as findRoktIdInUrl reads them (a hash route's own query starts at the
// fragment's first '?', else the whole fragment is one); everything else stays as written.
function withoutRoktIdParams(url) {
  const text = toText(url);
  if (text === undefined) return undefined;
  const hashAt = text.indexOf('#');
  const beforeHash = hashAt < 0 ? text : text.substring(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const page =
    queryAt < 0
      ? beforeHash
      : withoutRoktIdPairs(beforeHash.substring(0, queryAt), '?', beforeHash.substring(queryAt + 1));
  if (hashAt < 0) return page;
  const fragment = text.substring(hashAt + 1);
  const routeQueryAt = fragment.indexOf('?');
  const cleanFragment =
    routeQueryAt < 0
      ? withoutRoktIdPairs('', '', fragment)
      : withoutRoktIdPairs(fragment.substring(0, routeQueryAt), '?', fragment.substring(routeQueryAt + 1));
  // A fragment that held only the Rokt ID goes with its '#'.
  return cleanFragment === '' && fragment !== '' ? page : page + '#' + cleanFragment;
}

// head + separator + the pairs of query that are not a Rokt ID; no separator when no pair is left.
function withoutRoktIdPairs(head, separator, query) {
  const kept = query.split('&').filter((pair) => {
    const equalsAt = pair.indexOf('=');
    return ROKT_ID_URL_PARAMS.indexOf(equalsAt < 0 ? pair : pair.substring(0, equalsAt)) < 0;
  });
  return kept.length > 0 ? head + separator + kept.join('&') : head;
}
