/**
 * The two packages as a consumer gets them: `npm pack` of the bridge and of the runner (packages/gtm-template-runner),
 * then both tarballs installed offline into an empty project (the runner's dependencies come from npm's cache, which
 * `npm ci` filled), then used there: run both command lines, import the ES modules in Node, type-check a small
 * consumer of each with the TypeScript this repo uses under each module resolution a consumer may have. `skipLibCheck`
 * is off, so a broken declaration file fails here instead of silently turning every type into `any` in the
 * consumer's editor. The bridge's tarball has no dependency: it installs nothing else. And `npm publish --dry-run`
 * has nothing to warn about, for either.
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
const runnerDir = join(repo, 'packages/gtm-template-runner');
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

/** Uses the runner's API the way its README shows, with the same `@ts-expect-error` guard against `any`. */
const RUNNER_CONSUMER = `
import { parseTpl, runTemplateTests, type ScenarioResult } from 'gtm-template-runner';
import { parseGa4Hit, type EventData } from 'gtm-template-runner/ga4-hit';

const results: Promise<ScenarioResult[]> = runTemplateTests(parseTpl('___INFO___\\n\\n{}'));
const events: EventData[] = parseGa4Hit({ query: 'en=page_view', body: '' });
// @ts-expect-error parseTpl takes the file's text
parseTpl(42);
export const usedRunner = [results, events];
`;

let project: string;
let installed: string;
let installedRunner: string;

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

/** Packs the package in `dir` into the project's folder; returns the tarball's file name and its file list. */
function pack(dir: string): { filename: string; files: { path: string }[] } {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: dir,
      encoding: 'utf8',
    }),
  );
  return packed;
}

/**
 * An empty project that depends on both tarballs. `npm ci` caches the tarballs of this repo's lockfile but not the
 * registry's documents about each package, so an offline install that resolves `acorn@8.19.0` by name fails
 * (ENOTCACHED); the project's lockfile therefore pins the runner's dependencies to this repo's locked versions and
 * integrity, and npm installs from its cache alone.
 */
function consumerProject(bridgeTarball: string, runnerTarball: string): void {
  const pkg = readJson(join(repo, 'package.json'));
  const runner = readJson(join(runnerDir, 'package.json'));
  const repoLock = readJson(join(repo, 'package-lock.json'));
  const dependencies = { 'rokt-sgtm-bridge': `file:${bridgeTarball}`, [runner.name]: `file:${runnerTarball}` };
  const packages: Record<string, unknown> = {
    '': { name: 'consumer', dependencies },
    'node_modules/rokt-sgtm-bridge': {
      version: pkg.version,
      resolved: dependencies['rokt-sgtm-bridge'],
      bin: pkg.bin,
      peerDependencies: pkg.peerDependencies,
      peerDependenciesMeta: pkg.peerDependenciesMeta,
    },
    [`node_modules/${runner.name}`]: {
      version: runner.version,
      resolved: dependencies[runner.name],
      dependencies: runner.dependencies,
      bin: runner.bin,
    },
  };
  for (const name of Object.keys(runner.dependencies)) {
    const { dev: _dev, ...locked } = repoLock.packages[`node_modules/${name}`];
    packages[`node_modules/${name}`] = locked;
  }
  const manifest = { name: 'consumer', private: true, type: 'module', dependencies };
  writeFileSync(join(project, 'package.json'), JSON.stringify(manifest));
  writeFileSync(
    join(project, 'package-lock.json'),
    JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }),
  );
}

let bridgeFiles: string[];
let runnerFiles: string[];

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'rokt-consumer-'));
  const bridge = pack(repo);
  const runner = pack(runnerDir);
  bridgeFiles = bridge.files.map((file) => file.path);
  runnerFiles = runner.files.map((file) => file.path);
  consumerProject(bridge.filename, runner.filename);
  execFileSync('npm', ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], {
    cwd: project,
    encoding: 'utf8',
    stdio: 'pipe',
  });
  installed = join(project, 'node_modules/rokt-sgtm-bridge');
  installedRunner = join(project, 'node_modules/gtm-template-runner');
  writeFileSync(join(project, 'index.ts'), CONSUMER);
  writeFileSync(join(project, 'runner.ts'), RUNNER_CONSUMER);
}, HEAVY_TEST_TIMEOUT_MS);

afterAll(() => rmSync(project, { recursive: true, force: true }));

function typeCheck(module: string, moduleResolution: string, file = 'index.ts'): string {
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
    files: [file],
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

describe('the runner package, packed and type-checked by a consumer', () => {
  it.each([
    ['ESNext', 'bundler'],
    ['node16', 'node16'],
    ['nodenext', 'nodenext'],
  ])('module %s, moduleResolution %s: no type error', { timeout: HEAVY_TEST_TIMEOUT_MS }, (module, resolution) => {
    expect(typeCheck(module, resolution, 'runner.ts')).toBe('');
  });

  it('ships its build, README, licence and changelog, and no source or test', () => {
    expect(runnerFiles).toEqual(
      expect.arrayContaining([
        'package.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
        'dist/index.js',
        'dist/index.d.ts',
      ]),
    );
    expect(runnerFiles).toContain('dist/cli/bin.js');
    expect(readFileSync(join(installedRunner, 'README.md'), 'utf8')).toMatch(/^# gtm-template-runner\n/);
    expect(readFileSync(join(installedRunner, 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(
      runnerFiles.filter((file) => !/^(?:dist\/|package\.json$|README\.md$|LICENSE$|CHANGELOG\.md$)/.test(file)),
    ).toEqual([]);
  });

  it("its command runs a template's ___TESTS___ from the installed copy, offline", {
    timeout: HEAVY_TEST_TIMEOUT_MS,
  }, () => {
    const fixture = join(repo, 'packages/gtm-template-runner/test/fixtures/ping-tag.tpl');
    const run = spawnSync(join(project, 'node_modules/.bin/gtm-template-test'), [fixture], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/\nping-tag\.tpl: [1-9]\d* passed, 0 failed\n[1-9]\d* passed, 0 failed\n$/);
    expect(run.status).toBe(0);
  });

  it('imports its ES module entries in Node', () => {
    const script =
      "const m = await import('gtm-template-runner'); const h = await import('gtm-template-runner/ga4-hit'); console.log(JSON.stringify([typeof m.runTemplate, typeof m.runTemplateTests, typeof h.parseGa4Hit]));";
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(['function', 'function', 'function']);
  });
});

describe('the installed package, used', () => {
  it('has no dependency: the packed package.json lists none, and it ships no runner', () => {
    const packed = readJson(join(installed, 'package.json'));
    expect(packed.dependencies).toBeUndefined();
    expect(Object.keys(packed.peerDependencies)).toEqual(['playwright-core']);
    expect(bridgeFiles.filter((file) => file.startsWith('packages/') || file.startsWith('src/'))).toEqual([]);
  });

  it('installs its command line: usage, and an unknown command is refused', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('check');
    const unknown = cli('nope');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown command "nope"');
  });

  it("its shipped templates' own tests pass through the installed runner's command, offline", {
    timeout: HEAVY_TEST_TIMEOUT_MS,
  }, () => {
    const templates = ['dist/sgtm', 'dist/web'].flatMap((dir) =>
      readdirSync(join(installed, dir))
        .filter((name) => name.endsWith('.tpl'))
        .map((name) => join(installed, dir, name)),
    );
    expect(templates.length).toBeGreaterThan(3);
    const run = spawnSync(join(project, 'node_modules/.bin/gtm-template-test'), templates, {
      cwd: project,
      encoding: 'utf8',
    });
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
  it.each([
    ['the bridge', repo],
    ['the runner', runnerDir],
  ])(
    '%s: has nothing to warn about (beyond not being logged in to the registry)',
    {
      timeout: HEAVY_TEST_TIMEOUT_MS,
    },
    (_name, cwd) => {
      const run = spawnSync('npm', ['publish', '--dry-run', '--offline', '--ignore-scripts'], {
        cwd,
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      const warnings = run.stderr.split('\n').filter((line) => /\bnpm (warn|error)\b/i.test(line));
      expect(warnings.filter((line) => !line.includes('requires you to be logged in'))).toEqual([]);
    },
  );
});
