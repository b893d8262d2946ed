/** The Rokt ID rule, shared with the sGTM templates through test/vectors/identifiers.json. */
const ROKT_ID = /^[\w.~-]{1,100}$/;

/** True when `value` is a Rokt ID: 1–100 characters of `[A-Za-z0-9._~-]`. Case is significant and kept. */
export function isRoktId(value: unknown): value is string {
  return typeof value === 'string' && ROKT_ID.test(value);
}

/** A candidate found in the URL: where it came from and its value after exactly one percent-decoding. */
export interface UrlCandidate {
  /** `name` or `#name` (fragment). */
  source: string;
  /** Decoded value, or `null` when the percent-encoding is malformed. */
  value: string | null;
}

/**
 * Every occurrence of the ID parameters in `href`, in priority order: each name in the query, then each name in the
 * fragment (hash routers such as `#/landing?rtid=…` included). Only the first occurrence of a name per part counts.
 */
export function urlCandidates(href: string, names: string[]): UrlCandidate[] {
  const hashAt = href.indexOf('#');
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const parts: [string, string[]][] = [
    ['', queryAt < 0 ? [] : beforeHash.slice(queryAt + 1).split('&')],
    ['#', hashAt < 0 ? [] : href.slice(hashAt + 1).split(/[?&]/)],
  ];
  const found: UrlCandidate[] = [];
  for (const [prefix, pairs] of parts) {
    for (const name of names) {
      for (const pair of pairs) {
        if (pair.slice(0, name.length + 1) === `${name}=`) {
          found.push({ source: prefix + name, value: decodeOnce(pair.slice(name.length + 1)) });
          break;
        }
      }
    }
  }
  return found;
}

function decodeOnce(raw: string): string | null {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}
