/**
 * Starts the whole local preview on 127.0.0.1: the demo shop and the server container on one port (plus the same on
 * https when a certificate can be made), and the Rokt stand-in on another. Used by `npm start` and by the
 * end-to-end tests, which read `rokt.received` and `container.processed` from the returned handle.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { Ga4HitTooLarge } from 'gtm-template-runner/ga4-hit';
import { selfSignedCertificate } from './certificate.js';
import {
  CONTAINER_MODES,
  type ContainerMode,
  containerSetup,
  customHtmlOf,
  PREVIEW_ACCOUNT,
  readImportFiles,
} from './container-setup.js';
import { closeServer, listenOn } from './listen.js';
import { routeToStandIn } from './rokt-route.js';
import { ROKT_ANSWERS, type RoktAnswer, RoktStandIn } from './rokt-standin.js';
import { type ContainerSetup, ServerContainer } from './server-container.js';
import { setCookieHeader } from './set-cookie.js';
import {
  contentSecurityPolicy,
  defaultInstall,
  type Install,
  orderFor,
  renderPage,
  type ShopPath,
} from './shop/pages.js';
import { renderTracePage } from './trace-page.js';
import {
  WEB_TEMPLATES_SCRIPT,
  type WebTemplatesSetup,
  webTemplatesScript,
  webTemplatesSetup,
} from './web-templates.js';

/** Made-up hostnames of the shop; a browser reaches them through `--host-resolver-rules` (the rule is in e2e/chromium.mjs). */
const SHOP_DOMAIN = 'shop.test';
const WWW_HOST = `www.${SHOP_DOMAIN}`;
const CHECKOUT_HOST = `checkout.${SHOP_DOMAIN}`;

/** The import file's Rokt tag uses the Event and Audience API; the preview starts the same way. */
const DEFAULT_MODE: ContainerMode = 'event-audience-api';
/** Scripted answers the Rokt tag retries once, so the page scripts them twice. */
const RETRIED_ANSWERS: readonly string[] = ['server-error', 'unavailable', 'rate-limited'];

/** Where things are and which ports to use (0 = any free port). */
export interface PreviewOptions {
  port?: number;
  /** Port of the https variant; `false` for none. */
  httpsPort?: number | false;
  roktPort?: number;
  /** The build output holding the bundle and the GTM import files (gtm/web-container.json, gtm/server-container.json). */
  distDir?: string;
}

/** Base URLs of one scheme. */
export interface ShopUrls {
  /** Landing page on www. (needs the resolver rule). */
  landing: string;
  /** Checkout on checkout. (needs the resolver rule). */
  checkout: string;
  /** The same shop on 127.0.0.1, for a browser without the resolver rule (one host, so no cross-subdomain part). */
  local: string;
}

/** A running preview. */
export interface Preview {
  http: ShopUrls;
  /** Undefined when no certificate could be made (no `openssl`). */
  https?: ShopUrls;
  /** The /__rokt page on 127.0.0.1. */
  traceUrl: string;
  roktUrl: string;
  rokt: RoktStandIn;
  container: ServerContainer;
  /** How the tag reports conversions; switchable at run time (also from /__rokt). */
  mode: ContainerMode;
  /** The tag's "dry run" field: build the request, send nothing; switchable from /__rokt. */
  dryRun: boolean;
  /** Server-only shop: no page loads the bundle, the server container's Rokt ID Keeper alone keeps the ID. */
  serverOnly: boolean;
  /** Every page runs the web templates of web-container-templates.json instead of the bundle (`?install=templates`). */
  webTemplates: boolean;
  /**
   * The visitor's region as GTM would geolocate it (`ES`, `US`); when set, the shop's consent defaults are
   * region-scoped (denied in the EEA, granted elsewhere). `?region=` sets it for one page.
   */
  region: string | undefined;
  /** Forgets every processed event, every Rokt exchange and scripted answer, and returns to the default mode. */
  reset(): void;
  /** Stops every server; resolves when all are closed. */
  close(): Promise<void>;
}

/** Starts the preview; see the module comment. */
export async function startPreview(options: PreviewOptions = {}): Promise<Preview> {
  const distDir = options.distDir ?? 'dist';
  // Read once: the preview serves the build it started with, even if dist/ is rebuilt meanwhile. What an installer
  // imports: the shop gets the web file's Custom HTML tag text, the server container runs the server file.
  const imports = readImportFiles(distDir);
  const built = {
    bundle: readDist(distDir, 'rokt-sgtm-bridge.min.js'),
    customHtml: customHtmlOf(imports.web),
    templates: webTemplatesSetup(JSON.parse(readDist(distDir, 'gtm/web-container-templates.json'))),
  };
  const rokt = new RoktStandIn({
    publicKey: PREVIEW_ACCOUNT.publicKey,
    secretKey: PREVIEW_ACCOUNT.secretKey,
    apiKey: PREVIEW_ACCOUNT.apiKey,
    apiSecret: PREVIEW_ACCOUNT.apiSecret,
  });
  const roktUrl = await rokt.listen(options.roktPort ?? 0);
  const preview = {
    mode: DEFAULT_MODE,
    dryRun: false,
    serverOnly: false,
    webTemplates: false,
    region: undefined,
  } as Preview;
  const container = new ServerContainer(
    () => withDryRun(containerSetup(imports.server, preview.mode), preview.dryRun),
    routeToStandIn(roktUrl),
  );
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res, { preview, built }).catch((error: unknown) => {
      if (error instanceof BadRequest) {
        if (!res.headersSent) res.writeHead(error.status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`${error.message}\n`);
        return;
      }
      // The details (a stack, local paths) are for the terminal of whoever runs the preview, not for the client.
      process.stderr.write(
        `preview: ${req.method} ${JSON.stringify(req.url)} failed: ${String(error instanceof Error ? error.stack : error)}\n`,
      );
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('preview error: see the terminal that runs the preview\n');
    });
  };
  const servers: Server[] = [];
  const listen = (server: Server, port: number) => {
    servers.push(server);
    return listenOn(server, port);
  };
  const closeAll = () => Promise.all([rokt.close(), ...servers.map(closeServer)]).then(() => undefined);
  const urls = (scheme: string, port: number): ShopUrls => ({
    landing: `${scheme}://${WWW_HOST}:${port}`,
    checkout: `${scheme}://${CHECKOUT_HOST}:${port}`,
    local: `${scheme}://127.0.0.1:${port}`,
  });
  let httpPort: number;
  let httpsPort: number | undefined;
  try {
    httpPort = await listen(createServer(handler), options.port ?? 0);
    const certificate =
      options.httpsPort === false ? undefined : selfSignedCertificate([`*.${SHOP_DOMAIN}`, 'localhost']);
    httpsPort = certificate ? await listen(createHttpsServer(certificate, handler), options.httpsPort || 0) : undefined;
  } catch (error) {
    // A port was taken: stop what already listens, so that the caller can start again on other ports.
    await closeAll();
    throw error;
  }

  return Object.assign(preview, {
    http: urls('http', httpPort),
    https: httpsPort ? urls('https', httpsPort) : undefined,
    traceUrl: `http://127.0.0.1:${httpPort}/__rokt`,
    roktUrl,
    rokt,
    container,
    reset() {
      rokt.reset();
      container.reset();
      preview.mode = DEFAULT_MODE;
      preview.dryRun = false;
      preview.serverOnly = false;
      preview.webTemplates = false;
      preview.region = undefined;
    },
    close: closeAll,
  });
}

/** `setup` with every tag's "dry run" field set to `dryRun`. */
function withDryRun(setup: ContainerSetup, dryRun: boolean): ContainerSetup {
  return dryRun ? { ...setup, tags: setup.tags.map((tag) => ({ ...tag, data: { ...tag.data, dryRun } })) } : setup;
}

interface Context {
  preview: Preview;
  /** The bundle, the Custom HTML tag text of the web import file and the template-only import file, as built. */
  built: { bundle: string; customHtml: string; templates: WebTemplatesSetup };
}

const SHOP_PATHS: ShopPath[] = ['/', '/product', '/checkout', '/thank-you'];

/** A request the preview refuses with `status` and a one-line reason (no stack, no path). */
class BadRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The largest request body the preview reads: a GA4 hit sent with sendBeacon is at most 64 KiB. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The host names the preview answers on: the shop's made-up names and this machine. Anything else in `Host` is
 * refused, so no name another site controls (DNS rebinding) reaches the preview, and only a host name's characters
 * ever reach a page, a link or a `Set-Cookie` domain.
 */
function servedHost(host: string | undefined): { hostname: string; port?: string } | undefined {
  const match = /^([a-z0-9.-]{1,253}|\[::1\])(?::(\d{1,5}))?$/i.exec(host ?? '');
  if (!match) return undefined;
  const hostname = match[1].toLowerCase();
  const ours =
    hostname === SHOP_DOMAIN ||
    hostname.endsWith(`.${SHOP_DOMAIN}`) ||
    ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
  return ours ? { hostname, port: match[2] } : undefined;
}

/** Whether `origin` (an `Origin` header) is one of the preview's own pages, on any of its hosts and ports. */
function ownOrigin(origin: string | undefined): boolean {
  if (!origin) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && servedHost(url.host) !== undefined;
  } catch {
    return false;
  }
}

/**
 * `/__rokt/control` changes what the preview does, so it takes a form post only from the /__rokt page itself: the
 * same origin as the request (`Origin` equals this scheme and `Host`), and, when the browser says so, `Sec-Fetch-Site:
 * same-origin`. Another site's page, a cross-site form, or a request without `Origin` is refused.
 */
function fromOwnTracePage(req: IncomingMessage, scheme: string): boolean {
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  return origin === `${scheme}://${req.headers.host}` && (site === undefined || site === 'same-origin');
}

/** One request as the route handlers see it. */
interface Request {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  body: string;
  /** The served host name (127.0.0.1, localhost or a *.shop.test name) and port. */
  served: { hostname: string; port?: string };
  context: Context;
}

/** The preview's own endpoints by path; every other path is a shop page (or 404). */
const ROUTES: Record<string, (request: Request) => Promise<void> | void> = {
  '/g/collect': collect,
  '/__rokt.json': ({ res, context: { preview } }) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ mode: preview.mode, processed: preview.container.processed, received: preview.rokt.received }),
    );
  },
  '/__rokt/control': control,
  '/__rokt': tracePage,
  '/rokt-sgtm-bridge.min.js': ({ res, context: { built } }) => {
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(built.bundle);
  },
  '/favicon.ico': ({ res }) => void res.writeHead(204).end(),
  [WEB_TEMPLATES_SCRIPT]: ({ res, url, context: { preview, built } }) => {
    const region = regionOf(url.searchParams.get('region')) ?? preview.region;
    res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
    res.end(webTemplatesScript(built.templates, region ?? ''));
  },
};

async function handle(req: IncomingMessage, res: ServerResponse, context: Context): Promise<void> {
  const served = servedHost(req.headers.host);
  if (!served) throw new BadRequest(421, 'this preview answers only on 127.0.0.1, localhost and *.shop.test');
  const url = new URL(req.url ?? '/', 'http://preview');
  const body = await readBody(req);
  const request: Request = { req, res, url, body, served, context };
  const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : shopPage;
  await route!(request);
}

/** The GA4 client's endpoint: the server container runs the hit; what its tags set rides on the answer. */
async function collect({ req, res, url, body, served, context: { preview } }: Request): Promise<void> {
  const events = await preview.container
    .collect({
      query: url.search.slice(1),
      body,
      headers: req.headers as Record<string, string>,
      ip: req.socket.remoteAddress,
    })
    .catch((error: unknown) => {
      if (error instanceof Ga4HitTooLarge) throw new BadRequest(413, `not a GA4 hit: ${error.message}`);
      throw error;
    });
  // The GA4 client answers once the tags ran; what they set with setCookie rides on that answer (./set-cookie).
  const answered = { hostname: served.hostname, secure: 'encrypted' in req.socket };
  const cookies = events.flatMap((event) => event.tags.flatMap((tag) => tag.cookiesSet));
  res
    .writeHead(204, {
      // Credentialed CORS only for the preview's own pages; any other site's page gets no answer it can read.
      ...(ownOrigin(req.headers.origin)
        ? { 'access-control-allow-origin': req.headers.origin, 'access-control-allow-credentials': 'true' }
        : {}),
      'set-cookie': cookies.map((cookie) => setCookieHeader(cookie, answered)),
    })
    .end();
}

/** The /__rokt page's switches (a form post from that page only). */
function control({ req, res, body, context: { preview } }: Request): void {
  if (req.method !== 'POST') throw new BadRequest(405, 'the controls take a form post');
  if (!fromOwnTracePage(req, 'encrypted' in req.socket ? 'https' : 'http')) {
    throw new BadRequest(403, 'the preview takes its controls only from its own /__rokt page');
  }
  const form = new URLSearchParams(body);
  const mode = form.get('mode');
  const answer = form.get('answer');
  if (form.get('reset')) preview.reset();
  if (mode !== null && mode in CONTAINER_MODES) preview.mode = mode as ContainerMode;
  if (form.has('dryRun')) preview.dryRun = form.get('dryRun') === 'on';
  if (form.has('serverOnly')) preview.serverOnly = form.get('serverOnly') === 'on';
  if (form.has('webTemplates')) preview.webTemplates = form.get('webTemplates') === 'on';
  // An answer the tag retries is given to the retry too, so that the page shows the tag giving up.
  if (answer !== null && answer !== 'accept' && ROKT_ANSWERS.includes(answer as RoktAnswer))
    preview.rokt.answerNext(answer as RoktAnswer, RETRIED_ANSWERS.includes(answer) ? 2 : 1);
  res.writeHead(303, { location: '/__rokt' }).end();
}

function tracePage({ res, context: { preview } }: Request): void {
  const nonce = randomBytes(16).toString('base64');
  const page = renderTracePage({
    processed: preview.container.processed,
    received: preview.rokt.received,
    mode: preview.mode,
    dryRun: preview.dryRun,
    serverOnly: preview.serverOnly,
    webTemplates: preview.webTemplates,
    pending: preview.rokt.pending(),
    nonce,
  });
  res
    .writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': contentSecurityPolicy(nonce),
    })
    .end(page);
}

/** A page of the demo shop, on the host it belongs to. */
function shopPage({ req, res, url, served, context: { preview, built } }: Request): void {
  const hostname = served.hostname;
  const nonce = randomBytes(16).toString('base64');
  const region = regionOf(url.searchParams.get('region')) ?? preview.region;
  const path = SHOP_PATHS.find((candidate) => candidate === url.pathname);
  if (!path) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  const scheme = 'encrypted' in req.socket ? 'https' : 'http';
  const port = served.port;
  const onShopDomain = hostname.endsWith(`.${SHOP_DOMAIN}`);
  const base = (name: string) => `${scheme}://${onShopDomain ? name : hostname}${port ? `:${port}` : ''}`;
  const wanted = path === '/' || path === '/product' ? WWW_HOST : CHECKOUT_HOST;
  if (onShopDomain && hostname !== wanted) {
    res.writeHead(302, { location: `${base(wanted)}${url.pathname}${url.search}` }).end();
    return;
  }
  const install = preview.serverOnly
    ? 'none'
    : ((['tag', 'gtm', 'both', 'none', 'templates'] as Install[]).find(
        (value) => value === url.searchParams.get('install'),
      ) ?? (preview.webTemplates ? 'templates' : defaultInstall(path)));
  const orderParam = url.searchParams.get('order');
  const order = orderFor(
    path === '/thank-you' && orderParam && /^[A-Za-z0-9-]{1,32}$/.test(orderParam) ? orderParam : newOrderId(),
  );
  const html = renderPage({
    path,
    install,
    nonce,
    customHtml: built.customHtml,
    host: hostname,
    wwwBase: base(WWW_HOST),
    checkoutBase: base(CHECKOUT_HOST),
    order,
    region,
    templatesScript: `${WEB_TEMPLATES_SCRIPT}${region ? `?region=${region}` : ''}`,
  });
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': contentSecurityPolicy(nonce),
    'cache-control': 'no-store',
  });
  res.end(html);
}

/** A region as Consent Mode names them (ISO 3166-1 alpha-2, optionally with a subdivision), or undefined. */
function regionOf(value: string | null): string | undefined {
  return value && /^[A-Za-z]{2}(-[A-Za-z0-9]{1,3})?$/.test(value) ? value.toUpperCase() : undefined;
}

function newOrderId(): string {
  return `ORD-${randomBytes(6).toString('hex').toUpperCase()}`;
}

/** A missing build says how to make it. */
function readDist(distDir: string, file: string): string {
  const path = join(distDir, file);
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build" first`);
  return readFileSync(path, 'utf8');
}

/** The request body; a body over {@link MAX_BODY_BYTES} or cut off mid-way is refused, never half-read. */
async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_BODY_BYTES) throw new BadRequest(413, `request body over ${MAX_BODY_BYTES} bytes`);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof BadRequest) throw error;
    throw new BadRequest(400, 'request body cut off');
  }
  return Buffer.concat(chunks).toString('utf8');
}
