/**
 * Synchronous SHA-256 of a string's UTF-8 bytes, as lowercase hex (FIPS 180-4).
 *
 * Why not `crypto.subtle.digest`: it is async and missing on plain-http pages, so a conversion pushed right after
 * `setEmail()` could leave without the hash. Written for bytes, not speed (it hashes one email per page):
 * - the 64 round constants and 8 initial values are derived at first use from the cube and square roots of the first
 *   64 primes (§4.2.2, §5.3.3) instead of being shipped as 72 literals;
 * - the working variables a…h live in one array `v`: `unshift` of the new `a` shifts every other one down a place,
 *   and `e` is then fixed up, which is the whole round's variable rotation in two statements (the old `h` falls off
 *   the end of the eight read, so it is not even popped).
 */
const K: number[] = [];
const H: number[] = [];

/** Rotate right: `x` shifted right by `n`, the bits that fall off coming back in at the top. */
// `<< -n` is `<< (32 - n)`: shift counts are taken mod 32.
const rotate = (x: number, n: number) => (x >>> n) | (x << -n);

export function sha256Hex(text: string): string {
  let i = 0;
  let n: number;
  // 2^32 · fractional part of a prime's square or cube root, truncated to 32 bits.
  for (n = 2; !K[63]; n++) {
    let d = 2;
    while (n % d) d++;
    if (d === n) {
      H[i] = (Math.sqrt(n) * 0x100000000) | 0;
      K[i++] = (n ** (1 / 3) * 0x100000000) | 0;
    }
  }
  // One char per UTF-8 byte, then the 0x80 end marker (throws on lone surrogates: callers treat that as invalid).
  const bytes = unescape(encodeURIComponent(text)) + '\x80';
  const words: number[] = [];
  for (i = 0; i < bytes.length; i++) words[i >> 2] |= bytes.charCodeAt(i) << ((~i & 3) * 8);
  // Whole 64-byte blocks with room for the 64-bit length, whose low word (bits) ends the last block.
  words[(((bytes.length + 7) >> 6) << 4) + 15] = (bytes.length - 1) * 8;

  const hash = H.slice(0, 8);
  while (words.length) {
    const w = words.splice(0, 16);
    // a…h are v[0]…v[7]; v grows by one word a round, and only its first eight are ever read.
    const v = hash.slice();
    for (i = 0; i < 64; i++) {
      const x = w[i - 15];
      const y = w[i - 2];
      const a = v[0];
      const e = v[4];
      // Words past the message are undefined in `words`: `| 0` makes them the zero padding.
      const t1 =
        v[7] +
        (rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)) +
        // Ch(e, f, g) and, below, Maj(a, b, c) in their one-operator-shorter forms.
        (v[6] ^ (e & (v[5] ^ v[6]))) +
        K[i] +
        (w[i] =
          i < 16
            ? w[i] | 0
            : ((rotate(x, 7) ^ rotate(x, 18) ^ (x >>> 3)) +
                w[i - 7] +
                (rotate(y, 17) ^ rotate(y, 19) ^ (y >>> 10)) +
                w[i - 16]) |
              0);
      v.unshift((t1 + (rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)) + ((a & v[1]) ^ (v[2] & (a ^ v[1])))) | 0);
      v[4] = (v[4] + t1) | 0;
    }
    // Unsigned, for the hex below; the rounds' bitwise operators read either sign alike.
    for (i = 0; i < 8; i++) hash[i] = (hash[i] + v[i]) >>> 0;
  }
  let hex = '';
  // 2^32 added makes every word nine hex digits, the first a 1 to drop: zero-padded for free.
  for (i = 0; i < 8; i++) hex += (hash[i] + 0x100000000).toString(16).slice(1);
  return hex;
}
