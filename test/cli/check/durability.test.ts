// Safari durability: the verdict from DNS records, and the records from a DNS server on 127.0.0.1 speaking the real
// wire protocol (test/support/dns-server.ts), through the same resolver the command uses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dnsLookup,
  type HostRecords,
  resolveHost,
  type ServingSetUp,
  safariDurability,
  siteOf,
} from '../../../src/cli/check/durability';
import { type DnsServer, startDnsServer } from '../../support/dns-server';

const records = (host: string, more: Partial<HostRecords> = {}): HostRecords => ({
  host,
  cnames: [],
  a: [],
  aaaa: [],
  ...more,
});

/** A page on www.shop.example (203.0.113.10) and a server container on sgtm.shop.example with `server`'s records. */
const setUp = (server: Partial<HostRecords>, page: Partial<HostRecords> = { a: ['203.0.113.10'] }): ServingSetUp => ({
  pageHost: 'www.shop.example',
  pageSite: 'shop.example',
  serverHost: 'sgtm.shop.example',
  page: records('www.shop.example', page),
  server: records('sgtm.shop.example', server),
});

const lifetimeOf = (input: ServingSetUp) => safariDurability(input).lifetime;

describe('safariDurability', () => {
  it('the page host itself (same origin) is full lifetime, whatever DNS says', () => {
    expect(lifetimeOf({ pageHost: 'www.shop.example', pageSite: 'shop.example', serverHost: 'www.shop.example' })).toBe(
      'full',
    );
  });

  it.each([
    ['the same /16 (IPv4)', { a: ['203.0.200.7'] }, 'full'],
    ['another /16 (IPv4)', { a: ['203.1.0.7'] }, 'seven-days'],
    ['one address of several in another /16', { a: ['203.0.1.1', '34.120.0.1'] }, 'seven-days'],
    [
      'a CNAME to another site, even in the same address range',
      { cnames: ['edge.cloudhost.example'], a: ['203.0.113.11'] },
      'seven-days',
    ],
    ['a CNAME chain ending on the page site', { cnames: ['lb.shop.example'], a: ['34.1.1.1'] }, 'full'],
  ])('an A record in %s → %s', (_name, server, lifetime) => {
    expect(lifetimeOf(setUp(server))).toBe(lifetime);
  });

  it('IPv6: the first 64 bits decide; a family only one side has caps (a visitor on it comes from elsewhere)', () => {
    const page = { a: ['203.0.113.10'], aaaa: ['2001:db8:aa:1::10'] };
    expect(lifetimeOf(setUp({ a: ['203.0.9.9'], aaaa: ['2001:db8:aa:1:ffff::1'] }, page))).toBe('full');
    expect(lifetimeOf(setUp({ a: ['203.0.9.9'], aaaa: ['2001:db8:aa:2::1'] }, page))).toBe('seven-days');
    expect(lifetimeOf(setUp({ a: ['203.0.9.9'] }, page))).toBe('seven-days');
    expect(lifetimeOf(setUp({ a: ['203.0.9.9'], aaaa: ['2001:db8:aa:1::1'] }))).toBe('seven-days');
  });

  it("a CNAME into the same domain as the page host's own CNAME is not cloaking", () => {
    const page = { cnames: ['shop.cdn.example'], a: ['198.51.100.1'] };
    expect(lifetimeOf(setUp({ cnames: ['sgtm.cdn.example'], a: ['34.1.1.1'] }, page))).toBe('full');
    expect(lifetimeOf(setUp({ cnames: ['abc.run.app'], a: ['34.1.1.1'] }, page))).toBe('seven-days');
  });

  it('a server container on another site is third-party: blocked', () => {
    const input = { ...setUp({ a: ['203.0.113.11'] }), serverHost: 'abc123-uc.a.run.app' };
    expect(safariDurability(input)).toMatchObject({
      lifetime: 'blocked',
      reason: expect.stringContaining('third-party'),
    });
  });

  it('a host DNS could not resolve makes the verdict unknown, never full', () => {
    expect(lifetimeOf(setUp({ error: 'no such host in DNS' }))).toBe('unknown');
    expect(lifetimeOf({ ...setUp({ a: ['203.0.113.11'] }), page: records('www.shop.example', { error: 'x' }) })).toBe(
      'unknown',
    );
  });

  it('says why, naming the hosts and what differs', () => {
    expect(
      safariDurability(setUp({ cnames: ['a.cloud.example', 'edge.cloudhost.example'], a: ['1.2.3.4'] })).reason,
    ).toBe('sgtm.shop.example is a CNAME to edge.cloudhost.example, another site (Safari 14 and later)');
    expect(safariDurability(setUp({ a: ['34.1.2.3'] })).reason).toBe(
      "sgtm.shop.example has the address 34.1.2.3, outside the first 16 bits of www.shop.example's (203.0.113.10) (Safari 16.4 and later)",
    );
  });

  it('siteOf approximates the registrable domain of a CNAME target', () => {
    expect(siteOf('a.b.cloud.example')).toBe('cloud.example');
    expect(siteOf('edge.shop.co.uk')).toBe('shop.co.uk');
  });
});

describe('resolveHost, against a DNS server on 127.0.0.1', () => {
  let dns: DnsServer;
  beforeAll(async () => {
    dns = await startDnsServer({
      'www.shop.example': { a: ['203.0.113.10'], aaaa: ['2001:db8::10'] },
      'sgtm.shop.example': { cname: 'tagging.cloudhost.example' },
      'tagging.cloudhost.example': { cname: 'edge-7.cloudhost.example' },
      'edge-7.cloudhost.example': { a: ['34.1.2.3'] },
      'loop-a.shop.example': { cname: 'loop-b.shop.example' },
      'loop-b.shop.example': { cname: 'loop-a.shop.example' },
    });
  });
  afterAll(() => dns.close());

  it('follows the CNAME chain and reads the A and AAAA records at its end', async () => {
    const lookup = dnsLookup(dns.address);
    expect(await resolveHost('sgtm.shop.example', lookup)).toEqual({
      host: 'sgtm.shop.example',
      cnames: ['tagging.cloudhost.example', 'edge-7.cloudhost.example'],
      a: ['34.1.2.3'],
      aaaa: [],
    });
    expect(await resolveHost('www.shop.example', lookup)).toEqual({
      host: 'www.shop.example',
      cnames: [],
      a: ['203.0.113.10'],
      aaaa: ['2001:db8::10'],
    });
    expect(dns.questions).toContain('sgtm.shop.example CNAME');
  });

  it('an unknown host, a CNAME loop and an IP literal are answered, never thrown', async () => {
    const lookup = dnsLookup(dns.address);
    expect((await resolveHost('nowhere.shop.example', lookup)).error).toBe('no such host in DNS');
    const loop = await resolveHost('loop-a.shop.example', lookup);
    expect(loop.cnames.length).toBeLessThanOrEqual(10);
    expect(loop.error).toBeDefined();
    expect(await resolveHost('127.0.0.1', lookup)).toMatchObject({ a: ['127.0.0.1'], cnames: [] });
  });

  it('a DNS server that does not answer gives a failure to report, not an exception', async () => {
    const silent = await startDnsServer({});
    await silent.close();
    const records = await resolveHost('www.shop.example', dnsLookup(silent.address));
    expect(records.error).toMatch(/^DNS lookup failed/);
  });
});
