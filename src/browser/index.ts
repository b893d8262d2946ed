/**
 * rokt-sgtm-bridge as an ES module. The functions act on the page's one bridge (`window.roktBridge`), which the first
 * call installs with `window.roktBridgeConfig`; importing alone does nothing.
 *
 * @packageDocumentation
 */
import { install } from './install';
import { warn } from './log';
import type { ConsentState, Identity, RoktBridge } from './types';

export type { ConsentState, Identity, QueuedCall, RoktBridge, RoktBridgeConfig } from './types';

/**
 * Runs `use` on the page's bridge, installing it first if needed. Like the script-tag build, never throws into the
 * caller: if the bridge cannot start (another script broke `dataLayer.push`, say), the problem is reported and
 * `fallback` returned.
 */
function withBridge<T>(use: (bridge: RoktBridge) => T, fallback: T): T {
  try {
    return use(install(window));
  } catch (error) {
    warn('not started: ' + error);
    return fallback;
  }
}

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
