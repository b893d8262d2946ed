/**
 * `npm start`: starts the preview (see ./preview) on fixed ports when they are free, prints where to go and what to
 * click, and stops every server on Ctrl-C. Built to dist/node/preview.mjs by rollup; scripts/start.mjs runs it.
 */
import { type Preview, type PreviewOptions, startPreview } from './preview.js';

/** The documented example Rokt ID (docs/rokt-api.md §4), used in the printed links. */
const EXAMPLE_RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';

/** The rule that sends the made-up shop hosts to 127.0.0.1 (the same one playwright.config.ts gives Chromium). */
const RESOLVER_RULE = 'MAP *.shop.test 127.0.0.1';

/** Starts the preview and keeps it running until SIGINT / SIGTERM. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<Preview> {
  const preferred: PreviewOptions = {
    port: Number(env.PREVIEW_PORT ?? 8080),
    httpsPort: Number(env.PREVIEW_HTTPS_PORT ?? 8443),
    roktPort: Number(env.PREVIEW_ROKT_PORT ?? 8081),
  };
  let preview: Preview;
  try {
    preview = await startPreview(preferred);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.log(`A preferred port is taken (${(error as Error).message}); using free ports instead.`);
    preview = await startPreview({ port: 0, httpsPort: 0, roktPort: 0 });
  }
  console.log(instructions(preview));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the shop, the server container and the Rokt stand-in…`);
    preview.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('Ctrl-C'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  return preview;
}

/** The text printed at start. */
export function instructions(preview: Preview): string {
  const landing = `${preview.http.landing}/?rtid=${EXAMPLE_RTID}`;
  const https = preview.https
    ? `  https variant:  ${preview.https.landing}/?rtid=${EXAMPLE_RTID}  (self-signed: add --ignore-certificate-errors)`
    : '  https variant:  not started (the openssl command was not found)';
  return `
rokt-sgtm-bridge preview is running on 127.0.0.1. Ctrl-C stops everything.

  Demo shop:      ${preview.http.local}/?rtid=${EXAMPLE_RTID}
  What reached Rokt, as the guide's four steps:  ${preview.traceUrl}

  What to click:
    1. Open the demo shop link above (it carries a Rokt ID, as a click on a Rokt offer would) and click Accept.
    2. Click "Checkout", type an email (optional), click "Place order".
    3. Open ${preview.traceUrl}: ID captured → GA4 hit → event data → request to Rokt and its answer.
       Buttons there switch the tag to the PII-less GET and make the Rokt stand-in fail (unprocessed, 500, 400).

  Cross-subdomain demo (landing on www., checkout on checkout.), in a Chromium told where *.shop.test is:
    chromium --user-data-dir="$(mktemp -d)" --host-resolver-rules="${RESOLVER_RULE}" "${landing}"
${https}

  Rokt stand-in (api.rokt.com and apps.rokt.com): ${preview.roktUrl}
  GA4 hits are written by a labelled stand-in (gtag.js cannot load offline); the bundle and the templates are the built ones.
`;
}
