// @vitest-environment node
/**
 * The layers of src/ and the only arrows allowed between them (CONTRIBUTING.md draws the same diagram). A folder may
 * import itself and the folders listed for it; anything else, and any cycle between folders, fails here.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Each top-level folder of src/ and the folders it may import. Bottom first. */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  vocabulary: [],
  browser: ['vocabulary'],
  sgtm: [],
  web: [],
  formats: ['vocabulary'],
  sandbox: ['formats', 'vocabulary'],
  'gtm-export': ['formats', 'vocabulary', 'sgtm'],
  preview: ['browser', 'formats', 'gtm-export', 'sandbox', 'vocabulary'],
  cli: ['formats', 'sandbox', 'vocabulary'],
};

/** Relative module specifiers of a file: static and dynamic imports and re-exports. */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const match of text.matchAll(pattern)) found.push(match[2]!);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.mts') ? [path] : [];
  });
}

/** `from → to` for every import that leaves its own top-level folder of src/. */
function crossFolderImports(): { from: string; to: string; file: string }[] {
  const out: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split('/')[0]!;
    for (const spec of relativeImports(readFileSync(file, 'utf8'))) {
      const target = relative(SRC, resolve(dirname(file), spec));
      const to = target.split('/')[0]!;
      if (target.startsWith('..')) out.push({ from, to: `outside src (${spec})`, file: relative(SRC, file) });
      else if (to !== from) out.push({ from, to, file: relative(SRC, file) });
    }
  }
  return out;
}

describe('the layers of src/', () => {
  it('names every top-level folder of src/', () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    expect(folders.filter((folder) => !(folder in ALLOWED_IMPORTS))).toEqual([]);
  });

  it('has only the allowed arrows between folders', () => {
    const wrong = crossFolderImports()
      .filter(({ from, to }) => !(ALLOWED_IMPORTS[from] ?? []).includes(to))
      .map(({ from, to, file }) => `${file}: ${from} → ${to}`);
    expect(wrong).toEqual([]);
  });

  it('is the diagram CONTRIBUTING.md draws', () => {
    const contributing = readFileSync(fileURLToPath(new URL('../../CONTRIBUTING.md', import.meta.url)), 'utf8');
    const drawn: Record<string, string[]> = {};
    for (const match of contributing.matchAll(/^([\w-]+) +─> ([\w, -]+?) {2,}\(/gm)) {
      drawn[match[1]!] = match[2] === 'nothing' ? [] : match[2]!.split(', ').sort();
    }
    const allowed = Object.fromEntries(Object.entries(ALLOWED_IMPORTS).map(([k, v]) => [k, [...v].sort()]));
    expect(drawn).toEqual(allowed);
  });

  it('has no cycle: the allowed arrows themselves point downwards only', () => {
    const order = Object.keys(ALLOWED_IMPORTS);
    for (const [from, targets] of Object.entries(ALLOWED_IMPORTS)) {
      for (const to of targets) expect(order.indexOf(to), `${from} → ${to}`).toBeLessThan(order.indexOf(from));
    }
  });

  it('finds every kind of import it must judge, so a wrong arrow cannot hide', () => {
    const text = [
      "import { a } from '../browser/a.js';",
      "export { b } from '../formats/b.js';",
      "import type { C } from './c.js';",
      "const d = await import('../preview/d.js');",
      "import '../sandbox/e.js';",
      "import { f } from 'node:fs';",
    ].join('\n');
    expect(relativeImports(text)).toEqual([
      '../browser/a.js',
      '../formats/b.js',
      './c.js',
      '../preview/d.js',
      '../sandbox/e.js',
    ]);
  });
});
