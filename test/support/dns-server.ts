/**
 * A tiny DNS server for tests: UDP on 127.0.0.1 (port 0), answering A, AAAA and CNAME questions from a fixed zone in
 * the real wire format (RFC 1035 §4; AAAA: RFC 3596), as a recursive resolver would: a question for a name that is a
 * CNAME gets the chain followed by the records of its end. Unknown names get NXDOMAIN; a known name without records
 * of the asked type gets an empty answer. Every question is recorded, so a test can tell what was asked.
 */
import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

/** One name's records. */
export interface ZoneEntry {
  cname?: string;
  a?: string[];
  aaaa?: string[];
}

export interface DnsServer {
  /** `127.0.0.1:<port>`, as `Resolver.setServers` and the check's `--dns-server` take it. */
  address: string;
  /** Every question asked, as `<name> <type>` (`www.shop.test A`). */
  questions: string[];
  close(): Promise<void>;
}

const TYPE = { A: 1, CNAME: 5, AAAA: 28 } as const;
const TYPE_NAME: Record<number, string> = { 1: 'A', 5: 'CNAME', 28: 'AAAA' };

export async function startDnsServer(zone: Record<string, ZoneEntry>): Promise<DnsServer> {
  const records = new Map(Object.entries(zone).map(([name, entry]) => [name.toLowerCase(), entry]));
  const questions: string[] = [];
  const socket = createSocket('udp4');
  socket.on('message', (query, peer) => {
    const answer = respond(query, records, questions);
    if (answer) socket.send(answer, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    questions,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

function respond(query: Buffer, zone: Map<string, ZoneEntry>, questions: string[]): Buffer | undefined {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return undefined;
  const { name, end } = readName(query, 12);
  const type = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  questions.push(`${name} ${TYPE_NAME[type] ?? type}`);

  const answers: Buffer[] = [];
  let current = name.toLowerCase();
  const seen = new Set<string>();
  let entry = zone.get(current);
  // Follow the chain as a recursive resolver does, unless the CNAME itself is asked for.
  while (entry?.cname && type !== TYPE.CNAME && !seen.has(current)) {
    seen.add(current);
    answers.push(record(current, TYPE.CNAME, encodeName(entry.cname)));
    current = entry.cname.toLowerCase();
    entry = zone.get(current);
  }
  if (type === TYPE.CNAME && entry?.cname) answers.push(record(current, TYPE.CNAME, encodeName(entry.cname)));
  if (type === TYPE.A) for (const ip of entry?.a ?? []) answers.push(record(current, TYPE.A, ipv4(ip)));
  if (type === TYPE.AAAA) for (const ip of entry?.aaaa ?? []) answers.push(record(current, TYPE.AAAA, ipv6(ip)));

  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // the query's ID
  // QR (answer), the query's RD bit, RA; RCODE 3 (NXDOMAIN) when the asked name is not in the zone at all.
  const known = zone.has(name.toLowerCase());
  header.writeUInt16BE(0x8080 | (query.readUInt16BE(2) & 0x0100) | (known ? 0 : 3), 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, question, ...answers]);
}

function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let at = offset;
  while (message[at] !== 0) {
    const length = message[at];
    labels.push(message.toString('latin1', at + 1, at + 1 + length));
    at += 1 + length;
  }
  return { name: labels.join('.'), end: at + 1 };
}

function encodeName(name: string): Buffer {
  const parts = name
    .replace(/\.$/, '')
    .split('.')
    .map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'latin1')]));
  return Buffer.concat([...parts, Buffer.from([0])]);
}

function record(name: string, type: number, data: Buffer): Buffer {
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(type, 0);
  fixed.writeUInt16BE(1, 2); // class IN
  fixed.writeUInt32BE(60, 4); // TTL
  fixed.writeUInt16BE(data.length, 8);
  return Buffer.concat([encodeName(name), fixed, data]);
}

function ipv4(address: string): Buffer {
  return Buffer.from(address.split('.').map(Number));
}

function ipv6(address: string): Buffer {
  const [head, tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array(8 - front.length - back.length).fill('0'), ...back];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => {
    bytes.writeUInt16BE(Number.parseInt(group, 16), i * 2);
  });
  return bytes;
}
