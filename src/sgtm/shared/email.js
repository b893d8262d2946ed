// @uses firstOf, matches, toText
const getEventData = require('getEventData');
const Math = require('Math');
const sha256Sync = require('sha256Sync');

// @include email-rule.js

/*==============================================================================
  Shared: the email SHA-256 (the browser bundle's rule, test/vectors/identifiers.json)
==============================================================================*/

const EMAIL_KEYS = [
  'emailsha256',
  'user_data.sha256_email_address',
  'user_data.email_address',
  'user_data.email',
  'email',
];
const RAW_EMAIL_KEYS = ['user_data.email_address', 'user_data.email', 'email'];
// 32 bytes are 43 base64 digits (+ one '=' of padding); base64url swaps '+/' for '-_'.
const BASE64_DIGEST_PATTERN = '^[A-Za-z0-9+/_-]{43}=?$';
const BASE64_DIGEST_DIGITS = 43;
const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX_ALPHABET = '0123456789abcdef';

function findEmailSha256() {
  for (let i = 0; i < EMAIL_KEYS.length; i++) {
    const digest = normaliseEmailSha256(getEventData(EMAIL_KEYS[i]));
    if (digest) return digest;
  }
  return undefined;
}

function findRawEmail() {
  for (let i = 0; i < RAW_EMAIL_KEYS.length; i++) {
    const text = toText(firstOf(getEventData(RAW_EMAIL_KEYS[i])));
    const email = text !== undefined ? normaliseEmail(text) : undefined;
    if (email) return email;
  }
  return undefined;
}

// Never hashes a digest again: hex passes through, base64 is re-encoded, only an address is hashed.
function normaliseEmailSha256(value) {
  const text = toText(firstOf(value));
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (matches(trimmed.toLowerCase(), HEX_DIGEST_PATTERN)) return trimmed.toLowerCase();
  if (matches(trimmed, BASE64_DIGEST_PATTERN)) return base64DigestToHex(trimmed);
  const email = normaliseEmail(trimmed);
  return email ? sha256Sync(email, { outputEncoding: 'hex' }) : undefined;
}

function base64DigestToHex(text) {
  const digits = text.split('-').join('+').split('_').join('/');
  let hex = '';
  let carry = 0;
  let carryBits = 0;
  for (let i = 0; i < BASE64_DIGEST_DIGITS; i++) {
    carry = carry * 64 + BASE64_ALPHABET.indexOf(digits.charAt(i));
    carryBits += 6;
    while (carryBits >= 4) {
      carryBits -= 4;
      const scale = Math.pow(2, carryBits);
      const nibble = Math.floor(carry / scale);
      hex += HEX_ALPHABET.charAt(nibble);
      carry -= nibble * scale;
    }
  }
  // 43 digits carry 258 bits: the last 2 are zero in the one canonical encoding of 32 bytes.
  return carry === 0 ? hex : undefined;
}
