// The built bundle on its own, in real Chromium: the ID captured on www. is still there on checkout. of the same
// made-up domain, because the cookie was written on the registrable domain. No preview, no templates.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';

const bundle = readFileSync(new URL('../dist/rokt-sgtm-bridge.min.js', import.meta.url), 'utf8');
let server: Server;
let port: number;

test.beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/bridge.js') {
      response.writeHead(200, { 'content-type': 'text/javascript' });
      response.end(bundle);
    } else {
      // /proto-layer: a page whose config names the dataLayer '__proto__' (a red-team case).
      const config = request.url?.startsWith('/proto-layer')
        ? "<script>window.roktBridgeConfig = {dataLayerName: '__proto__'}</script>"
        : '';
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(
        `<!doctype html><html lang="en"><title>shop</title>${config}<script src="/bridge.js"></script></html>`,
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('the Rokt ID cookie survives the hop from www. to checkout.', async ({ page, context }) => {
  await page.goto(`http://www.shop.test:${port}/landing?rtid=Smoke-1_a.b~C`);
  expect(await page.evaluate(() => window.dataLayer)).toEqual([{ event: 'rokt_identity', rtid: 'Smoke-1_a.b~C' }]);

  await page.goto(`http://checkout.shop.test:${port}/cart`);
  expect(await page.evaluate(() => (window.roktBridge as { get(): unknown }).get())).toEqual({ rtid: 'Smoke-1_a.b~C' });
  const [cookie] = (await context.cookies(`http://checkout.shop.test:${port}`)).filter(
    (c) => c.name === 'RoktTransactionId',
  );
  expect(cookie).toMatchObject({
    value: 'Smoke-1_a.b~C',
    domain: '.shop.test',
    path: '/',
    sameSite: 'Lax',
    secure: false,
  });
});

test("clear() on checkout. is not undone by www.'s localStorage", async ({ page, context }) => {
  await page.goto(`http://www.shop.test:${port}/?rtid=res1`);
  await page.evaluate(() => (window.roktBridge as { setEmail(e: string): boolean }).setEmail('a@b.co'));
  await page.goto(`http://checkout.shop.test:${port}/`);
  await page.evaluate(() => (window.roktBridge as { clear(): void }).clear());
  await page.goto(`http://www.shop.test:${port}/`);
  expect(await page.evaluate(() => (window.roktBridge as { get(): unknown }).get())).toEqual({});
  expect(await page.evaluate(() => Object.keys(localStorage))).toEqual(['RoktTransactionIdCleared']);
  const names = (await context.cookies(`http://www.shop.test:${port}`)).map((c) => c.name);
  expect(names).toEqual(['RoktTransactionIdCleared']);
});

test("dataLayerName '__proto__' leaves Window.prototype alone and the bridge uses window.dataLayer", async ({
  page,
}) => {
  await page.goto(`http://www.shop.test:${port}/proto-layer?rtid=proto1`);
  expect(await page.evaluate(() => typeof (Object.getPrototypeOf(window) as { push?: unknown }).push)).toBe(
    'undefined',
  );
  expect(await page.evaluate(() => window.dataLayer)).toEqual([{ event: 'rokt_identity', rtid: 'proto1' }]);
});

declare global {
  interface Window {
    dataLayer?: unknown[];
  }
}
