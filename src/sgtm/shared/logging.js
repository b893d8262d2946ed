// @uses LOG_PREFIX
const getContainerVersion = require('getContainerVersion');
const logToConsole = require('logToConsole');

/*==============================================================================
  Shared: the "Log to console" field (logType)
==============================================================================*/

// Every line reaches Cloud Logging, which a busy shop pays for: by default only Preview and debug runs log. Same
// choice and same getContainerVersion() test as stape-io/facebook-tag's logType
// (https://github.com/stape-io/facebook-tag/blob/98500beca256aaaff968ea21f552546f4e7be5af/template.js).
const LOGGING_ENABLED = isLoggingEnabled();

function isLoggingEnabled() {
  if (data.logType === 'always') return true;
  if (data.logType === 'never') return false;
  const version = getContainerVersion();
  return !!(version && (version.debugMode || version.previewMode));
}

function log(message) {
  if (LOGGING_ENABLED) logToConsole(LOG_PREFIX + message);
}
