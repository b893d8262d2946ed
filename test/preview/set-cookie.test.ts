// @vitest-environment node
// What the server container's templates set with setCookie reaches the browser as Set-Cookie on the /g/collect answer.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type Preview, startPreview } from '../../src/preview/preview';
import { setCookieHeader } from '../../src/preview/set-cookie';

const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
const KEEPER_OPTIONS = { domain: 'auto', path: '/', samesite: 'Lax', secure: true, 'max-age': 7776000 };

describe('setCookieHeader', () => {
  it('spells sGTM setCookie options as Set-Cookie attributes, domain auto being the registrable domain', () => {
    const cookie = { name: 'RoktTransactionId', value: RTID, options: { ...KEEPER_OPTIONS, HttpOnly: true } };
    expect(setCookieHeader(cookie, { hostname: 'www.shop.test', secure: true })).toBe(
      `RoktTransactionId=${RTID}; Domain=shop.test; Path=/; Max-Age=7776000; SameSite=Lax; Secure; HttpOnly`,
    );
  });

  it('sets a host-only cookie for an IP address and leaves Secure out over plain http', () => {
    const cookie = { name: 'RoktTransactionId', value: '', options: { ...KEEPER_OPTIONS, 'max-age': 0 } };
    expect(setCookieHeader(cookie, { hostname: '127.0.0.1', secure: false })).toBe(
      'RoktTransactionId=; Path=/; Max-Age=0; SameSite=Lax',
    );
  });
});

describe('the /g/collect answer', () => {
  let preview: Preview | undefined;
  afterEach(async () => preview?.close());

  it("carries the Rokt ID Keeper's cookies for a landing hit with ?rtid= in page_location", async () => {
    preview = await startPreview({ port: 0, httpsPort: false, distDir: 'dist' });
    const port = new URL(preview.http.local).port;
    const dl = encodeURIComponent(`http://www.shop.test:${port}/?rtid=${RTID}`);
    const setCookie = await new Promise<string[]>((resolve, reject) => {
      request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/g/collect?v=2&tid=G-PREVIEW&cid=1.2&gcs=G111&dl=${dl}&en=page_view`,
          headers: { host: `www.shop.test:${port}` },
        },
        (res) => {
          res.resume();
          resolve(res.headers['set-cookie'] ?? []);
        },
      )
        .on('error', reject)
        .end();
    });
    expect(setCookie.map((header) => header.split(';')[0])).toEqual([
      `RoktTransactionId=${RTID}`,
      expect.stringMatching(/^RoktTransactionIdSeen=\d+$/),
      expect.stringMatching(/^RoktTransactionIdKept=\d+$/),
    ]);
    expect(setCookie[0]).toBe(`RoktTransactionId=${RTID}; Domain=shop.test; Path=/; Max-Age=7776000; SameSite=Lax`);
  });
});
