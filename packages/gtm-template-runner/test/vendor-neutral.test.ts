// The runner is for every template author: nothing in the package (its sources, tests, docs, manifest, and the build
// it ships when one exists) names the project it was written for. The name is spelled as a pattern so that this file
// does not contain it either.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const VENDOR = /r[o]kt/i;

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' ? [] : files(join(path, name))));
}

describe('the package is vendor-neutral', () => {
  const all = files(PACKAGE);

  it('looks at its sources, tests, README, manifest and (when built) dist/', () => {
    const names = all.map((file) => relative(PACKAGE, file));
    for (const expected of ['package.json', 'README.md', 'LICENSE', 'src/index.ts', 'test/rules.test.ts']) {
      expect(names).toContain(expected);
    }
    if (existsSync(join(PACKAGE, 'dist'))) expect(names).toContain('dist/index.js');
  });

  it('names no vendor in any file, nor in any file name', () => {
    const hits = all.flatMap((file) => {
      const name = relative(PACKAGE, file);
      const lines = readFileSync(file, 'utf8').split('\n');
      const inText = lines.flatMap((line, index) =>
        VENDOR.test(line) ? [`${name}:${index + 1}: ${line.trim()}`] : [],
      );
      return VENDOR.test(name) ? [name, ...inText] : inText;
    });
    expect(hits).toEqual([]);
  });

  it('the pattern finds the name in any case', () => {
    const name = ['r', 'o', 'k', 't'].join('');
    const spellings = [name.toUpperCase(), name[0]!.toUpperCase() + name.slice(1), `x${name}x`];
    expect(spellings.filter((text) => !VENDOR.test(text))).toEqual([]);
  });
});
