/**
 * The names and rules that cross layers: the browser bundle writes them, the server templates read them, the
 * exporters, the preview and `check` look for them. One home for each, so no layer restates a fact; the sandboxed
 * template fragments (src/sgtm/shared/), which cannot import, hold copies that test/repo/vocabulary.test.ts proves
 * equal to these. This module imports nothing and is the one module every layer may import. The browser bundle imports
it too: the minifier inlines these constants, so it costs the bundle nothing (measured with bench/bytes-by-module.mjs).
 * @packageDocumentation
 */

/** First-party storage keys (cookie and localStorage), shared with Rokt's own web SDK for the ID. */
export const STORAGE_KEYS = {
  /** The Rokt ID. */
  id: 'RoktTransactionId',
  /** When the ID was first seen (ms): the attribution window counts from here and no visit extends it. */
  seen: 'RoktTransactionIdSeen',
  /** The email SHA-256. */
  email: 'RoktEmailSha256',
  /** When the bundle last rewrote its cookies (ms). */
  refreshed: 'RoktTransactionIdRefreshed',
  /** When the identifiers were last cleared (ms): every subdomain drops its copies. */
  cleared: 'RoktTransactionIdCleared',
  /** When the server-side ID Keeper last set the ID cookies (ms); the bundle then leaves them alone. */
  kept: 'RoktTransactionIdKept',
  /** Written and removed at once to find the registrable domain. */
  probe: 'RoktTransactionId_probe',
} as const;

/** The dataLayer event that carries the identifiers. */
export const IDENTITY_EVENT = 'rokt_identity';

/** The two identifiers' names in the dataLayer, in GA4 event parameters (`ep.rtid`) and in sGTM event data. */
export const PARAMETERS = { roktId: 'rtid', emailSha256: 'emailsha256' } as const;

/** URL parameters that carry the Rokt ID on a landing page, in priority order (Rokt's `rtid`, its SDK's `rclid`). */
export const ROKT_ID_URL_PARAMETERS: readonly string[] = ['rtid', 'rclid'];

/** Event data keys the server templates read the Rokt ID from, by default, in order. */
export const DEFAULT_ROKT_ID_KEYS = 'rtid,rclid,passbackconversiontrackingid';

/** The attribution window, in days: the default, and the most any layer accepts (also the longest cookie lifetime). */
export const ATTRIBUTION_DAYS = { default: 90, max: 400 } as const;

/** The Rokt ID rule: 1–100 characters of `A–Z a–z 0–9 . _ ~ -`, after one percent-decoding. */
export const ROKT_ID_PATTERN = /^[A-Za-z0-9._~-]{1,100}$/;

/** An email SHA-256 as every layer writes it: lowercase hex. */
export const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A plausible email address once trimmed and lowercased: any non-space local part of at most 64 characters, a dotted
 * domain, at most 254 characters in all. Deliberately permissive: it refuses garbage, it does not enforce RFC 5321.
 */
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
export const EMAIL_MAX_LENGTH = 254;
