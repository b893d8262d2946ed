// @uses matches, toText
const getEventData = require('getEventData');
/*==============================================================================
  Shared: Consent Mode state of the hit
==============================================================================*/

// 'G1' + ad_storage + analytics_storage, each '1' granted or '0' denied (ad_storage is the third character:
// stape-io/facebook-tag#65). Anything else, or no x-ga-gcs at all, is unknown.
const CONSENT_STATE_KEY = 'x-ga-gcs';
const CONSENT_STATE_PATTERN = '^G1[01][01]$';

// 'granted', 'denied' or 'unknown'.
function adStorageConsent() {
  const state = toText(getEventData(CONSENT_STATE_KEY));
  if (state === undefined || !matches(state, CONSENT_STATE_PATTERN)) return 'unknown';
  return state.charAt(2) === '1' ? 'granted' : 'denied';
}
