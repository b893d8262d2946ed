/**
 * The package as a consumer gets it: `npm pack`, unpack into a throw-away project, type-check a small consumer with
 * the TypeScript this repo uses, under each module resolution a consumer may have. `skipLibCheck` is off, so a broken
 * declaration file fails here instead of silently turning every type into `any` in the consumer's editor.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'rokt-consumer-'));
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project], {
      cwd: repo,
      encoding: 'utf8',
    }),
  ) as { filename: string }[];
  const installed = join(project, 'node_modules/rokt-sgtm-bridge');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(project, packed.filename), '-C', installed, '--strip-components=1']);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
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
    const installed = join(project, 'node_modules/rokt-sgtm-bridge');
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('MIT License');
    expect(readFileSync(join(installed, 'CHANGELOG.md'), 'utf8')).toContain('## [0.1.0]');
  });
});
