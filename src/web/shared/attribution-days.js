// @uses DAY_MS
const makeNumber = require('makeNumber');
const Math = require('Math');

/*==============================================================================
  Web: the attribution window (the bundle's attributionDays, the server templates' field)
==============================================================================*/

const DEFAULT_ATTRIBUTION_DAYS = 90;
const MAX_ATTRIBUTION_DAYS = 400;

// The window in ms, or undefined when the field is not 1 to 400 whole days.
function attributionWindowMs(days) {
  const value = days === undefined || days === '' ? DEFAULT_ATTRIBUTION_DAYS : makeNumber(days);
  const valid = value >= 1 && value <= MAX_ATTRIBUTION_DAYS && Math.floor(value) === value;
  return valid ? value * DAY_MS : undefined;
}
