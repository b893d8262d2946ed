// @vitest-environment node
// The /__rokt page: whose landing step 1 shows, why a conversion sent nothing, how cards are numbered.
import { describe, expect, it } from 'vitest';
import { containerSetup, readImportFiles } from '../../src/preview/container-setup';
import { RoktStandIn } from '../../src/preview/rokt-standin';
import { type ContainerSetup, ServerContainer } from '../../src/preview/server-container';
import { captureOf, renderTracePage } from '../../src/preview/trace-page';
import { inProcess } from './in-process-rokt';

const templates = readImportFiles('dist').server;
const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
const EMAIL_SHA256 = 'a'.repeat(64);

function container(setup: ContainerSetup = containerSetup(templates, 'event-api')) {
  const rokt = new RoktStandIn({ publicKey: 'rpub-preview-0000', secretKey: 'rsec-preview-0000' });
  return { rokt, container: new ServerContainer(() => setup, inProcess(rokt)) };
}

/** One GA4 hit of visitor `cid` on `page`, consent as `gcs`. */
function hit(cid: string, page: string, event: string, gcs = 'G111') {
  return {
    query: `v=2&tid=G-PREVIEW&cid=${cid}&gcs=${gcs}&dl=${encodeURIComponent(page)}&${event}`,
    body: '',
    headers: {},
  };
}

function page(c: ServerContainer): string {
  return renderTracePage({
    processed: c.processed,
    received: [],
    mode: 'event-api',
    dryRun: false,
    serverOnly: false,
    pending: [],
    nonce: 'n',
  });
}

describe('/__rokt step 1', () => {
  it("credits the landing of the visitor who converted, not another visitor's landing with the same ID", async () => {
    const { container: c } = container();
    await c.collect(hit('111.1', `http://127.0.0.1:8080/?rtid=${RTID}`, `en=rokt_identity&ep.rtid=${RTID}`));
    await c.collect(hit('222.2', `http://www.shop.test:8080/?rtid=${RTID}`, `en=rokt_identity&ep.rtid=${RTID}`));
    const [purchase] = await c.collect(
      hit('222.2', 'http://checkout.shop.test:8080/thank-you', `en=purchase&ep.rtid=${RTID}&ep.transaction_id=O-1`),
    );

    expect(captureOf(purchase, c.processed)).toMatchObject({
      source: 'bundle',
      how: `the bundle captured it: rokt_identity pushed on http://www.shop.test:8080/?rtid=${RTID}`,
    });
  });

  it('falls back to the cookie on the hit when the visitor sent no rokt_identity event', async () => {
    const { container: c } = container();
    await c.collect(hit('111.1', `http://www.shop.test:8080/?rtid=${RTID}`, `en=rokt_identity&ep.rtid=${RTID}`));
    const [purchase] = await c.collect({
      ...hit('333.3', 'http://checkout.shop.test:8080/thank-you', `en=purchase&ep.transaction_id=O-2`),
      headers: { cookie: `RoktTransactionId=${RTID}` },
    });
    expect(captureOf(purchase, c.processed)).toMatchObject({ rtid: RTID, how: expect.stringContaining('cookie') });
  });
});

describe('/__rokt step 1 with the Rokt ID Keeper', () => {
  const landing = `http://www.shop.test:8080/?rtid=${RTID}`;
  const thankYou = 'http://checkout.shop.test:8080/thank-you';

  it("says the keeper captured the ID from the landing hit's page_location (a shop without the bundle)", async () => {
    const { container: c } = container();
    const [pageView] = await c.collect(hit('5.5', landing, 'en=page_view'));
    const kept = pageView.tags.flatMap((tag) => tag.cookiesSet).find((cookie) => cookie.name === 'RoktTransactionId');
    expect(kept?.value).toBe(RTID);
    const [purchase] = await c.collect({
      ...hit('5.5', thankYou, 'en=purchase&ep.transaction_id=O-8'),
      headers: { cookie: `RoktTransactionId=${RTID}; RoktTransactionIdKept=1` },
    });
    expect(captureOf(purchase, c.processed)).toMatchObject({
      source: 'page_location',
      rtid: RTID,
      how: expect.stringContaining(`from the landing hit's page_location ${landing}`),
    });
    expect(page(c)).toContain('From <b class="source">the landing hit&#39;s page_location</b>');
  });

  it("says the hit brought the ID back in the server-set cookie when the landing is not this visitor's", async () => {
    const { container: c } = container();
    await c.collect(hit('6.6', landing, 'en=page_view'));
    // Script storage purged: a new _ga, so a new client ID; the server-set cookies survived.
    const [purchase] = await c.collect({
      ...hit('7.7', thankYou, 'en=purchase&ep.transaction_id=O-9'),
      headers: { cookie: `RoktTransactionId=${RTID}; RoktTransactionIdSeen=1; RoktTransactionIdKept=1` },
    });
    expect(captureOf(purchase, c.processed)).toMatchObject({
      source: 'server cookie',
      how: `the hit brought it back in the server-set cookie RoktTransactionId (set by the Rokt ID Keeper on the hit from ${landing})`,
    });
  });

  it('counts only events that fired a tag besides the keeper as conversions', async () => {
    const { container: c } = container();
    await c.collect(hit('8.8', landing, 'en=page_view'));
    expect(c.processed[0].tags.map((tag) => tag.template)).toEqual(['Rokt ID Keeper']);
    expect(page(c)).toContain('No conversion yet');
  });
});

describe('/__rokt conversion cards', () => {
  const thankYou = 'http://checkout.shop.test:8080/thank-you';

  it('says on the card that consent denied by x-ga-gcs kept the request from being sent', async () => {
    const { container: c, rokt } = container();
    await c.collect(hit('1.1', thankYou, `en=purchase&ep.rtid=${RTID}&ep.transaction_id=O-3`, 'G100'));
    expect(rokt.received).toEqual([]);
    expect(page(c)).toContain('Nothing sent: consent denied: x-ga-gcs G100 says ad_storage is denied');
  });

  it('says on the card that the conversion carried no identifier', async () => {
    const { container: c } = container();
    await c.collect(hit('1.1', thankYou, 'en=purchase&ep.rtid=not%20an%20id&ep.transaction_id=O-4'));
    expect(page(c)).toContain('Nothing sent: no identifier: no valid rtid or emailsha256 in the event');
  });

  it('says on the card that the tag ran as a dry run', async () => {
    const standard = containerSetup(templates, 'event-api');
    const setup = { ...standard, tags: standard.tags.map((tag) => ({ ...tag, data: { ...tag.data, dryRun: true } })) };
    const { container: c, rokt } = container(setup);
    await c.collect(hit('1.1', thankYou, `en=purchase&ep.emailsha256=${EMAIL_SHA256}&ep.transaction_id=O-5`));
    expect(rokt.received).toEqual([]);
    expect(page(c)).toContain('Nothing sent: dry run: the tag built the request and did not send it');
  });

  it('numbers cards per conversion, not per processed event', async () => {
    const { container: c } = container();
    for (const event of ['page_view', 'rokt_identity', 'page_view'])
      await c.collect(hit('1.1', thankYou, `en=${event}&ep.rtid=${RTID}`));
    await c.collect(hit('1.1', thankYou, `en=purchase&ep.rtid=${RTID}&ep.transaction_id=O-6`));
    await c.collect(hit('1.1', thankYou, `en=page_view&ep.rtid=${RTID}`));
    await c.collect(hit('1.1', thankYou, `en=purchase&ep.rtid=${RTID}&ep.transaction_id=O-7`));

    const headings = [...page(c).matchAll(/<h2>(Conversion \d+): purchase (O-\d)/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual(['Conversion 2 O-7', 'Conversion 1 O-6']);
    expect(page(c)).not.toMatch(/<h2>#\d/);
  });
});

describe('/__rokt and Google Analytics', () => {
  it("says what the server's GA4 tag would forward: no identifier after the Transformations, which it names without them", async () => {
    const landing = `http://www.shop.test:8080/?rtid=${RTID}`;
    const event = `en=purchase&ep.rtid=${RTID}&ep.emailsha256=${EMAIL_SHA256}&ep.transaction_id=O-9`;
    const { container: clean } = container();
    await clean.collect(hit('111.1', landing, event));
    expect(page(clean)).toContain('<b class="success">no rtid, rclid, emailsha256</b>');
    expect(page(clean)).toContain('/g/collect?');

    const { container: leaky } = container({ ...containerSetup(templates, 'event-api'), transformations: [] });
    await leaky.collect(hit('111.1', landing, event));
    expect(page(leaky)).toContain('<b class="failure">still carries rtid, emailsha256</b>');
  });
});
