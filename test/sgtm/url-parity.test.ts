// @vitest-environment node
/**
 * The server templates read a Rokt ID from `page_location` exactly as the bundle reads it from `location`: the same
 * verdict for thousands of generated URLs built from the shared vectors, with encoded parameter names, repeated and
 * empty parameters, junk around them, and IDs in the query, the fragment or a hash route's query.
 */
import fc from 'fast-check';
import { loadTpl, runTemplate } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { findRoktId } from '../../src/browser/rokt-id';
import vectors from '../vectors/identifiers.json';
import { VARIABLE_TPL } from './fixtures';

const variable = loadTpl(VARIABLE_TPL);
const NAMES = [
  'rtid',
  'rclid',
  '%72tid',
  'rt%69d',
  '%52tid',
  '%72%63%6C%69%64',
  'RTID',
  'rtid+',
  'r+tid',
  'rtid%',
  'xrtid',
  '',
  'utm_source',
];
const VALUES = [...vectors.rtid.map((v) => v.raw), '', 'abc%zz', 'a+b', '%2B', 'x'.repeat(101), 'new%2Dclick'];

const pair = fc
  .tuple(fc.constantFrom(...NAMES), fc.constantFrom(...VALUES), fc.boolean())
  .map(([name, value, bare]) => (bare && value === '' ? name : `${name}=${value}`));
const query = fc.array(pair, { maxLength: 4 }).map((pairs) => pairs.join('&'));
const url = fc
  .tuple(query, fc.constantFrom('', '#', '#/landing?', '#x=1&'), query, fc.boolean())
  .map(([search, fragmentStart, fragment, withSearch]) => {
    const hash = fragmentStart === '' ? '' : `${fragmentStart}${fragment}`;
    return new URL(`https://www.shop.test/landing${withSearch ? `?${search}` : ''}${hash}`).href;
  });

// Fuzz: fast-check's generated URLs, each judged by the bundle's code and the template; GTM's test API has neither.
describe('URL parity between the bundle and the server templates', () => {
  it('the same Rokt ID (or none) for every generated page_location', async () => {
    const urls = fc.sample(url, { numRuns: 1500, seed: 20261206 });
    const mismatches: string[] = [];
    for (const href of urls) {
      const parsed = new URL(href);
      const bundle = findRoktId(parsed.search, parsed.hash, ['rtid', 'rclid'], () => {});
      const run = await runTemplate(variable, {
        data: { output: 'roktId', roktIdKeys: 'none' },
        eventData: { page_location: href },
      });
      if (run.value !== bundle) mismatches.push(`${href}: bundle ${bundle}, server ${String(run.value)}`);
    }
    expect(mismatches).toEqual([]);
    // The sample exercised the interesting cases, not only URLs without an ID.
    const found = urls.filter((href) => {
      const parsed = new URL(href);
      return findRoktId(parsed.search, parsed.hash, ['rtid', 'rclid'], () => {}) !== undefined;
    });
    expect(found.length).toBeGreaterThan(urls.length / 5);
    expect(
      urls.some((href) => href.includes('%72tid=') && findRoktId(new URL(href).search, '', ['rtid'], () => {})),
    ).toBe(true);
  }, 120_000);
});
