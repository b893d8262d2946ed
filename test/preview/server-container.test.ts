// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { decodeParameters } from '../../src/formats/template-fields';
import { GA4_EXCLUDED_PARAMS } from '../../src/gtm-export/ga4-transformations';
import { SERVER_NAMES } from '../../src/gtm-export/server-container';
import { containerSetup, PREVIEW_ACCOUNT, PREVIEW_GA4_TAG, readImportFiles } from '../../src/preview/container-setup';
import { routeToStandIn } from '../../src/preview/rokt-route';
import { RoktStandIn } from '../../src/preview/rokt-standin';
import { type ContainerSetup, ServerContainer } from '../../src/preview/server-container';
import { inProcess } from './in-process-rokt';

// The preview's server container is the import file the build writes (npm test builds first).
const { server } = readImportFiles('dist');
const ROKT_ID_VARIABLE = server.containerVersion.variable.find(
  (variable) => decodeParameters(variable.parameter).output === 'roktId',
)!.name;
const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
const SHARED = 'v=2&tid=G-PREVIEW&cid=111.222&gcs=G111&dl=http%3A%2F%2Fcheckout.shop.test%2Fthank-you';

describe('ServerContainer', () => {
  it('runs the variables and the tag on the conversion of a batched hit, and only on it', async () => {
    const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
    const container = new ServerContainer(() => containerSetup(server, 'event-api'), inProcess(rokt));
    const events = await container.collect({
      query: SHARED,
      body: `en=rokt_identity&ep.rtid=${RTID}\nen=purchase&ep.rtid=${RTID}&ep.transaction_id=ORD-1&epn.value=12.5&cu=EUR`,
      headers: { 'user-agent': 'test', cookie: `RoktTransactionId=${RTID}` },
    });

    // The Rokt ID Keeper fires on every event; the Event API tag only on the conversion.
    expect(events.map((event) => [event.eventData.event_name, event.tags.map((tag) => tag.template)])).toEqual([
      ['rokt_identity', ['Rokt ID Keeper']],
      ['purchase', ['Rokt Event API', 'Rokt ID Keeper']],
    ]);
    expect(events[1].variables[ROKT_ID_VARIABLE]).toBe(RTID);
    expect(rokt.received).toHaveLength(1);
    expect(rokt.received[0].problems).toEqual([]);
    const eventApi = events[1].tags.find((tag) => tag.template === 'Rokt Event API');
    expect(eventApi?.outcome).toBe('success');
    expect(eventApi?.exchanges[0].response?.statusCode).toBe(200);
    expect(container.processed).toHaveLength(2);
  });

  it('gives a tag field or table cell written {{Name}} the value of that variable', async () => {
    const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
    const standard = containerSetup(server, 'event-api');
    const setup: ContainerSetup = {
      ...standard,
      tags: [
        {
          ...standard.tags[0],
          data: {
            ...standard.tags[0].data,
            objectDataRows: [{ name: 'clientcustomerid', value: `{{${ROKT_ID_VARIABLE}}}` }],
          },
        },
      ],
    };
    const container = new ServerContainer(() => setup, inProcess(rokt));
    await container.collect({
      query: `${SHARED}&en=purchase&ep.rtid=${RTID}&ep.transaction_id=ORD-2`,
      body: '',
      headers: {},
    });
    const objectData = JSON.parse(rokt.received[0].body).events[0].objectData;
    expect(objectData).toContainEqual({ name: 'clientcustomerid', value: RTID });
  });

  it('shows an unknown variable reference as an error and gives the tag undefined for it', async () => {
    const standard = containerSetup(server, 'event-api');
    const setup: ContainerSetup = {
      ...standard,
      tags: [{ ...standard.tags[0], data: { ...standard.tags[0].data, accountId: '{{Missing}}' } }],
    };
    const container = new ServerContainer(() => setup, inProcess(new RoktStandIn()));
    const [event] = await container.collect({ query: `${SHARED}&en=purchase&ep.rtid=${RTID}`, body: '', headers: {} });
    expect(event.variables.Missing).toEqual({ error: 'no variable named Missing' });
    expect(event.tags[0].outcome).toBe('failure');
  });

  it('follows the import file: its trigger condition, the Constants as the preview sets them, Dry run off', async () => {
    const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
    const setup = containerSetup(server, 'event-api');
    const tag = setup.tags.find((candidate) => candidate.name === SERVER_NAMES.eventApiTag)!;
    expect(tag.data).toMatchObject({ ...PREVIEW_ACCOUNT, dryRun: false, apiMode: 'eventApi' });
    expect(containerSetup(server, 'conversion-get').tags[0].data.apiMode).toBe('conversionGet');
    const container = new ServerContainer(() => setup, inProcess(rokt));
    const events = await container.collect({
      query: SHARED,
      body: `en=purchases&ep.rtid=${RTID}\nen=add_to_cart&ep.rtid=${RTID}\nen=purchase&ep.rtid=${RTID}`,
      headers: {},
    });
    const fired = (name: string) =>
      events.filter((event) => event.eventData.event_name === name).flatMap((event) => event.tags.map((t) => t.name));
    // ^(purchase)$ is anchored: a longer event name does not fire the conversion tag.
    expect(fired('purchases')).not.toContain(SERVER_NAMES.eventApiTag);
    expect(fired('add_to_cart')).not.toContain(SERVER_NAMES.eventApiTag);
    expect(fired('purchase')).toContain(SERVER_NAMES.eventApiTag);
    expect(rokt.received).toHaveLength(1);
  });

  describe("the GA4 tag, after the import file's Transformations", () => {
    const EMAIL_SHA256 = '72497f475e4f76d0b28f57c73a084ece576d170874eba3ee2609d9afe4b71aab';
    const LANDING = 'https://www.shop.test/landing?utm_source=rokt&rtid=' + RTID + '&gclid=g1&rclid=45670808';
    const THANK_YOU = 'https://www.shop.test/#/thank-you?rtid=' + RTID + '&order=ORD-3';
    const hit = {
      query: `v=2&tid=G-PREVIEW&cid=111.222&gcs=G111&dl=${encodeURIComponent(THANK_YOU)}&dr=${encodeURIComponent(LANDING)}`,
      body: [
        `en=page_view&ep.rtid=${RTID}&ep.rclid=45670808&ep.emailsha256=${EMAIL_SHA256}`,
        `en=purchase&ep.rtid=${RTID}&ep.emailsha256=${EMAIL_SHA256}&ep.transaction_id=ORD-3&epn.value=30&cu=EUR`,
      ].join('\n'),
      headers: {},
    };
    /** Every parameter name and decoded value of the request the GA4 tag would forward. */
    const forwarded = (query: string) => [...new URLSearchParams(query)].flat().join(' ');

    it('forwards no rtid, rclid or emailsha256, and page URLs without the Rokt ID; the Rokt tag still gets them', async () => {
      const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
      const container = new ServerContainer(() => containerSetup(server, 'event-api'), inProcess(rokt));
      const events = await container.collect(hit);

      expect(events.map((event) => event.ga4?.tag)).toEqual([PREVIEW_GA4_TAG.name, PREVIEW_GA4_TAG.name]);
      for (const event of events) {
        const query = event.ga4!.query;
        for (const name of GA4_EXCLUDED_PARAMS) expect(new URLSearchParams(query).has(`ep.${name}`), name).toBe(false);
        expect(forwarded(query)).not.toMatch(new RegExp(`${RTID}|45670808|${EMAIL_SHA256}|rtid|rclid|emailsha256`));
        expect(new URLSearchParams(query).get('dl')).toBe('https://www.shop.test/#/thank-you?order=ORD-3');
        expect(new URLSearchParams(query).get('dr')).toBe('https://www.shop.test/landing?utm_source=rokt&gclid=g1');
      }
      // The rest of the event reaches GA4 unchanged.
      expect(new URLSearchParams(events[1].ga4!.query).get('ep.transaction_id')).toBe('ORD-3');
      expect(new URLSearchParams(events[1].ga4!.query).get('epn.value')).toBe('30');
      // Scoped to the GA4 tag: the Rokt Event API tag saw the identifiers and sent them.
      const objectData = JSON.parse(rokt.received[0].body).events[0].objectData;
      expect(objectData).toContainEqual({ name: 'passbackconversiontrackingid', value: RTID });
      expect(objectData).toContainEqual({ name: 'emailsha256', value: EMAIL_SHA256 });
    });

    it('would forward them all without the Transformations (the check above can fail)', async () => {
      const setup = { ...containerSetup(server, 'event-api'), transformations: [] };
      const container = new ServerContainer(() => setup, inProcess(new RoktStandIn(PREVIEW_ACCOUNT)));
      const [pageView] = await container.collect(hit);
      const query = new URLSearchParams(pageView.ga4!.query);
      expect([query.get('ep.rtid'), query.get('ep.rclid'), query.get('ep.emailsha256')]).toEqual([
        RTID,
        '45670808',
        EMAIL_SHA256,
      ]);
      expect(query.get('dr')).toBe(LANDING);
    });
  });

  it('resolves waitFor once a matching event is processed', async () => {
    const container = new ServerContainer(() => ({ variables: {}, tags: [] }), inProcess(new RoktStandIn()));
    const waiting = container.waitFor((processed) =>
      processed.some((event) => event.eventData.event_name === 'page_view'),
    );
    await container.collect({ query: `${SHARED}&en=page_view`, body: '', headers: {} });
    expect((await waiting).map((event) => event.eventData.event_name)).toEqual(['page_view']);
  });
});

describe('routeToStandIn', () => {
  let rokt: RoktStandIn | undefined;
  afterEach(async () => rokt?.close());

  it('sends Rokt-bound requests to the stand-in with the Host they were meant for', async () => {
    rokt = new RoktStandIn();
    const fetch = routeToStandIn(await rokt.listen(0));
    const response = await fetch({
      url: `https://apps.rokt.com/api/conv?id=1&passbackconversiontrackingid=${RTID}`,
      method: 'GET',
      headers: {},
    });
    expect(response).toMatchObject({ statusCode: 200, body: '{"statusCode":200,"success":true}' });
    expect(rokt.received[0]).toMatchObject({
      host: 'apps.rokt.com',
      url: `/api/conv?id=1&passbackconversiontrackingid=${RTID}`,
      problems: [],
    });
  });

  it('refuses every other host: the preview never reaches the real network', async () => {
    const fetch = routeToStandIn('http://127.0.0.1:9');
    await expect(fetch({ url: 'https://example.com/', method: 'GET', headers: {} })).rejects.toThrow(
      'example.com is not routed',
    );
  });
});
