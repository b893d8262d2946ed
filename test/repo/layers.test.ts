// @vitest-environment node
/**
 * The layers of src/ and the only arrows allowed between them (CONTRIBUTING.md draws the same diagram). A folder may
 * import itself and the folders listed for it; anything else, and any cycle between folders, fails here. The template
 * runner is its own package (packages/gtm-template-runner): src/ imports it by name only, where the diagram allows,
 * and it imports nothing of the bridge.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNNER_SOURCES } from '../../scripts/runner-source.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SRC = join(ROOT, 'src');
const RUNNER = 'gtm-template-runner';
const RUNNER_DIR = join(ROOT, 'packages', RUNNER);

/** Each top-level folder of src/, and the runner package, and the folders (or package) it may import. Bottom first. */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  [RUNNER]: [],
  vocabulary: [],
  browser: ['vocabulary'],
  sgtm: [],
  web: [],
  formats: ['vocabulary'],
  'gtm-export': [RUNNER, 'formats', 'vocabulary', 'sgtm'],
  preview: [RUNNER, 'browser', 'formats', 'gtm-export', 'vocabulary'],
  cli: [RUNNER, 'formats', 'vocabulary'],
};

/** Relative module specifiers of a file: static and dynamic imports and re-exports. */
export function relativeImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;
  for (const match of text.matchAll(pattern)) found.push(match[2]!);
  return found;
}

/** Bare module specifiers of a file (packages, `node:` built-ins), by the same forms as {@link relativeImports}. */
export function bareImports(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^./'"][^'"]*)\1/g;
  for (const match of text.matchAll(pattern)) found.push(match[2]!);
  return found;
}

/** The package a bare specifier names: `a/b` → `a`, `@s/a/b` → `@s/a`. */
const packageName = (spec: string) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|mjs|js)$/.test(name) && !name.endsWith('.d.mts') ? [path] : [];
  });
}

/** `from → to` for every import that leaves its own top-level folder of src/, the runner package's included. */
function crossFolderImports(): { from: string; to: string; file: string }[] {
  const out: { from: string; to: string; file: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const from = relative(SRC, file).split('/')[0]!;
    const text = readFileSync(file, 'utf8');
    for (const spec of bareImports(text)) {
      if (packageName(spec) === RUNNER) out.push({ from, to: RUNNER, file: relative(SRC, file) });
    }
    for (const spec of relativeImports(text)) {
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

  it('reaches the runner package by name only, never by a path into packages/', () => {
    const byPath = sourceFiles(SRC).flatMap((file) =>
      relativeImports(readFileSync(file, 'utf8'))
        .filter((spec) => resolve(dirname(file), spec).startsWith(join(ROOT, 'packages')))
        .map((spec) => `${relative(ROOT, file)}: ${spec}`),
    );
    expect(byPath).toEqual([]);
  });

  it('has no cycle: the allowed arrows themselves point downwards only', () => {
    const order = Object.keys(ALLOWED_IMPORTS);
    for (const [from, targets] of Object.entries(ALLOWED_IMPORTS)) {
      for (const to of targets) expect(order.indexOf(to), `${from} → ${to}`).toBeLessThan(order.indexOf(from));
    }
  });

  it('finds every kind of bare import too: packages, subpaths, scoped names', () => {
    const text = [
      "import { a } from 'gtm-template-runner';",
      "import type { B } from 'gtm-template-runner/ga4-hit';",
      "const c = await import('@scope/c/sub');",
      "import 'node:fs';",
      "import { d } from './d.js';",
    ].join('\n');
    expect(bareImports(text).map(packageName)).toEqual([RUNNER, RUNNER, '@scope/c', 'node:fs']);
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

describe('the runner package, packages/gtm-template-runner', () => {
  const files = [...sourceFiles(join(RUNNER_DIR, 'src')), ...sourceFiles(join(RUNNER_DIR, 'test'))];
  const { dependencies = {}, devDependencies = {} } = JSON.parse(
    readFileSync(join(RUNNER_DIR, 'package.json'), 'utf8'),
  );

  it('has sources and tests to judge', () => {
    expect(files.filter((file) => file.includes('/src/')).length).toBeGreaterThan(10);
    expect(files.filter((file) => file.includes('/test/')).length).toBeGreaterThan(5);
  });

  it("is found at its sources by the same names everywhere: the build and vitest's table, tsc's paths, its exports", () => {
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8'));
    const { exports } = JSON.parse(readFileSync(join(RUNNER_DIR, 'package.json'), 'utf8'));
    const paths = Object.fromEntries(
      Object.entries(tsconfig.compilerOptions.paths as Record<string, string[]>).map(([name, [path]]) => [
        name,
        path!.replace(/^\.\//, ''),
      ]),
    );
    expect(paths).toEqual(RUNNER_SOURCES);
    const exported = Object.entries(exports as Record<string, { import?: string }>)
      .filter(([, target]) => target.import)
      .map(([subpath, target]) => [
        subpath.replace(/^\./, RUNNER),
        target.import!.replace(/^\.\/dist\/(.*)\.js$/, `packages/${RUNNER}/src/$1.ts`),
      ]);
    expect(Object.fromEntries(exported)).toEqual(RUNNER_SOURCES);
    for (const path of Object.values(RUNNER_SOURCES)) expect(existsSync(join(ROOT, path)), path).toBe(true);
  });

  it('imports nothing of the bridge: no relative path out of its folder, no bridge package', () => {
    const wrong = files.flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      const outside = relativeImports(text).filter((spec) => !resolve(dirname(file), spec).startsWith(RUNNER_DIR));
      const bridge = bareImports(text).filter((spec) => packageName(spec) === 'rokt-sgtm-bridge');
      return [...outside, ...bridge].map((spec) => `${relative(ROOT, file)}: ${spec}`);
    });
    expect(wrong).toEqual([]);
  });

  it('imports in its sources only Node built-ins and its own dependencies; in its tests, also its dev tools', () => {
    const wrong = files.flatMap((file) => {
      const allowed = new Set([
        ...Object.keys(dependencies),
        ...(file.includes('/test/') ? Object.keys(devDependencies) : []),
      ]);
      return bareImports(readFileSync(file, 'utf8'))
        .filter((spec) => !spec.startsWith('node:') && !allowed.has(packageName(spec)))
        .map((spec) => `${relative(ROOT, file)}: ${spec}`);
    });
    expect(wrong).toEqual([]);
  });
});
