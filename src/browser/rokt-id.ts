/** The Rokt ID rule, shared with the sGTM templates through test/vectors/identifiers.json. */
const ROKT_ID = /^[\w.~-]{1,100}$/;

/** True when `value` is a Rokt ID: 1–100 characters of `[A-Za-z0-9._~-]`. Case is significant and kept. */
export function isRoktId(value: unknown): value is string {
  return typeof value === 'string' && ROKT_ID.test(value);
}

/**
 * The first Rokt ID in a URL, searching in priority order each name in the query (`?rtid`), then each name in the
 * fragment (`#rtid`; hash routers' `#/landing?rtid=…` included). Values are percent-decoded once: a malformed escape
 * stays undecoded and so fails the rule, as does `+` (decoded to a space). Each candidate is logged.
 */
export function findRoktId(
  search: string,
  hash: string,
  names: string[],
  log: (what: string) => void,
): string | undefined {
  const parts = [search, hash.slice(1).split('?').pop()];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < names.length; j++) {
      const value = new URLSearchParams(parts[i]).get(names[j]);
      const valid = isRoktId(value);
      if (value !== null) log((valid ? 'captured ' : 'rejected (invalid ID) ') + (i ? '#' : '?') + names[j]);
      if (valid) return value;
    }
  }
}
