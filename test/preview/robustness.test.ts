// @vitest-environment node
// The running preview against requests another site, or a broken client, could send: each gets a clean answer, the
// preview keeps serving, and no answer carries a stack trace, a local path or an injected header. Raw sockets, so
// that the Host header and a body cut off mid-way are sent exactly as written.
import { connect } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../../src/preview/preview';

// The preview serves the build (npm test builds first).
const DIST = 'dist';

let preview: Preview;
let port: number;
beforeAll(async () => {
  preview = await startPreview({ port: 0, httpsPort: false, distDir: DIST });
  port = Number(new URL(preview.http.local).port);
});
afterAll(() => preview.close());
beforeEach(() => preview.reset());

interface RawAnswer {
  status: number;
  head: string;
  body: string;
}

/** Sends `request` as written; with `cutOff`, closes the writing side before the announced body is complete. */
function raw(request: string, cutOff = false, to = port): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(to, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('close', () => {
      const at = text.indexOf('\r\n\r\n');
      const head = at < 0 ? text : text.slice(0, at);
      resolve({ status: Number(head.split(' ')[1] ?? 0), head, body: at < 0 ? '' : text.slice(at + 4) });
    });
    socket.write(request);
    if (cutOff) socket.end();
  });
}

const get = (path: string, headers: Record<string, string> = {}) =>
  raw(
    `GET ${path} HTTP/1.1\r\n${Object.entries({ host: `127.0.0.1:${port}`, connection: 'close', ...headers })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}\r\n`,
  );

/** Nothing a client should see of the machine running the preview. */
function expectNoLeak(answer: RawAnswer): void {
  expect(answer.body).not.toMatch(/\n\s+at |\/work\/|node_modules|\.ts:\d+/);
}

async function expectStillServing(): Promise<void> {
  expect((await get('/__rokt.json')).status).toBe(200);
}

const PURCHASE = '/g/collect?v=2&tid=G-PREVIEW&cid=1.2&en=purchase&ep.transaction_id=T-1&ep.rtid=robust-1';

describe('the preview under hostile or broken requests', () => {
  it('a cookie named constructor (or __proto__) is processed like any cookie', async () => {
    const answer = await get(PURCHASE, { cookie: 'constructor=1; __proto__=2; RoktTransactionId=robust-1' });
    expect(answer.status).toBe(204);
    expectNoLeak(answer);
    const event = preview.container.processed.at(-1);
    expect(event?.cookies.constructor).toEqual(['1']);
    expect(event?.eventData.rtid).toBe('robust-1');
    await expectStillServing();
  });

  it('parameter names implying huge item indexes are answered at once, with the items in order', async () => {
    const answer = await get(`${PURCHASE}&pr300000000=idLast&pr4294967295=idHuge&pr2=idFirst`);
    expect(answer.status).toBe(204);
    expect(preview.container.processed.at(-1)?.eventData.items).toEqual([
      { item_id: 'First' },
      { item_id: 'Last' },
      { item_id: 'Huge' },
    ]);
    await expectStillServing();
  });

  it('a request cut off mid-body is dropped; the preview keeps running', async () => {
    const answer = await raw(
      `POST ${PURCHASE} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-length: 500\r\n\r\nen=purchase&ep.rtid=cut`,
      true,
    );
    expectNoLeak(answer);
    expect(preview.container.processed).toEqual([]);
    await expectStillServing();
  });

  it('the Rokt stand-in, too, drops a request cut off mid-body and keeps answering', async () => {
    const roktPort = Number(new URL(preview.roktUrl).port);
    const head = `host: api.rokt.com\r\ncontent-type: application/json\r\n`;
    await raw(`POST /v2/events HTTP/1.1\r\n${head}content-length: 500\r\n\r\n{"events":[`, true, roktPort);
    const after = await raw(
      `POST /v2/events HTTP/1.1\r\n${head}connection: close\r\ncontent-length: 2\r\n\r\n{}`,
      false,
      roktPort,
    );
    expect(after.status).toBeGreaterThanOrEqual(400);
    expectNoLeak(after);
    expect(preview.rokt.received.map((exchange) => exchange.body)).toEqual(['{}']);
  });

  it('a body too large for any GA4 hit is refused with 413', async () => {
    const body = 'x'.repeat(1024 * 1024 + 1);
    const answer = await raw(
      `POST ${PURCHASE} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: close\r\ncontent-length: ${body.length}\r\n\r\n${body}`,
    );
    expect(answer.status).toBe(413);
    expectNoLeak(answer);
    await expectStillServing();
  });

  it.each([
    ['another site (DNS rebinding)', 'evil.example'],
    ['markup', 'www.shop.test"><script>alert(1)</script>'],
    ['cookie attributes', 'evil;Secure;Domain=example.com.shop.test'],
    ['a path', 'evil.example/.shop.test'],
  ])('a hostile Host header (%s) gets 421 and nothing of it is echoed', async (_what, host) => {
    for (const path of ['/', '/product', PURCHASE, '/__rokt']) {
      const answer = await get(path, { host });
      expect(answer.status, path).toBe(421);
      expect(answer.head.toLowerCase()).not.toContain('set-cookie');
      expect(`${answer.head}${answer.body}`).not.toContain('<script>');
      expectNoLeak(answer);
    }
    await expectStillServing();
  });

  it('line breaks smuggled into a hit (ID, page URL, cookie) never become headers of the answer', async () => {
    const evil = encodeURIComponent('x\r\nX-Injected: 1\r\nSet-Cookie: owned=1');
    const answer = await get(
      `${PURCHASE.replace('ep.rtid=robust-1', `ep.rtid=${evil}`)}&dl=${encodeURIComponent(`http://www.shop.test/?rtid=${evil}`)}`,
      { host: `www.shop.test:${port}`, cookie: `RoktTransactionId=${evil}` },
    );
    expect(answer.status).toBe(204);
    expect(answer.head.toLowerCase()).not.toMatch(/x-injected|owned=1/);
    await expectStillServing();
  });

  it("the shop's own hosts are served as before", async () => {
    expect((await get('/', { host: `www.shop.test:${port}` })).status).toBe(200);
    expect((await get('/', { host: `localhost:${port}` })).status).toBe(200);
  });

  it('the GA4 answer grants credentialed CORS only to the preview’s own pages', async () => {
    const own = await get(PURCHASE, { origin: `http://checkout.shop.test:${port}` });
    expect(own.head).toContain(`access-control-allow-origin: http://checkout.shop.test:${port}`);
    const other = await get(PURCHASE, { origin: 'https://evil.example' });
    expect(other.status).toBe(204);
    expect(other.head.toLowerCase()).not.toContain('access-control-allow-origin');
  });
});

describe('/__rokt/control', () => {
  const post = (headers: Record<string, string>) => {
    const body = 'dryRun=on';
    return raw(
      `POST /__rokt/control HTTP/1.1\r\n${Object.entries({
        host: `127.0.0.1:${port}`,
        connection: 'close',
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': String(body.length),
        ...headers,
      })
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n${body}`,
    );
  };

  it('takes a form post from the preview’s own /__rokt page', async () => {
    const answer = await post({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' });
    expect(answer.status).toBe(303);
    expect(preview.dryRun).toBe(true);
  });

  it.each([
    ['another site', { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }],
    ['a sibling host of the shop', { origin: `http://www.shop.test:${port}`, 'sec-fetch-site': 'same-site' }],
    ['no Origin at all', {}],
    [
      'the same origin text, but the browser says cross-site',
      { origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'cross-site' },
    ],
    ['a null origin (sandboxed frame, file:)', { origin: 'null' }],
  ])('refuses %s with 403 and changes nothing', async (_what, headers: Record<string, string>) => {
    const answer = await post(headers);
    expect(answer.status).toBe(403);
    expect(preview.dryRun).toBe(false);
    expectNoLeak(answer);
  });
});
