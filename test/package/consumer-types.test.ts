/**
 * The package as a consumer gets it: `npm pack`, then `npm install <tarball> --offline` into an empty project (its
 * dependencies come from npm's cache, which `npm ci` filled), then use it there: run its command line, import its ES
 * module in Node, type-check a small consumer with the TypeScript this repo uses under each module resolution a
 * consumer may have. `skipLibCheck` is off, so a broken declaration file fails here instead of silently turning every
 * type into `any` in the consumer's editor. And `npm publish --dry-run` has nothing to warn about.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEAVY_TEST_TIMEOUT_MS } from '../timeouts';

const repo = resolve(import.meta.dirname, '../..');
const tsc = join(repo, 'node_modules/typescript/bin/tsc');

/**
 * Uses the public API the way the README shows. The `@ts-expect-error` lines fail the check if the types have become
 * `any` (an unused expectation is an error), so the test proves the types are real, not just present.
 */
const CONSUMER = `
import { conversion, params, setEmail, type Identity, type RoktBridgeConfig } from 'rokt-sgtm-bridge';

const config: RoktBridgeConfig = { conversionEvents: ['purchase'] };
const ok: boolean = setEmail('jane@example.com');
const identity: Identity = params();
conversion('purchase', { transaction_id: 'T-1', value: 25, ...identity });
// @ts-expect-error setEmail takes a string
setEmail(42);
// @ts-expect-error Identity has no such key
identity.nope;
export const used = [config, ok];
`;

let project: string;
let installed: string;

/**
 * An empty project that depends on the tarball. `npm ci` caches the tarballs of this repo's lockfile but not the
 * registry's documents about each package, so an offline install that resolves `acorn@8.19.0` by name fails
 * (ENOTCACHED); the project's lockfile therefore pins the package's dependencies to this repo's locked versions and
 * integrity, and npm installs from its cache alone.
 */
function consumerProject(tarball: string): void {
  const read = (file: string) => JSON.parse(readFileSync(join(repo, file), 'utf8'));
  const pkg = read('package.json');
  const repoLock = read('package-lock.json');
  const dependency = `file:${tarball}`;
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies: { 'rokt-sgtm-bridge': dependency } },
    'node_modules/rokt-sgtm-bridge': {
      version: pkg.version,
      resolved: dependency,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    },
  };
  for (const name of Object.keys(pkg.dependencies)) {
    packages[`node_modules/${name}`] = repoLock.packages[`node_modules/${name}`];
  }
  const manifest = {
    name: 'consumer',
    private: true,
    type: 'module',
    dependencies: { 'rokt-sgtm-bridge': dependency },
  };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }),
  );
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'rokt-consumer-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: repo,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  consumerProject(packed.filename);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: project,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  installed = join(project, 'node_modules/rokt-sgtm-bridge');
  writeFileSync(join(project, 'index.ts'), CONSUMER);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(() => rmSync(project, { recursive: true, force: true }));

function typeCheck(module: string, moduleResolution: string): string {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module,
      moduleResolution,
      lib: ['ES2022', 'DOM'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    },
    files: ['index.ts'],
  };
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
    return '';
  } catch (error) {
    return (error as { stdout: string }).stdout;
  }
}

describe('the packed package, type-checked by a consumer', () => {
  it.each([
    ['ESNext', 'bundler'],
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
  ])('module %s, moduleResolution %s: no type error', { timeout: HEAVY_TEST_TIMEOUT_MS }, (module, resolution) => {
    expect(typeCheck(module, resolution)).toBe('');
  });

  it('exports its package.json (tools read the version from it)', () => {
    const resolveFromConsumer = createRequire(join(project, 'index.js')).resolve;
    expect(resolveFromConsumer('rokt-sgtm-bridge/package.json')).toBe(
      join(project, 'node_modules/rokt-sgtm-bridge/package.json'),
    );
  });

  it('ships the licence and the changelog', () => {
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8')).toContain('## [0.1.0]');
  });
});

/** Runs the installed command line from the consumer project, as `npx rokt-sgtm-bridge …` would. */
function cli(...args: string[]) {
  return spawnSync(join(project, 'node_modules/.bin/rokt-sgtm-bridge'), args, { cwd: project, encoding: 'utf8' });
}

describe('the installed package, used', () => {
  it('installs its command line: usage, and an unknown command is refused', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('test-template');
    const unknown = cli('nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });

  it("runs the shipped templates' own tests with its test-template command, offline", {
    timeout: HEAVY_TEST_TIMEOUT_MS,
  }, () => {
    const sgtm = join(installed, 'dist/sgtm');
    const templates = readdirSync(sgtm).filter((name) => name.endsWith('.tpl'));
    expect(templates.length).toBeGreaterThan(0);
    const run = cli('test-template', ...templates.map((name) => join(sgtm, name)));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/\b0 failed\b/);
  });

  it('check, without the optional playwright-core, says how to get it', { timeout: HEAVY_TEST_TIMEOUT_MS }, () => {
    const run = cli('check', 'https://staging.example.test/');
    expect(run.status).not.toBe(0);
    expect(`${run.stdout}${run.stderr}`).toContain('playwright-core');
  });

  it('imports its ES module entry in Node, without touching a page', () => {
    const script =
      "const m = await import('rokt-sgtm-bridge'); console.log(JSON.stringify([typeof m.setEmail, typeof m.conversion, m.version]));";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    });
    const { version } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string };
    expect(JSON.parse(out)).toEqual(['function', 'function', version]);
  });

  it("ships dist/integrity.json: the sha384 of the IIFE it ships, and that version's CDN address", () => {
    const integrity = JSON.parse(readFileSync(join(installed, 'dist/integrity.json'), 'utf8'));
    const iife = readFileSync(join(installed, 'dist/rokt-sgtm-bridge.min.js'));
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    expect(integrity).toEqual({
      version,
      file: 'dist/rokt-sgtm-bridge.min.js',
      integrity: `sha384-${createHash('sha384').update(iife).digest('base64')}`,
      cdn: `https://cdn.jsdelivr.net/npm/rokt-sgtm-bridge@${version}/dist/rokt-sgtm-bridge.min.js`,
    });
  });
});

describe('npm publish --dry-run', () => {
  it('has nothing to warn about (beyond not being logged in to the registry)', {
    timeout: HEAVY_TEST_TIMEOUT_MS,
  }, () => {
    const run = spawnSync('npm', ['publish', '--dry-run', '--offline', '--ignore-scripts'], {
      cwd: repo,
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const warnings = run.stderr.split('\n').filter((line) => /\bnpm (warn|error)\b/i.test(line));
    expect(warnings.filter((line) => !line.includes('requires you to be logged in'))).toEqual([]);
  });
});
