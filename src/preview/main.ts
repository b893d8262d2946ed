/**
 * `npm start`: starts the preview (see ./preview) on fixed ports when they are free, else on free ports, prints where
 * to go and what to click, and stops every server on Ctrl-C. Built to dist/node/preview.mjs by rollup;
 * scripts/start.mjs runs it.
 */
import { randomInt } from 'node:crypto';
import { type Preview, type PreviewOptions, startPreview } from './preview.js';

/** The rule that sends the made-up shop hosts to 127.0.0.1 (the first rule e2e/chromium.mjs gives Chromium). */
const RESOLVER_RULE = 'MAP *.shop.test 127.0.0.1';

/** Errors of a preferred port that free ports avoid: taken, or not ours to bind. */
const PORT_PROBLEMS = new Set(['EADDRINUSE', 'EACCES']);

/**
 * Starts the preview and keeps it running until SIGINT / SIGTERM.
 * @param env where `PREVIEW_PORT`, `PREVIEW_HTTPS_PORT` and `PREVIEW_ROKT_PORT` override 8080, 8443 and 8081.
 * @param where the build is, with its GTM import files (default: see {@link PreviewOptions}).
 * @param print where the instructions go.
 */
export async function main(
  env: NodeJS.ProcessEnv = process.env,
  where: Pick<PreviewOptions, 'distDir'> = {},
  print: (text: string) => void = console.log,
): Promise<Preview> {
  const preferred: PreviewOptions = {
    ...where,
    port: Number(env.PREVIEW_PORT ?? 8080),
    httpsPort: Number(env.PREVIEW_HTTPS_PORT ?? 8443),
    roktPort: Number(env.PREVIEW_ROKT_PORT ?? 8081),
  };
  let preview: Preview;
  try {
    preview = await startPreview(preferred);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (!code || !PORT_PROBLEMS.has(code)) throw error;
    print(`A preferred port is not free (${message}); the preview uses free ports instead.`);
    preview = await startPreview({ ...where, port: 0, httpsPort: 0, roktPort: 0 });
  }
  print(instructions(preview, exampleRoktId()));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    print(`\n${signal}: stopping the shop, the server container and the Rokt stand-in…`);
    preview.close().then(() => process.exit(0));
  };
  const onSigint = () => stop('Ctrl-C');
  const onSigterm = () => stop('SIGTERM');
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigterm);
  const close = preview.close;
  // Closed by its caller (a test), the preview no longer answers signals.
  preview.close = () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    return close();
  };
  return preview;
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A new made-up Rokt ID (32 characters of `[a-z0-9]`, the shape of Rokt's documented example) for the printed links.
 * A fresh one per start keeps the landings of different runs apart on /__rokt.
 */
export function exampleRoktId(): string {
  let id = '';
  for (let i = 0; i < 32; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** The text printed at start; the links carry `rtid`. */
function instructions(preview: Preview, rtid: string): string {
  const landing = `${preview.http.landing}/?rtid=${rtid}`;
  const https = preview.https
    ? `  https variant:  ${preview.https.landing}/?rtid=${rtid}  (self-signed: add --ignore-certificate-errors)`
    : '  https variant:  not started (the openssl command was not found)';
  return `
rokt-sgtm-bridge preview is running on 127.0.0.1. Ctrl-C stops everything.

  Demo shop:      ${preview.http.local}/?rtid=${rtid}
  What reached Rokt, as the guide's four steps:  ${preview.traceUrl}

  What to click:
    1. Open the demo shop link above (it carries a Rokt ID, as a click on a Rokt offer would) and click Accept.
    2. Click "Checkout", type an email (optional), click "Place order".
    3. Open ${preview.traceUrl}: ID captured → GA4 hit → event data → request to Rokt and its answer.
       The tag sends with Rokt's Event and Audience API; buttons there switch it to the Event API or the PII-less
       GET, script Rokt's answers (errors, 400, 401, 403, 429, 500, 503) and run the shop on the GTM web templates.

  Cross-subdomain demo (landing on www., checkout on checkout.), in a Chromium told where *.shop.test is:
    chromium --user-data-dir="$(mktemp -d)" --host-resolver-rules="${RESOLVER_RULE}" "${landing}"
${https}

  Rokt stand-in (api.rokt.com and apps.rokt.com): ${preview.roktUrl}
  GA4 hits are written by a labelled stand-in (gtag.js cannot load offline); the bundle and the templates are the built ones.
`;
}
