// @vitest-environment node
// `npm start` (src/preview/main.ts) when the ports it prefers are busy, and the example ID it prints.
import { createServer as createHttpServer, get } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isRoktId } from '../../src/browser/rokt-id';
import { exampleRoktId, main } from '../../src/preview/main';
import { type Preview, startPreview } from '../../src/preview/preview';

// The preview serves the build (npm test builds first).
const DIST = 'dist';

/** Holds 127.0.0.1:`port`; resolves undefined when it is already held by someone else (just as busy for the preview). */
function hold(port: number): Promise<Server | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(undefined) : reject(error),
    );
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A port that was free a moment ago. */
async function freePort(): Promise<number> {
  const server = (await hold(0)) as Server;
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

function fetchText(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.splice(0).map((done) => done()));
});

describe('npm start with busy ports', () => {
  it('starts on free ports, says so in one line, and serves the shop when 8080, 8443 and 8081 are all taken', async () => {
    const held = await Promise.all([8080, 8443, 8081].map(hold));
    cleanup.push(async () => {
      await Promise.all(held.map((server) => server && new Promise<void>((done) => server.close(() => done()))));
    });
    const printed: string[] = [];
    const preview = await main({}, { distDir: DIST }, (text) => printed.push(text));
    cleanup.push(() => preview.close());

    const notices = printed.filter((text) => text.includes('free ports'));
    expect(notices).toHaveLength(1);
    expect(notices[0].trim().split('\n')).toHaveLength(1);
    const ports = [preview.http.local, preview.roktUrl, preview.https?.local ?? 'http://x:1'].map((url) =>
      Number(new URL(url).port),
    );
    for (const port of ports) expect([8080, 8443, 8081]).not.toContain(port);
    const shop = await fetchText(`${preview.http.local}/`);
    expect(shop.status).toBe(200);
    expect(shop.body).toContain('Welcome to the preview shop');
    expect((await fetchText(`${preview.http.local}/rokt-sgtm-bridge.min.js`)).body).toContain('roktBridge');
    expect(printed.join('\n')).toContain(`Demo shop:      ${preview.http.local}/?rtid=`);
  });

  it('rejects, and closes what it already started, when a port it was given is taken', async () => {
    const taken = createHttpServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    cleanup.push(() => new Promise<void>((done) => taken.close(() => done())));
    const port = (taken.address() as { port: number }).port;

    const roktPort = await freePort();

    await expect(startPreview({ port, httpsPort: false, roktPort, distDir: DIST })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
    // The Rokt stand-in had started first, on roktPort: it was closed, so the port can be bound again.
    const again = await hold(roktPort);
    expect(again).toBeDefined();
    again?.close();
    const preview: Preview = await startPreview({ port: 0, httpsPort: false, distDir: DIST });
    cleanup.push(() => preview.close());
    expect((await fetchText(`${preview.http.local}/`)).status).toBe(200);
  });
});

describe('the example Rokt ID in the printed links', () => {
  it('is new at every start and passes the Rokt ID rule', () => {
    const ids = new Set(Array.from({ length: 20 }, exampleRoktId));
    expect(ids.size).toBe(20);
    for (const id of ids) expect(isRoktId(id)).toBe(true);
  });
});
