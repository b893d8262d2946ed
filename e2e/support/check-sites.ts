/**
 * The crafted broken sites for the `check` command's tests: static pages under e2e/fixtures/check-sites/<site>/,
 * served on 127.0.0.1 (port 0) with the built bundle and a stand-in server container that answers GA4 hits with 204
 * (on sgtm.<site>.test also with the ID Keeper's cookie).
 * Every site is reached as http://www.<site>.test:<port>/ through the command's --host-resolver-rules.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

const ROOT = 'e2e/fixtures/check-sites';

/** A running fixture server. */
export interface CheckSites {
  /** The landing URL of one crafted site. */
  landing(site: string): string;
  /** The GA4 hits the stand-in server container answered, as request URLs. */
  hits: string[];
  close(): Promise<void>;
}

/** Host resolver rules that send the shop's, the crafted sites' and Google's collection hosts to 127.0.0.1. */
export const CHECK_RESOLVER_RULES =
  'MAP *.test 127.0.0.1, MAP region1.google-analytics.com 127.0.0.1, MAP region1.analytics.google.com 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1';

export async function startCheckSites(distDir = process.env.E2E_DIST_DIR ?? 'dist'): Promise<CheckSites> {
  const bundle = readFileSync(join(distDir, 'rokt-sgtm-bridge.min.js'));
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fixture');
    const site = (req.headers.host ?? '').match(/^www\.([a-z-]+)\.test(:\d+)?$/)?.[1];
    if (url.pathname === '/g/collect') {
      hits.push(req.url ?? '');
      // A server container on sgtm.<site>.test runs an ID Keeper stand-in: it sets the ID cookie for the whole site.
      const keeperSite = (req.headers.host ?? '').match(/^sgtm\.([a-z-]+\.test)(:\d+)?$/)?.[1];
      const rtid = url.searchParams.get('ep.rtid');
      const headers: Record<string, string> =
        keeperSite && rtid && /^[\w.~-]{1,100}$/.test(rtid)
          ? { 'set-cookie': `RoktTransactionId=${rtid}; Domain=${keeperSite}; Path=/; Max-Age=7776000; SameSite=Lax` }
          : {};
      res.writeHead(204, headers).end();
    } else if (url.pathname === '/rokt-sgtm-bridge.min.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
    } else if (url.pathname === '/ga4-sender.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(ROOT, 'ga4-sender.js')));
    } else if (url.pathname === '/' && site) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(readFileSync(join(ROOT, site, 'index.html')));
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    landing: (site) => `http://www.${site}.test:${port}/`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
