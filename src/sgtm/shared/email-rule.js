// @uses matches
/*==============================================================================
  Shared: what an email address and a SHA-256 hex digest look like (server and web templates)
==============================================================================*/

const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = '^[^\\s@]{1,64}@[^\\s@.]+(\\.[^\\s@.]+)+$';
const HEX_DIGEST_PATTERN = '^[0-9a-f]{64}$';

function normaliseEmail(text) {
  const email = text.trim().toLowerCase();
  return email.length <= EMAIL_MAX_LENGTH && matches(email, EMAIL_PATTERN) ? email : undefined;
}
