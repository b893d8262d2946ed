// Regenerates identifiers.json (expected digests come from Node's crypto): node test/vectors/make-identifiers.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const h = (s) => createHash('sha256').update(s, 'utf8').digest('hex');
const ok = (raw, decoded, why) => ({ raw, decoded, valid: true, why });
const bad = (raw, decoded, why) => ({ raw, decoded, valid: false, why });
const rtid = [
  ok('qjkp3xy7dtf9wvneazc5r2bh8ls1m06g', 'qjkp3xy7dtf9wvneazc5r2bh8ls1m06g', "Rokt's documented 32-character example"),
  ok('45670808', '45670808', 'short numeric ID as in the mParticle SDK fixtures'),
  ok('AbC-123_x.y~Z', 'AbC-123_x.y~Z', 'every allowed punctuation mark; case is kept'),
  ok('a', 'a', 'one character is the minimum'),
  ok('x'.repeat(100), 'x'.repeat(100), '100 characters is the maximum'),
  ok('abc%2Ddef', 'abc-def', 'one percent-decoding is applied'),
  ok('%41bc', 'Abc', 'percent-encoded letter decodes to its case-exact character'),
  bad('', '', 'empty'),
  bad('x'.repeat(101), 'x'.repeat(101), 'longer than 100 characters'),
  bad('abc%252Ddef', 'abc%2Ddef', 'double-encoded: after one decoding a % remains'),
  bad('abc%2', null, 'malformed percent-encoding'),
  bad('abc%zz', null, 'malformed percent-encoding'),
  bad('abc+def', 'abc+def', 'plus sign is not allowed'),
  bad('abc%20def', 'abc def', 'space is not allowed'),
  bad('abc%2Fdef', 'abc/def', 'slash is not allowed'),
  bad('%3Cscript%3E', '<script>', 'markup is not allowed'),
  bad('abc%22def', 'abc"def', 'quote is not allowed'),
  bad('abc%3Bdef', 'abc;def', 'semicolon would split a cookie'),
  bad('abc%3Ddef', 'abc=def', 'equals sign is not allowed'),
  bad('caf%C3%A9', 'café', 'non-ASCII letter is not allowed'),
  bad('abc%00', 'abc\u0000', 'control character is not allowed'),
  bad('{rokt.rclid|}', '{rokt.rclid|}', 'an unexpanded Rokt macro'),
];
const okE = (input, normalised, why) => ({ input, valid: true, sha256: h(normalised), why });
const badE = (input, why) => ({ input, valid: false, sha256: null, why });
const hex = h('someone@example.com');
const email = [
  okE('someone@example.com', 'someone@example.com', 'plain address'),
  okE('  Someone@Example.COM \n', 'someone@example.com', 'trimmed and lowercased before hashing'),
  okE(
    'first.last+tag@sub.example.co.uk',
    'first.last+tag@sub.example.co.uk',
    'dots and plus tags are kept (no provider-specific rules)',
  ),
  okE('Jörg@Beispiel.de', 'jörg@beispiel.de', 'non-ASCII is hashed as UTF-8'),
  { input: hex, valid: true, sha256: hex, why: 'a 64-hex digest passes through' },
  { input: hex.toUpperCase(), valid: true, sha256: hex, why: 'an upper-case 64-hex digest passes through lowercased' },
  { input: ` ${hex} `, valid: true, sha256: hex, why: 'a digest is trimmed too' },
  badE('', 'empty: never hash an empty string'),
  badE('   ', 'blank'),
  badE('someone', 'no @'),
  badE('someone@', 'no domain'),
  badE('@example.com', 'no local part'),
  badE('some one@example.com', 'space inside'),
  badE('someone@@example.com', 'two @'),
  badE('someone@example', 'domain without a dot'),
  badE('someone@example.', 'empty last label'),
  badE('someone@.example.com', 'empty first label'),
  badE(hex.slice(0, 63), '63 hex characters is neither a digest nor an email'),
  badE(`${'a'.repeat(65)}@example.com`, 'local part longer than 64 characters'),
  badE(`a@${'b'.repeat(250)}.com`, 'longer than 254 characters'),
];
// Server only: GA4 and Google Ads may carry a SHA-256 as base64 or base64url; the sGTM templates convert it to hex.
const b64 = Buffer.from(hex, 'hex').toString('base64');
const b64url = Buffer.from(hex, 'hex').toString('base64url');
const emailDigestServer = [
  { input: b64, sha256: hex, why: 'base64 with padding' },
  { input: b64.slice(0, 43), sha256: hex, why: 'base64 without padding' },
  { input: b64url, sha256: hex, why: 'base64url (always unpadded here)' },
  { input: ` ${b64url} `, sha256: hex, why: 'a base64url digest is trimmed too' },
  { input: `${b64.slice(0, 42)}t`, sha256: null, why: 'non-canonical: the last digit sets bits beyond 32 bytes' },
  { input: `${b64.slice(0, 43)}A`, sha256: null, why: '44 characters without padding is 33 bytes, not a digest' },
  { input: b64.slice(0, 42), sha256: null, why: '42 characters is too short for a digest' },
  { input: `${b64.slice(0, 42)}==`, sha256: null, why: 'two padding characters mean 31 bytes' },
];
writeFileSync(
  new URL('./identifiers.json', import.meta.url),
  `${JSON.stringify(
    {
      $comment:
        'Shared by the browser tests and the sGTM template tests. rtid: raw = as it appears in a URL, decoded = after exactly one percent-decoding (null when that fails), valid = the Rokt ID rule: 1-100 characters of [A-Za-z0-9._~-] after one decoding. email: sha256 = lowercase hex of the trimmed, lowercased address, or the digest itself lowercased. emailDigestServer (sGTM only): a base64/base64url SHA-256 digest and its hex, or null when it is not one.',
      rtid,
      email,
      emailDigestServer,
    },
    null,
    2,
  )}\n`,
);
