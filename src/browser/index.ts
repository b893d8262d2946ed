/**
 * rokt-sgtm-bridge as an ES module. The functions act on the page's one bridge (`window.roktBridge`), which the first
 * call installs with `window.roktBridgeConfig`; importing alone does nothing.
 *
 * @packageDocumentation
 */
import { install } from './install';
import type { ConsentState, Identity, RoktBridge } from './types';

export type { ConsentState, Identity, QueuedCall, RoktBridge, RoktBridgeConfig } from './types';

const bridge = (): RoktBridge => install(window);

/** {@inheritDoc RoktBridge.setRoktId} */
export const setRoktId = (id: string): boolean => bridge().setRoktId(id);
/** {@inheritDoc RoktBridge.setEmail} */
export const setEmail = (email: string): boolean => bridge().setEmail(email);
/** {@inheritDoc RoktBridge.capture} */
export const capture = (): boolean => bridge().capture();
/** {@inheritDoc RoktBridge.get} */
export const get = (): Identity => bridge().get();
/** {@inheritDoc RoktBridge.params} */
export const params = (): Identity => bridge().params();
/** {@inheritDoc RoktBridge.conversion} */
export const conversion = (name: string, parameters?: Record<string, unknown>) => bridge().conversion(name, parameters);
/** {@inheritDoc RoktBridge.consent} */
export const consent = (state: ConsentState): void => bridge().consent(state);
/** {@inheritDoc RoktBridge.clear} */
export const clear = (): void => bridge().clear();
