import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium.mjs';

if (!existsSync(CHROMIUM_PATH)) {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run "apt-get update && apt-get install -y chromium"`);
}

export default defineConfig({
  testDir: './e2e',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  workers: 1,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
