/**
 * The gallery thumbnail: a small PNG drawn in code (a bridge arc over a deck), so the repo holds no binary and the
 * template's `brand.thumbnail` data URI and the packaged `thumbnail.png` are the same bytes.
 */
import { crc32, deflateSync } from 'node:zlib';

const SIZE = 96;
const BACKGROUND = [29, 53, 87];
const FOREGROUND = [241, 250, 238];

function pixel(x: number, y: number): number[] {
  const dx = x - SIZE / 2;
  const dy = y - 64;
  const radius = Math.sqrt(dx * dx + dy * dy);
  const arc = dy <= 0 && radius >= 28 && radius <= 35;
  const deck = y >= 62 && y <= 68 && x >= 10 && x <= SIZE - 10;
  return arc || deck ? FOREGROUND : BACKGROUND;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The thumbnail as PNG bytes (96 × 96, 8-bit RGB). */
export function thumbnailPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, default compression, filter, no interlace
  const rows: number[] = [];
  for (let y = 0; y < SIZE; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < SIZE; x++) rows.push(...pixel(x, y));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
