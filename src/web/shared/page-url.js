// @uses afterFirst, findRoktIdParam
const getUrl = require('getUrl');

/*==============================================================================
  Web: the Rokt ID in the page's URL (the bundle's findRoktId, src/browser/rokt-id.ts)
==============================================================================*/

const DEFAULT_ID_PARAMS = 'rtid,rclid';

// Each name in the query, then each name in the fragment, where a hash route's own query (#/landing?rtid=…) starts
// at the fragment's first '?'. The first value that passes the rule wins: {id, from: '?rtid'}, or undefined.
function findRoktIdInPageUrl(names) {
  const fragment = getUrl('fragment');
  const parts = [getUrl('query'), afterFirst(fragment, '?', fragment)];
  for (let i = 0; i < parts.length; i++) {
    for (let j = 0; j < names.length; j++) {
      const id = findRoktIdParam(parts[i], names[j]);
      if (id) return { id: id, from: (i === 0 ? '?' : '#') + names[j] };
    }
  }
  return undefined;
}
