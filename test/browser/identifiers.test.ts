// The identifier rules, checked against the vectors the sGTM templates read too, then against any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailSha256 } from '../../src/browser/email';
import { isRoktId, urlCandidates } from '../../src/browser/rokt-id';
import vectors from '../vectors/identifiers.json';

const ID_CHAR = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-';
const validId = fc.string({ unit: fc.constantFrom(...ID_CHAR), minLength: 1, maxLength: 100 });

describe('Rokt ID rule (shared vectors)', () => {
  it.each(vectors.rtid.map((v) => [v.why, v] as const))('%s', (_why, vector) => {
    const [candidate] = urlCandidates(`https://www.shop.test/?rtid=${vector.raw}`, ['rtid']);
    expect(candidate.value).toBe(vector.decoded);
    expect(isRoktId(candidate.value)).toBe(vector.valid);
  });
});

describe('email rule (shared vectors)', () => {
  it.each(vectors.email.map((v) => [v.why, v] as const))('%s', (_why, vector) => {
    expect(emailSha256(vector.input)).toBe(vector.valid ? vector.sha256 : undefined);
  });

  it('refuses what is not a string', () => {
    for (const input of [undefined, null, 42, {}, ['a@b.co']]) expect(emailSha256(input)).toBeUndefined();
  });
});

describe('URL candidates', () => {
  const sources = (href: string) => urlCandidates(href, ['rtid', 'rclid']).map((c) => `${c.source}=${c.value}`);

  it('searches the query names in order, then the fragment', () => {
    expect(sources('https://s.test/p?rclid=B&rtid=A#rtid=C&rclid=D')).toEqual(['rtid=A', 'rclid=B', '#rtid=C', '#rclid=D']);
  });

  it('reads a hash-router fragment such as #/landing?rtid=…', () => {
    expect(sources('https://s.test/#/landing?x=1&rtid=Frag1')).toEqual(['#rtid=Frag1']);
  });

  it('takes the first occurrence of a repeated name', () => {
    expect(sources('https://s.test/?rtid=first&rtid=second')).toEqual(['rtid=first']);
  });

  it('does not match a parameter whose name merely ends in rtid', () => {
    expect(sources('https://s.test/?xrtid=no&rtid_=no')).toEqual([]);
  });

  it('uses configured names', () => {
    expect(urlCandidates('https://s.test/?ref=R1&rtid=A', ['ref']).map((c) => c.value)).toEqual(['R1']);
  });
});

describe('properties', () => {
  it('never throws, whatever the URL', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (query, fragment) => {
        urlCandidates(`https://s.test/?${query}#${fragment}`, ['rtid', 'rclid']);
        return true;
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid ID round-trips byte-exactly through a percent-encoded URL', () => {
    fc.assert(
      fc.property(validId, (id) => {
        const [candidate] = urlCandidates(`https://s.test/?a=1&rtid=${encodeURIComponent(id)}#x`, ['rtid']);
        return candidate.value === id && isRoktId(candidate.value);
      }),
    );
  });

  it('a value with any character outside the rule is never a Rokt ID', () => {
    const outside = fc.string({ unit: 'binary', minLength: 1 }).filter((s) => [...s].some((ch) => !ID_CHAR.includes(ch)));
    fc.assert(fc.property(validId, outside, validId, (a, bad, b) => !isRoktId(a + bad + b)));
  });

  it('longer than 100 characters is never a Rokt ID', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...ID_CHAR), minLength: 101, maxLength: 400 }), (id) => !isRoktId(id)));
  });

  it('email hashing never throws and yields a 64-hex digest or nothing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.emailAddress()), (input) => {
        const digest = emailSha256(input);
        return digest === undefined || /^[0-9a-f]{64}$/.test(digest);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalisation: case and surrounding spaces never change the digest', () => {
    fc.assert(
      fc.property(fc.emailAddress().filter((e) => e.length <= 254), fc.constantFrom('', ' ', '\t', '\n '), (email, pad) => {
        const digest = emailSha256(email);
        return digest !== undefined && emailSha256(pad + email.toUpperCase() + pad) === digest;
      }),
    );
  });
});
