const getContainerVersion = require('getContainerVersion');
const getUrl = require('getUrl');
const logToConsole = require('logToConsole');

/*==============================================================================
  Web: the "Log to console" field (logType), and ?rokt_debug=1 as in the bundle
==============================================================================*/

const LOG_PREFIX = '[rokt-sgtm-bridge] ';
const LOGGING_ENABLED = isLoggingEnabled();

// The bundle's console lines, with its prefix, so docs/verify.md reads the same for both: in GTM's Preview and debug
// mode, or on a page opened with ?rokt_debug=1.
function isLoggingEnabled() {
  if (data.logType === 'always') return true;
  if (data.logType === 'never') return false;
  const version = getContainerVersion();
  if (version && (version.debugMode || version.previewMode)) return true;
  return ('&' + getUrl('query') + '&').indexOf('&rokt_debug=1&') >= 0;
}

function log(message) {
  if (LOGGING_ENABLED) logToConsole(LOG_PREFIX + message);
}
