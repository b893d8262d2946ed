// The web templates as the build assembles them (their folders in src/web/ with the shared fragments), and helpers to run them
// on a simulated browser.

import { parseTpl, type RunResult, runTemplate, type WebPage } from 'gtm-template-runner';
import { expect } from 'vitest';
import { assembleTemplate } from '../../src/sgtm/assemble.mjs';

export const CAPTURE = parseTpl(assembleTemplate('rokt-capture.tpl', 'web'));
export const IDENTIFIER = parseTpl(assembleTemplate('rokt-identifier-web.tpl', 'web'));

export const DAY = 86_400_000;
export const T0 = 1_780_000_000_000;

/** Capture fields as an installer leaves them (defaults), logging on so a failing test shows why. */
export const CAPTURE_DEFAULTS = {
  idParams: 'rtid,rclid',
  attributionDays: '90',
  cookieDomain: 'auto',
  emailCookie: false,
  consent: 'adStorage',
  logType: 'always',
};

/** Fires the Capture tag on `page`; it must succeed without an uncaught error. */
export async function capture(page: WebPage, fields: Record<string, unknown> = {}, now?: number): Promise<RunResult> {
  const result = await runTemplate(CAPTURE, { data: { ...CAPTURE_DEFAULTS, ...fields }, page, now });
  expect(result.errors).toEqual([]);
  expect(result.outcome).toBe('success');
  return result;
}

/** Evaluates the Identifier (web) variable on `page`. */
export async function identifier(page: WebPage, output: 'roktId' | 'emailSha256', now?: number): Promise<unknown> {
  const data = { output, idParams: 'rtid,rclid', attributionDays: '90', consent: 'adStorage' };
  const result = await runTemplate(IDENTIFIER, { data, page, now });
  expect(result.errors).toEqual([]);
  return result.value;
}

/** The cookies the page can see, as a name → value map. */
export function jar(page: WebPage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of page.cookie.split('; ').filter(Boolean))
    out[pair.slice(0, pair.indexOf('='))] = pair.slice(pair.indexOf('=') + 1);
  return out;
}

/** What the page pushed to its dataLayer. */
export const pushes = (page: WebPage) => (page.window.dataLayer ?? []) as Record<string, unknown>[];
