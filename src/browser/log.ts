const PREFIX = '[rokt-sgtm-bridge] ';

/** Logs one line per decision when debugging; otherwise costs nothing. Never pass it a raw email. */
export type Log = (what: string) => void;

export function debugLog(enabled: boolean): Log {
  return (what) => {
    if (enabled) console.log(PREFIX + what);
  };
}

/** Problems the site owner must fix (bad config, bad calls) are reported even without debug mode. */
export function warn(what: string): void {
  console.warn(PREFIX + what);
}
