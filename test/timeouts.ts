/**
 * Time-out for the few tests that do real work (a million-byte hash, a property run of hundreds of inputs): they take
 * well under a second alone, but `npm test` runs beside Chromium on a 2-core machine, where vitest's 5 s default was
 * missed. A hang still fails, just later.
 */
export const HEAVY_TEST_TIMEOUT_MS = 120_000;
