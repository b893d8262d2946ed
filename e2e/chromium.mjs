// How every browser run of the project starts Debian's Chromium: the end-to-end suite (playwright.config.ts) and the
// benchmark (bench/run.mjs). Plain ESM so that both TypeScript and Node can import it.

/** Debian's Chromium; Playwright cannot download its own browsers on this network. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Made-up hostnames for the tests; every one of them resolves to 127.0.0.1, everything else to nothing. */
export const HOST_RESOLVER_RULES = 'MAP *.shop.test 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

/** No background traffic on the closed network (Chromium otherwise looks up Google's hosts at every start). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--host-resolver-rules=${HOST_RESOLVER_RULES}`,
];
