/**
 * rokt-sgtm-bridge as an ES module. The functions act on the page's one bridge (`window.roktBridge`), which the first
 * call installs with `window.roktBridgeConfig`; importing alone does nothing. Outside a browser (server-side
 * rendering) every function is silent and returns an empty result.
 *
 * @packageDocumentation
 */
import { install } from './install.js';
import { warn } from './log.js';
import type { ConsentState, Identity, RoktBridge } from './types.js';
import { VERSION } from './version.js';

export type { ConsentState, Identity, QueuedCall, RoktBridge, RoktBridgeConfig } from './types.js';

/**
 * Runs `use` on the page's bridge, installing it first if needed. Like the script-tag build, never throws into the
 * caller: if the bridge cannot start (another script broke `dataLayer.push`, say), the problem is reported and
 * `fallback` returned.
 */
function withBridge<T>(use: (bridge: RoktBridge) => T, fallback: T): T {
  // Server-side rendering imports the module in Node: there is no page to capture from, so no bridge and no warning.
  if (typeof window === 'undefined') return fallback;
  try {
    return use(install(window));
  } catch (error) {
    warn('not started: ' + error);
    return fallback;
  }
}

/** {@inheritDoc RoktBridge.version} */
export const version: string = VERSION;
/** {@inheritDoc RoktBridge.setRoktId} */
export const setRoktId = (id: string): boolean => withBridge((bridge) => bridge.setRoktId(id), false);
/** {@inheritDoc RoktBridge.setEmail} */
export const setEmail = (email: string): boolean => withBridge((bridge) => bridge.setEmail(email), false);
/** {@inheritDoc RoktBridge.capture} */
export const capture = (): boolean => withBridge((bridge) => bridge.capture(), false);
/** {@inheritDoc RoktBridge.get} */
export const get = (): Identity => withBridge((bridge) => bridge.get(), {});
/** {@inheritDoc RoktBridge.params} */
export const params = (): Identity => withBridge((bridge) => bridge.params(), {});
/** {@inheritDoc RoktBridge.conversion} */
export const conversion = (name: string, parameters?: Record<string, unknown>) =>
  withBridge((bridge) => bridge.conversion(name, parameters), undefined);
/** {@inheritDoc RoktBridge.consent} */
export const consent = (state: ConsentState): void => withBridge((bridge) => bridge.consent(state), undefined);
/** {@inheritDoc RoktBridge.clear} */
export const clear = (): void => withBridge((bridge) => bridge.clear(), undefined);
