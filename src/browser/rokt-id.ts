import { ROKT_ID_PATTERN } from '../vocabulary/index.js';

/** True when `value` is a Rokt ID: 1–100 characters of `[A-Za-z0-9._~-]`. Case is significant and kept. */
export function isRoktId(value: unknown): value is string {
  return typeof value === 'string' && ROKT_ID_PATTERN.test(value);
}

/**
 * The first Rokt ID in a URL, searching in priority order each name in the query (`?rtid`), then each name in the
 * fragment (`#rtid`; hash routers' `#/landing?rtid=…` included, whose query starts at the fragment's first `?`, so a
 * later `?` inside a value such as `next=/cart?step=2` does not hide it). A name given more than once yields its first
 * value that passes the rule (`?rtid=&rtid=real1` gives `real1`). Values are percent-decoded once: a malformed escape
 * stays undecoded and so fails the rule, as does `+` (decoded to a space). Each candidate is logged.
 */
export function findRoktId(
  search: string,
  hash: string,
  names: string[],
  log: (what: string) => void,
): string | undefined {
  const fragment = hash.slice(1);
  const parts = [search, fragment.slice(fragment.indexOf('?') + 1)];
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < names.length; j++) {
      const values = new URLSearchParams(parts[i]).getAll(names[j]);
      for (let k = 0; k < values.length; k++) {
        const valid = isRoktId(values[k]);
        log((valid ? 'captured ' : 'rejected (invalid ID) ') + (i ? '#' : '?') + names[j]);
        if (valid) return values[k];
      }
    }
  }
}
