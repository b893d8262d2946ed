/**
 * Synchronous SHA-256 of a string's UTF-8 bytes, as lowercase hex.
 *
 * Why not `crypto.subtle.digest`: it is async and missing on plain-http pages, so a conversion pushed right after
 * `setEmail()` could leave without the hash. This is the smallest correct implementation we know: the 64 round
 * constants and 8 initial hash values are derived at first use from the cube and square roots of the first 64
 * primes (FIPS 180-4 §4.2.2, §5.3.3) instead of being shipped as 72 literals.
 */
const K: number[] = [];
const H: number[] = [];

function deriveConstants(): void {
  // 2^32 · fractional part, truncated to 32 bits.
  const frac = (x: number) => ((x - Math.floor(x)) * 0x100000000) | 0;
  for (let n = 2, found = 0; found < 64; n++) {
    let d = 2;
    while (n % d) d++;
    if (d === n) {
      if (found < 8) H[found] = frac(Math.sqrt(n));
      K[found++] = frac(Math.pow(n, 1 / 3));
    }
  }
}

/** Lowercase hex SHA-256 of `text` encoded as UTF-8. */
export function sha256Hex(text: string): string {
  if (!K.length) deriveConstants();
  // UTF-16 → one char per UTF-8 byte (throws on lone surrogates, which callers treat as invalid input).
  const bytes = unescape(encodeURIComponent(text));
  const length = bytes.length;
  const words: number[] = [];
  let i: number;
  for (i = 0; i < length; i++) words[i >> 2] |= bytes.charCodeAt(i) << ((~i & 3) * 8);
  words[length >> 2] |= 0x80 << ((~length & 3) * 8);
  // Pad to a whole number of 64-byte blocks; the last word holds the length in bits (inputs stay far below 512 MB).
  const total = (((length + 8) >> 6) + 1) * 16;
  words[total - 1] = length * 8;

  const hash = H.slice();
  const w: number[] = [];
  for (let block = 0; block < total; block += 16) {
    let [a, b, c, d, e, f, g, h] = hash;
    for (i = 0; i < 64; i++) {
      if (i < 16) w[i] = words[block + i] | 0;
      else {
        const x = w[i - 15];
        const y = w[i - 2];
        w[i] =
          (((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)) +
          w[i - 7] +
          (((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)) +
          w[i - 16];
      }
      const t1 =
        h +
        (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) +
        ((e & f) ^ (~e & g)) +
        K[i] +
        (w[i] |= 0);
      const t2 = (((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    const next = [a, b, c, d, e, f, g, h];
    for (i = 0; i < 8; i++) hash[i] = (hash[i] + next[i]) | 0;
  }
  let hex = '';
  for (i = 0; i < 8; i++) hex += ((hash[i] >>> 0) + 0x100000000).toString(16).slice(1); // 1 followed by 8 hex digits: zero-padded
  return hex;
}
