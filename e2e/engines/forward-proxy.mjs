// A test-only forward proxy on 127.0.0.1 (port 0): how Firefox and WebKit reach the made-up hosts (www.shop.test,
// checkout.shop.test) without touching the machine's resolver or /etc/hosts. Chromium does the same with
// --host-resolver-rules (e2e/chromium.mjs). Plain ESM so that the WebKit cookie measurement can use it from Node.
//
// Every host under .test (the shop's, and the ad site of the cookie measurement) and 127.0.0.1 itself goes to
// 127.0.0.1 on the port the browser asked for; anything else is refused (502), as the closed network would.
// Plain-http requests are recorded (method, URL, body) so that a test can check what went over the wire; https goes
// through CONNECT tunnels, which are opaque by design.
import { createServer, request } from 'node:http';
import { connect } from 'node:net';

/** Hostnames the proxy serves: the reserved `.test` names (RFC 6761) and 127.0.0.1; everything else is refused. */
export const PROXIED_HOSTS = /^(?:[a-z0-9-]+\.)+test$|^127\.0\.0\.1$/i;

/**
 * Starts the proxy.
 * @returns {Promise<import('./forward-proxy.d.mts').ForwardProxy>}
 */
export async function startForwardProxy() {
  /** @type {import('./forward-proxy.d.mts').ProxiedRequest[]} */
  const requests = [];
  const server = createServer((req, res) => {
    let target;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('a forward proxy needs an absolute URL');
      return;
    }
    if (target.protocol !== 'http:' || !PROXIED_HOSTS.test(target.hostname)) {
      res.writeHead(502).end(`not proxied: ${target.host}`);
      return;
    }
    const recorded = { method: req.method ?? 'GET', url: target.href, body: '' };
    requests.push(recorded);
    const headers = { ...req.headers };
    delete headers['proxy-connection'];
    const upstream = request(
      {
        host: '127.0.0.1',
        port: target.port || 80,
        method: req.method,
        path: target.pathname + target.search,
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(`upstream error: ${error.message}`);
    });
    req.on('data', (chunk) => {
      recorded.body += chunk.toString('utf8');
    });
    req.pipe(upstream);
  });
  server.on('connect', (req, client, head) => {
    const [hostname, port] = (req.url ?? '').split(/:(?=\d+$)/);
    if (!PROXIED_HOSTS.test(hostname) || !port) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    const drop = () => {
      upstream.destroy();
      client.destroy();
    };
    upstream.on('error', drop);
    client.on('error', drop);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    host: '127.0.0.1',
    port: address.port,
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve(undefined));
      }),
  };
}
