import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) {
  throw new Error(`Chromium not found at ${CHROMIUM}: run "apt-get update && apt-get install -y chromium"`);
}

/** Made-up hostnames for the tests; every one of them resolves to 127.0.0.1, everything else to nothing. */
export const HOST_RESOLVER_RULES = 'MAP *.shop.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export default defineConfig({
  testDir: './e2e',
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  workers: 1,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
      ],
    },
  },
});
