// @vitest-environment node
import { afterEach, describe, expect, it } from 'vitest';
import { containerSetup, loadTemplates, PREVIEW_ACCOUNT } from '../../src/preview/container-setup';
import { routeToStandIn } from '../../src/preview/rokt-route';
import { RoktStandIn } from '../../src/preview/rokt-standin';
import { type ContainerSetup, ServerContainer } from '../../src/preview/server-container';
import { inProcess } from './in-process-rokt';

const templates = loadTemplates('src/sgtm');
const RTID = 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g';
const SHARED = 'v=2&tid=G-PREVIEW&cid=111.222&gcs=G111&dl=http%3A%2F%2Fcheckout.shop.test%2Fthank-you';

describe('ServerContainer', () => {
  it('runs the variables and the tag on the conversion of a batched hit, and only on it', async () => {
    const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
    const container = new ServerContainer(() => containerSetup(templates, 'event-api'), inProcess(rokt));
    const events = await container.collect({
      query: SHARED,
      body: `en=rokt_identity&ep.rtid=${RTID}\nen=purchase&ep.rtid=${RTID}&ep.transaction_id=ORD-1&epn.value=12.5&cu=EUR`,
      headers: { 'user-agent': 'test', cookie: `RoktTransactionId=${RTID}` },
    });

    expect(events.map((event) => [event.eventData.event_name, event.tags.map((tag) => tag.outcome)])).toEqual([
      ['rokt_identity', []],
      ['purchase', ['success']],
    ]);
    expect(events[1].variables['Rokt ID']).toBe(RTID);
    expect(events[0].variables).toEqual({});
    expect(rokt.received).toHaveLength(1);
    expect(rokt.received[0].problems).toEqual([]);
    expect(events[1].tags[0].exchanges[0].response?.statusCode).toBe(200);
    expect(container.processed).toHaveLength(2);
  });

  it('gives a tag field or table cell written {{Name}} the value of that variable', async () => {
    const rokt = new RoktStandIn(PREVIEW_ACCOUNT);
    const standard = containerSetup(templates, 'event-api');
    const setup: ContainerSetup = {
      ...standard,
      tags: [
        {
          ...standard.tags[0],
          data: { ...standard.tags[0].data, objectDataRows: [{ name: 'clientcustomerid', value: '{{Rokt ID}}' }] },
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
    const standard = containerSetup(templates, 'event-api');
    const setup: ContainerSetup = {
      ...standard,
      tags: [{ ...standard.tags[0], data: { ...standard.tags[0].data, accountId: '{{Missing}}' } }],
    };
    const container = new ServerContainer(() => setup, inProcess(new RoktStandIn()));
    const [event] = await container.collect({ query: `${SHARED}&en=purchase&ep.rtid=${RTID}`, body: '', headers: {} });
    expect(event.variables.Missing).toEqual({ error: 'no variable named Missing' });
    expect(event.tags[0].outcome).toBe('failure');
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
