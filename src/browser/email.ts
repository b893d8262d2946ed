import { sha256Hex } from './sha256.js';

const SHA256_HEX = /^[0-9a-f]{64}$/;
// Deliberately permissive (any non-space local part, a dotted domain): the goal is to refuse garbage, not to
// enforce RFC 5321. The sGTM variable template applies the same rule (test/vectors/identifiers.json). The lookahead
// caps the whole address at 254 characters (`.` misses only line breaks, which `[^\s@]` refuses anyway).
const EMAIL = /^(?=.{1,254}$)[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * The lowercase-hex SHA-256 of a normalised (trimmed, lowercased) email address, or `undefined` when `input` is
 * neither a plausible email nor a SHA-256 hex digest. A digest passes through lowercased: never hashed twice.
 * An empty string is never hashed.
 */
export function emailSha256(input: unknown): string | undefined {
  if (typeof input !== 'string') return;
  const email = input.trim().toLowerCase();
  if (SHA256_HEX.test(email)) return email;
  if (!EMAIL.test(email)) return;
  try {
    return sha256Hex(email);
  } catch {
    // A lone UTF-16 surrogate cannot be encoded as UTF-8: not an address anyone can type.
  }
}
