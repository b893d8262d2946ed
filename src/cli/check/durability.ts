/**
 * Safari durability of cookies set by the server container (the ID Keeper's `RoktTransactionId`): resolves the page's
 * host and the server container's host (CNAME chain, A, AAAA) and applies WebKit's two rules for cookies in the
 * response of a same-site subresource (field notes: WebKit `NetworkTaskCocoa::setCookieTransformForFirstPartyRequest`):
 * - CNAME cloaking defence, Safari 14: the server host is a CNAME whose last target is on another site than the page
 *   (and than the page host's own CNAME target) → cookies capped at 7 days.
 *   https://webkit.org/blog/11338/cname-cloaking-and-bounce-tracking-defense/
 * - Third-party IP addresses, Safari 16.4 (WebKit bug 246477, PR #5347), only when there is no CNAME: the server's
 *   address shares fewer than the first 16 bits (IPv4) / 64 bits (IPv6) with the page's → capped at 7 days.
 *   https://github.com/WebKit/WebKit/pull/5347
 *   https://stape.io/blog/safari-itp-update-limits-cookies-to-7-days-for-responses-from-3rd-party-ips
 * The same host as the page is never capped (same CNAME, same address).
 */
import { Resolver } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** What DNS says about one host. */
export interface HostRecords {
  host: string;
  /** The CNAME chain, in order (empty: the host has A/AAAA records of its own). */
  cnames: string[];
  a: string[];
  aaaa: string[];
  /** Why the host could not be resolved (no such host, no answer from the DNS server). */
  error?: string;
}

/** The three questions the durability check asks DNS. */
export interface DnsLookup {
  cname(host: string): Promise<string[]>;
  a(host: string): Promise<string[]>;
  aaaa(host: string): Promise<string[]>;
}

/** Node's resolver; with `server` (`127.0.0.1:5353`, `[::1]:53`) it asks that DNS server instead of the system's. */
export function dnsLookup(server?: string): DnsLookup {
  const resolver = new Resolver({ timeout: 2000, tries: 2 });
  if (server) resolver.setServers([server]);
  return {
    cname: (host) => resolver.resolveCname(host),
    a: (host) => resolver.resolve4(host),
    aaaa: (host) => resolver.resolve6(host),
  };
}

/** A CNAME chain longer than this is a loop or a mistake; WebKit looks at the last name anyway. */
const MAX_CHAIN = 10;

/** "No record of this type" and "no such name" are answers; anything else (a time-out, a refusal) is a failure. */
const NO_RECORD = new Set(['ENODATA', 'ENOTFOUND']);

/** Resolves `host`: its CNAME chain, then the A and AAAA records at its end. Never throws. */
export async function resolveHost(host: string, dns: DnsLookup): Promise<HostRecords> {
  const bare = host.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family) return { host, cnames: [], a: family === 4 ? [bare] : [], aaaa: family === 6 ? [bare] : [] };
  const records: HostRecords = { host, cnames: [], a: [], aaaa: [] };
  let noSuchHost = false;
  const ask = async (question: Promise<string[]>): Promise<string[]> => {
    try {
      return await question;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!NO_RECORD.has(code)) throw error;
      if (code === 'ENOTFOUND') noSuchHost = true;
      return [];
    }
  };
  try {
    let current = host;
    while (records.cnames.length < MAX_CHAIN) {
      const [target] = await ask(dns.cname(current));
      if (!target || records.cnames.includes(target)) break;
      records.cnames.push(target);
      current = target;
    }
    [records.a, records.aaaa] = await Promise.all([ask(dns.a(host)), ask(dns.aaaa(host))]);
    if (records.a.length === 0 && records.aaaa.length === 0) {
      records.error = noSuchHost ? 'no such host in DNS' : 'no A or AAAA record';
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    records.error = `DNS lookup failed${code ? ` (${code})` : ''}`;
  }
  return records;
}

/** How long Safari keeps a cookie the server container sets. */
export type Lifetime = 'full' | 'seven-days' | 'blocked' | 'unknown';

export interface Durability {
  lifetime: Lifetime;
  /** Why, in one clause: "sgtm.shop.com is a CNAME to edge.cloud.example, another site". */
  reason: string;
}

/** The hosts to compare: the page that sent the hit, and the server container that answered it. */
export interface ServingSetUp {
  pageHost: string;
  /** The page's registrable domain as the browser found it (null: the page is on an IP address or a single label). */
  pageSite: string | null;
  serverHost: string;
  page?: HostRecords;
  server?: HostRecords;
}

/** Whether `host` is `site` or under it. */
function within(host: string, site: string): boolean {
  return host === site || host.endsWith(`.${site}`);
}

/**
 * The registrable domain of a host outside the page's site, approximately: the last two labels, or three under a
 * two-letter country code with a second-level label such as `co.uk`, `com.au`. Used only to compare two CNAME
 * targets; the page's own site comes from the browser, which knows the public suffix list.
 */
export function siteOf(host: string): string {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const countrySecondLevel =
    labels.length > 2 && labels.at(-1)?.length === 2 && /^(co|com|net|org|gov|edu|ac|ne|or)$/.test(labels.at(-2) ?? '');
  return labels.slice(countrySecondLevel ? -3 : -2).join('.');
}

/** Safari's verdict for cookies set by the server container on a page of `setUp.pageHost`; see the module comment. */
export function safariDurability(setUp: ServingSetUp): Durability {
  const { pageHost, serverHost, page, server } = setUp;
  const pageSite = setUp.pageSite ?? pageHost;
  if (serverHost === pageHost)
    return { lifetime: 'full', reason: `the server container answers on the page's own host (${pageHost})` };
  if (!within(serverHost, pageSite)) {
    return {
      lifetime: 'blocked',
      reason: `${serverHost} is not on the page's site (${pageSite}): its cookies are third-party`,
    };
  }
  for (const records of [server, page]) {
    if (!records || records.error) {
      const host = records?.host ?? (records === server ? serverHost : pageHost);
      return { lifetime: 'unknown', reason: `${host} could not be resolved (${records?.error ?? 'not looked up'})` };
    }
  }
  const serverRecords = server as HostRecords;
  const pageRecords = page as HostRecords;
  const target = serverRecords.cnames.at(-1);
  if (target) {
    if (within(target.toLowerCase(), pageSite)) {
      return { lifetime: 'full', reason: `${serverHost} is a CNAME to ${target}, on the page's own site` };
    }
    const pageTarget = pageRecords.cnames.at(-1);
    if (pageTarget && siteOf(pageTarget) === siteOf(target)) {
      return {
        lifetime: 'full',
        reason: `${serverHost} is a CNAME to ${target}, in the same domain as the page host's own CNAME (${pageTarget})`,
      };
    }
    return {
      lifetime: 'seven-days',
      reason: `${serverHost} is a CNAME to ${target}, another site (Safari 14 and later)`,
    };
  }
  // No CNAME: each address family a visitor may use must reach the server from the page's own address range.
  for (const [family, bits, serverAddresses, pageAddresses] of [
    ['ipv4', 16, serverRecords.a, pageRecords.a],
    ['ipv6', 64, serverRecords.aaaa, pageRecords.aaaa],
  ] as const) {
    const label = family === 'ipv4' ? 'IPv4 (A)' : 'IPv6 (AAAA)';
    if (serverAddresses.length === 0 && pageAddresses.length === 0) continue;
    if (serverAddresses.length === 0 || pageAddresses.length === 0) {
      const [has, lacks] = serverAddresses.length ? [serverHost, pageHost] : [pageHost, serverHost];
      return {
        lifetime: 'seven-days',
        reason: `${has} has an ${label} address and ${lacks} none, so a visitor on ${family === 'ipv4' ? 'IPv4' : 'IPv6'} reaches them from different address ranges (Safari 16.4 and later)`,
      };
    }
    const range = new BlockList();
    for (const address of pageAddresses) range.addSubnet(address, bits, family);
    const outside = serverAddresses.find((address) => !range.check(address, family));
    if (outside) {
      return {
        lifetime: 'seven-days',
        reason: `${serverHost} has the address ${outside}, outside the first ${bits} bits of ${pageHost}'s (${pageAddresses.join(', ')}) (Safari 16.4 and later)`,
      };
    }
  }
  const addresses = [...serverRecords.a, ...serverRecords.aaaa].join(', ');
  return {
    lifetime: 'full',
    reason: `${serverHost} has its own A/AAAA record (${addresses}) in ${pageHost}'s address range`,
  };
}
