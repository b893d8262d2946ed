// @vitest-environment node
/**
 * The sandboxed template fragments cannot import src/vocabulary, so they hold copies of its names and rules: this test
 * proves every copy equal to the one home. Every other layer imports it, the browser bundle included, and this test
 * fails on a storage key or the identity event typed out again anywhere else in src/.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/browser/config';
import { emailSha256 } from '../../src/browser/email';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY, KEPT_KEY, REFRESHED_KEY, SEEN_KEY } from '../../src/browser/identity';
import { isRoktId } from '../../src/browser/rokt-id';
import { AUDIENCE_API_PODS } from '../../src/formats/rokt-audience-api';
import {
  ATTRIBUTION_DAYS,
  DEFAULT_ROKT_ID_KEYS,
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  IDENTITY_EVENT,
  ROKT_ID_PATTERN,
  ROKT_ID_URL_PARAMETERS,
  SHA256_HEX_PATTERN,
  STORAGE_KEYS,
} from '../../src/vocabulary/index';

const SGTM = fileURLToPath(new URL('../../src/sgtm', import.meta.url));
/** The fragments and each server template's own code.js. */
const FRAGMENT_DIRS = [
  ...['../../src/sgtm/shared', '../../src/web/shared'].map((dir) => fileURLToPath(new URL(dir, import.meta.url))),
  ...readdirSync(SGTM)
    .map((name) => join(SGTM, name))
    .filter((dir) => existsSync(join(dir, 'code.js'))),
];

/** Every top-level `const NAME = <literal>` of the template fragments: name → value (string, number or string list). */
function fragmentConstants(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const dir of FRAGMENT_DIRS.filter((d) => existsSync(d))) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      const program = parse(readFileSync(join(dir, name), 'utf8'), {
        ecmaVersion: 2020,
        allowReturnOutsideFunction: true,
      });
      for (const statement of program.body) {
        if (statement.type !== 'VariableDeclaration') continue;
        for (const declaration of statement.declarations) {
          if (declaration.id.type !== 'Identifier' || !declaration.init) continue;
          const init = declaration.init;
          if (init.type === 'Literal') out.set(declaration.id.name, init.value);
          if (init.type === 'ArrayExpression' && init.elements.every((e) => e?.type === 'Literal'))
            out.set(
              declaration.id.name,
              init.elements.map((e) => (e as { value: unknown }).value),
            );
        }
      }
    }
  }
  return out;
}

/** Every TypeScript or JavaScript file under `dir`. */
function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return codeFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(entry.name) ? [path] : [];
  });
}

/** The code without block comments and whole-line `//` comments, where names are only mentioned. */
const withoutComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');

describe('one home for the names and rules that cross layers', () => {
  const constants = fragmentConstants();
  const fragment = (name: string) => {
    expect(constants.has(name), `a template fragment defines ${name}`).toBe(true);
    return constants.get(name);
  };

  it('the template fragments hold the same storage keys, parameters and window', () => {
    expect(fragment('ROKT_ID_COOKIE')).toBe(STORAGE_KEYS.id);
    expect(fragment('ROKT_ID_SEEN_COOKIE')).toBe(STORAGE_KEYS.seen);
    expect(fragment('ROKT_ID_KEPT_COOKIE')).toBe(STORAGE_KEYS.kept);
    expect(fragment('ROKT_ID_URL_PARAMS')).toEqual(ROKT_ID_URL_PARAMETERS);
    expect(fragment('DEFAULT_ROKT_ID_KEYS')).toBe(DEFAULT_ROKT_ID_KEYS);
    expect(fragment('DEFAULT_ATTRIBUTION_DAYS')).toBe(ATTRIBUTION_DAYS.default);
    expect(fragment('MAX_ATTRIBUTION_DAYS')).toBe(ATTRIBUTION_DAYS.max);
  });

  it("the tag's code holds the same pods as Rokt's contract", () => {
    expect(fragment('AUDIENCE_API_PODS')).toEqual([...AUDIENCE_API_PODS]);
  });

  it('the template fragments hold the same Rokt ID and email rules', () => {
    expect(fragment('ROKT_ID_PATTERN')).toBe(ROKT_ID_PATTERN.source);
    expect(fragment('EMAIL_PATTERN')).toBe(EMAIL_PATTERN.source);
    expect(fragment('EMAIL_MAX_LENGTH')).toBe(EMAIL_MAX_LENGTH);
    expect(fragment('HEX_DIGEST_PATTERN')).toBe(SHA256_HEX_PATTERN.source);
  });

  it('the browser bundle holds the same storage keys and defaults', () => {
    expect([ID_KEY, SEEN_KEY, EMAIL_KEY, REFRESHED_KEY, CLEARED_KEY, KEPT_KEY]).toEqual([
      STORAGE_KEYS.id,
      STORAGE_KEYS.seen,
      STORAGE_KEYS.email,
      STORAGE_KEYS.refreshed,
      STORAGE_KEYS.cleared,
      STORAGE_KEYS.kept,
    ]);
    expect(DEFAULTS.idParams).toEqual(ROKT_ID_URL_PARAMETERS);
    expect(DEFAULTS.attributionDays).toBe(ATTRIBUTION_DAYS.default);
  });

  it('no other module of src/ types a storage key or the identity event again', () => {
    const names = [...Object.values(STORAGE_KEYS), IDENTITY_EVENT];
    const SRC = fileURLToPath(new URL('../../src', import.meta.url));
    const restated: string[] = [];
    for (const file of codeFiles(SRC)) {
      const path = relative(SRC, file);
      // The home itself, and the sandboxed fragments whose copies the tests above compare.
      if (/^(vocabulary|sgtm|web)\//.test(path)) continue;
      const code = withoutComments(readFileSync(file, 'utf8'));
      for (const name of names) if (new RegExp(`['"\`]${name}['"\`]`).test(code)) restated.push(`${path}: ${name}`);
    }
    expect(restated).toEqual([]);
  });

  it("the browser bundle's Rokt ID rule accepts exactly what the vocabulary's does, character by character", () => {
    const candidates = ['', 'x'.repeat(100), 'x'.repeat(101)];
    for (let code = 0; code < 256; code++) candidates.push(`a${String.fromCharCode(code)}b`);
    for (const candidate of candidates) expect(isRoktId(candidate), candidate).toBe(ROKT_ID_PATTERN.test(candidate));
  });

  it("the browser bundle's email rule accepts exactly what the vocabulary's does", () => {
    const local = 'a'.repeat(64);
    const candidates = [
      'someone@example.com',
      'someone@example',
      `${local}@example.com`,
      `${local}a@example.com`,
      `a@${'b'.repeat(240)}.com`,
      `a@${'b'.repeat(250)}.com`,
      'a b@example.com',
      '@example.com',
    ];
    for (const candidate of candidates) {
      const vocabulary = candidate.length <= EMAIL_MAX_LENGTH && EMAIL_PATTERN.test(candidate);
      expect(emailSha256(candidate) !== undefined, candidate).toBe(vocabulary);
    }
  });
});
