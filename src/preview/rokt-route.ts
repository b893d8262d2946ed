/**
 * The server container's network in the preview: requests for Rokt's hosts (and mParticle's, which serve Rokt's
 * Event and Audience API) go to the Rokt stand-in on 127.0.0.1
 * (keeping the path, the query and the Host header, so the stand-in knows which endpoint was meant); anything else
 * fails as a failed connection, because the preview never touches the real network.
 */
import { request } from 'node:http';
import type { HttpRequestRecord, HttpResponse } from 'gtm-template-runner';

/** Hosts that the stand-in answers for: the Event API, the PII-less GET and the Event and Audience API's pods. */
const ROKT_HOSTS = [
  'api.rokt.com',
  'apps.rokt.com',
  's2s.us1.mparticle.com',
  's2s.us2.mparticle.com',
  's2s.eu1.mparticle.com',
  's2s.au1.mparticle.com',
];

/** GTM's time-out for `sendHttpRequest` when the template sets none. */
const DEFAULT_TIMEOUT_MS = 15_000;

/** Returns a `fetch` for the sandbox runner that sends Rokt-bound requests to the stand-in at `standInBase`. */
export function routeToStandIn(standInBase: string): (req: HttpRequestRecord) => Promise<HttpResponse> {
  const base = new URL(standInBase);
  return (req) => {
    const target = new URL(req.url);
    if (!ROKT_HOSTS.includes(target.hostname)) {
      return Promise.reject(new Error(`offline preview: ${target.hostname} is not routed anywhere`));
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: base.hostname,
          port: base.port,
          method: req.method,
          path: `${target.pathname}${target.search}`,
          headers: { ...req.headers, host: target.host },
          timeout: req.timeout ?? DEFAULT_TIMEOUT_MS,
        },
        (res) => {
          res.setEncoding('utf8');
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => {
            // Node gives header names in lower case, as sGTM's sendHttpRequest does.
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(res.headers))
              if (typeof value === 'string') headers[name] = value;
            resolve({ statusCode: res.statusCode ?? 0, headers, body });
          });
        },
      );
      outgoing.on('timeout', () => {
        outgoing.destroy();
        resolve({ statusCode: 0, timeout: true });
      });
      outgoing.on('error', reject);
      outgoing.end(req.body);
    });
  };
}
