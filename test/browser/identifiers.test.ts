// The identifier rules, checked against the vectors the sGTM templates read too, then against any input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emailSha256 } from '../../src/browser/email';
import { findRoktId, isRoktId } from '../../src/browser/rokt-id';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';
import vectors from '../vectors/identifiers.json';

const ID_CHAR = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-';
const validId = fc.string({ unit: fc.constantFrom(...ID_CHAR), minLength: 1, maxLength: 100 });

describe('Rokt ID rule (shared vectors)', () => {
  it.each(vectors.rtid.map((v) => [v.why, v] as const))('%s', (_why, vector) => {
    expect(findRoktId(`?rtid=${vector.raw}`, '', ['rtid'], () => {})).toBe(vector.valid ? vector.decoded : undefined);
    expect(isRoktId(vector.decoded)).toBe(vector.valid);
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

describe('findRoktId', () => {
  /** The candidates looked at, in order, as the debug log names them. */
  const looked = (search: string, hash: string) => {
    const lines: string[] = [];
    const id = findRoktId(search, hash, ['rtid', 'rclid'], (line) => lines.push(line));
    return { id, lines };
  };

  it('takes the query rtid first', () => {
    expect(looked('?rclid=B&rtid=A', '#rtid=C').id).toBe('A');
  });

  it('falls back to the query rclid, then the fragment rtid, then the fragment rclid', () => {
    expect(looked('?rclid=B', '#rtid=C').id).toBe('B');
    expect(looked('?x=1', '#rtid=C&rclid=D').id).toBe('C');
    expect(looked('', '#rclid=D').id).toBe('D');
  });

  it('skips an invalid candidate, says why, and takes the next valid one', () => {
    expect(looked('?rtid=bad%20id&rclid=Good', '')).toEqual({
      id: 'Good',
      lines: ['rejected (invalid ID) ?rtid', 'captured ?rclid'],
    });
  });

  it('reads a hash-router fragment such as #/landing?rtid=…', () => {
    expect(looked('', '#/landing?x=1&rtid=Frag1').id).toBe('Frag1');
  });

  it('takes the first occurrence of a repeated name', () => {
    expect(looked('?rtid=first&rtid=second', '').id).toBe('first');
  });

  it("a fragment route's query starts at its first ?, whatever a later value holds", () => {
    expect(looked('', '#/landing?rtid=abc123&next=/cart?step=2').id).toBe('abc123');
    expect(looked('', '#/landing?next=/cart?rtid=no&rtid=yes').id).toBe('yes');
  });

  it('a repeated name gives its first value that passes the rule, each rejection logged', () => {
    expect(looked('?rtid=&rtid=real1', '')).toEqual({
      id: 'real1',
      lines: ['rejected (invalid ID) ?rtid', 'captured ?rtid'],
    });
    expect(looked('?rtid=bad%20one&rtid=', '#rtid=frag2').id).toBe('frag2');
  });

  it('does not match a parameter whose name merely contains rtid', () => {
    expect(looked('?xrtid=no&rtid_=no', '')).toEqual({ id: undefined, lines: [] });
  });

  it('uses configured names', () => {
    expect(findRoktId('?ref=R1&rtid=A', '', ['ref'], () => {})).toBe('R1');
  });
});

describe('properties', () => {
  it('never throws and yields only valid IDs, whatever the URL', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (query, fragment) => {
        const id = findRoktId(`?${query}`, `#${fragment}`, ['rtid', 'rclid'], () => {});
        return id === undefined || isRoktId(id);
      }),
      { numRuns: 1000 },
    );
  });

  it('a valid ID round-trips byte-exactly through a percent-encoded URL', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(validId, (id) => findRoktId(`?a=1&rtid=${encodeURIComponent(id)}`, '#x', ['rtid'], () => {}) === id),
    );
  });

  it('a value with any character outside the rule is never a Rokt ID', () => {
    const outside = fc
      .string({ unit: 'binary', minLength: 1 })
      .filter((s) => [...s].some((ch) => !ID_CHAR.includes(ch)));
    fc.assert(fc.property(validId, outside, validId, (a, bad, b) => !isRoktId(a + bad + b)));
  });

  it('longer than 100 characters is never a Rokt ID', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...ID_CHAR), minLength: 101, maxLength: 400 }),
        (id) => !isRoktId(id),
      ),
    );
  });

  it('email hashing never throws and yields a 64-hex digest or nothing', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.emailAddress()), (input) => {
        const digest = emailSha256(input);
        return digest === undefined || /^[0-9a-f]{64}$/.test(digest);
      }),
      { numRuns: 1000 },
    );
  });

  it('normalisation: case and surrounding spaces never change the digest', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    fc.assert(
      fc.property(
        fc.emailAddress().filter((e) => e.length <= 254),
        fc.constantFrom('', ' ', '\t', '\n '),
        (email, pad) => {
          const digest = emailSha256(email);
          return digest !== undefined && emailSha256(pad + email.toUpperCase() + pad) === digest;
        },
      ),
    );
  });
});
