import { createBridge } from './bridge';
import { readConfig } from './config';
import type { QueuedCall, RoktBridge } from './types';

/**
 * Installs `window.roktBridge` once per page and returns it. A second copy of the bundle (a script tag plus a GTM
 * tag, or a tag firing on two triggers) finds the first instance and does nothing else: no second dataLayer hook,
 * no second identity event.
 */
export function install(win: Window): RoktBridge {
  const current = win.roktBridge;
  if (current && (current as RoktBridge).version) return current as RoktBridge;
  const bridge = createBridge(win, readConfig(win.roktBridgeConfig));
  win.roktBridge = bridge.api;
  bridge.start(Object.prototype.toString.call(current) === '[object Array]' ? (current as QueuedCall[]) : []);
  return bridge.api;
}
