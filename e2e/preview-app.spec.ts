// The preview as a person uses it: the /__rokt page, and the built `npm start` program (dist/node/preview.mjs,
// made by `npm run build`) printing where to go and stopping everything on Ctrl-C.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import {
  checkout,
  consent,
  conversionOf,
  EMAIL,
  EMAIL_SHA256,
  expect,
  preConsent,
  RTID,
  test,
} from './support/preview';

test('/__rokt shows a conversion as the four steps, with the switches working', async ({ page, preview }) => {
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Accept');
  const order = await checkout(page, EMAIL);
  await conversionOf(preview, order);

  await page.goto(preview.traceUrl);
  const conversion = page.locator('section.conversion', { hasText: order });
  await expect(conversion.locator('li').nth(0)).toContainText(`1. ID captured`);
  await expect(conversion.locator('li').nth(0)).toContainText(`${preview.http.landing}/?rtid=${RTID}`);
  await expect(conversion.locator('li').nth(1)).toContainText(`ep.rtid=${RTID}`);
  await expect(conversion.locator('li').nth(1)).toContainText(`ep.emailsha256=${EMAIL_SHA256}`);
  await expect(conversion.locator('li').nth(2)).toContainText(`rtid ${RTID}`);
  await expect(conversion.locator('li').nth(3)).toContainText('Tag Rokt – Event API: success');
  await expect(conversion.locator('li').nth(3)).toContainText(
    'Attempt 1, Event and Audience API: POST https://s2s.us2.mparticle.com/v2/events',
  );
  await expect(conversion.locator('li').nth(3)).toContainText('Answer: 202');
  await expect(page.locator('.exchange')).toContainText('meets every documented rule');
  await expect(conversion.locator('h2')).toContainText(`Conversion 1: purchase ${order}`);

  await page.getByRole('button', { name: 'turn on' }).click();
  expect(preview.dryRun).toBe(true);
  await page.goto(`${preview.http.landing}/`);
  const dryOrder = await checkout(page);
  await conversionOf(preview, dryOrder);
  await page.goto(preview.traceUrl);
  const dry = page.locator('section.conversion', { hasText: dryOrder });
  await expect(dry.locator('h2')).toContainText('Conversion 2');
  await expect(dry).toContainText('Nothing sent: dry run: the tag built the request and did not send it');

  await page.getByRole('button', { name: '500' }).click();
  await expect(page.locator('.controls')).toContainText('next answer: server-error, server-error');
  expect(preview.rokt.pending()).toEqual(['server-error', 'server-error']);
  await page.getByRole('button', { name: '429 (Retry-After 1 s)' }).click();
  expect(preview.rokt.pending()).toEqual(['server-error', 'server-error', 'rate-limited', 'rate-limited']);
  await expect(page.locator('.controls')).toContainText('Tag sends with: Event and Audience API');
  await page.getByRole('button', { name: 'PII-less GET' }).click();
  expect(preview.mode).toBe('conversion-get');
  await page.getByRole('button', { name: 'Event API', exact: true }).click();
  expect(preview.mode).toBe('event-api');
  await page.getByRole('button', { name: 'clear' }).click();
  await expect(page.locator('section.conversion')).toHaveCount(0);
  expect(preview.rokt.received).toEqual([]);
});

test('the shop says which host it runs on, what Accept stored, prices as money, and confirms an order once', async ({
  page,
  preview,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await expect(page.locator('#shop-host')).toContainText('www.shop.test, the landing host');
  await expect(page.locator('article')).toContainText('€12.50');
  await consent(page, 'Accept');
  await expect(page.locator('#consent-result')).toContainText(
    `Accepted. Stored for Rokt now: cookie RoktTransactionId=${RTID}`,
  );
  await expect(page.locator('#consent-result')).toContainText(`localStorage RoktTransactionId=${RTID}`);

  await page.click('#to-checkout');
  await expect(page.locator('#shop-host')).toContainText('checkout.shop.test, the checkout host');
  await expect(page.locator('main')).toContainText('Preview mug, €12.50');
  const order = (await page.locator('#order-id').textContent()) ?? '';
  await page.fill('#email', EMAIL);
  await page.click('#place-order');
  await expect(page.locator('#order-confirmation')).toContainText(`Order ${order} is confirmed.`);
  await expect(page.locator('#bridge-state')).toContainText(EMAIL_SHA256);
  expect((await page.locator('main').textContent())?.match(/confirmed/g)).toHaveLength(1);
  // The get() JSON (two 64-character digests and an ID) wraps instead of widening the page.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBe(0);
});

test('after Decline the shop says that nothing is stored', async ({ page, context, preview }) => {
  await preConsent(context, 'denied');
  await page.goto(`${preview.http.landing}/?rtid=${RTID}`);
  await consent(page, 'Decline');
  await expect(page.locator('#consent-result')).toHaveText(
    'Declined. Stored for Rokt now: nothing (the bridge keeps what it captured in this page only).',
  );
});

test('the npm start program prints the shop URL, serves it, and stops every server on Ctrl-C', async ({ page }) => {
  const program = spawn(
    process.execPath,
    ['--input-type=module', '-e', "await (await import('./dist/node/preview.mjs')).main();"],
    {
      env: { ...process.env, PREVIEW_PORT: '0', PREVIEW_HTTPS_PORT: '0', PREVIEW_ROKT_PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<number | null>((resolve) => program.on('exit', (code) => resolve(code)));
  let output = '';
  const shopUrl = await new Promise<string>((resolve, reject) => {
    program.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const found = /Demo shop:\s+(\S+)/.exec(output);
      if (found && output.includes('Rokt stand-in')) resolve(found[1]);
    });
    program.on('exit', () => reject(new Error(`exited before printing the URL:\n${output}`)));
  });
  expect(shopUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?rtid=/);
  expect(output).toContain('Ctrl-C stops everything');
  expect(output).toContain('--host-resolver-rules="MAP *.shop.test 127.0.0.1"');

  await page.goto(shopUrl);
  await expect(page.locator('h1')).toHaveText('Welcome to the preview shop');
  await page.close();

  program.kill('SIGINT');
  expect(await exited).toBe(0);
  const ports = [...output.matchAll(/(?:127\.0\.0\.1|shop\.test):(\d+)/g)].map((match) => Number(match[1]));
  for (const port of new Set(ports)) {
    const refused = await new Promise<boolean>((resolve) => {
      request({ host: '127.0.0.1', port, path: '/' }, () => resolve(false))
        .on('error', () => resolve(true))
        .end();
    });
    expect(refused, `port ${port} still answers`).toBe(true);
  }
});
