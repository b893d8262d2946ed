import { startBridge } from './bridge.js';
import { readConfig } from './config.js';
import type { RoktBridge } from './types.js';

/**
 * Installs `window.roktBridge` once per page and returns it. A second copy of the bundle (a script tag plus a GTM
 * tag, or a tag firing on two triggers) finds the first instance and does nothing else: no second dataLayer hook,
 * no second identity event.
 */
export function install(win: Window): RoktBridge {
  const current = win.roktBridge as RoktBridge | undefined;
  return current && current.version
    ? current
    : startBridge(win, readConfig(win), Array.isArray(current) ? current : []);
}
