import { EMAIL_MAX_LENGTH, EMAIL_PATTERN, SHA256_HEX_PATTERN } from '../vocabulary/index.js';
import { sha256Hex } from './sha256.js';

/**
 * The lowercase-hex SHA-256 of a normalised (trimmed, lowercased) email address, or `undefined` when `input` is
 * neither a plausible email nor a SHA-256 hex digest. A digest passes through lowercased: never hashed twice.
 * An empty string is never hashed.
 */
export function emailSha256(input: unknown): string | undefined {
  if (typeof input !== 'string') return;
  const email = input.trim().toLowerCase();
  if (SHA256_HEX_PATTERN.test(email)) return email;
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) return;
  try {
    return sha256Hex(email);
  } catch {
    // A lone UTF-16 surrogate cannot be encoded as UTF-8: not an address anyone can type.
  }
}
