import type * as PlaywrightCore from 'playwright-core';

/** playwright-core is not installed: the message says why it is optional and how to add it. */
export class PlaywrightMissing extends Error {}

const PLAYWRIGHT_MISSING = `The check command drives a browser with playwright-core, which is an optional peer dependency of
rokt-sgtm-bridge: a site that only uses the bundle never installs it. Install it where you run the check:
  npm install --save-dev playwright-core
or run the check without installing anything into the project:
  npx -p rokt-sgtm-bridge -p playwright-core rokt-sgtm-bridge check <landing-url>
(playwright-core does not download a browser; the check uses your installed Chrome or Chromium.)`;

/** Loads playwright-core, or explains how to get it. */
export async function loadPlaywright(
  load: () => Promise<typeof PlaywrightCore> = () => import('playwright-core'),
): Promise<typeof PlaywrightCore> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new PlaywrightMissing(PLAYWRIGHT_MISSING);
    throw error;
  }
}
