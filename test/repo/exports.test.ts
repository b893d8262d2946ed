// @vitest-environment node
/**
 * A value exported from a module of src/ (the bridge's, or a workspace package's) is used by another file (src, tests,
 * scripts, the build); one used only in its own file is not exported, so a module's exports say what it offers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEARCHED = ['src', 'test', 'e2e', 'scripts', 'bench', 'packages', 'rollup.config.mjs'];

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return /\.(ts|mts|mjs)$/.test(path) ? [path] : [];
  return readdirSync(path).flatMap((name) =>
    name === 'node_modules' || name === 'dist' ? [] : files(join(path, name)),
  );
}

describe('exports', () => {
  it('every exported function, constant or class of a src/ is used outside its own file', () => {
    const all = SEARCHED.flatMap((entry) => files(join(ROOT, entry)));
    const text = new Map(all.map((file) => [file, readFileSync(file, 'utf8')]));
    const unused: string[] = [];
    for (const file of all.filter((f) => /^(?:packages\/[^/]+\/)?src\//.test(relative(ROOT, f)))) {
      for (const match of text.get(file)!.matchAll(/^export (?:async )?(?:function\*?|const|let|class) (\w+)/gm)) {
        const name = new RegExp(`\\b${match[1]}\\b`);
        if (!all.some((other) => other !== file && name.test(text.get(other)!)))
          unused.push(`${relative(ROOT, file)}: ${match[1]}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
