// Where the bridge's tooling finds the runner package (packages/gtm-template-runner) during development: at its
// TypeScript sources, by the package's own import names, so that the build, vitest and tsc need no prior build of the
// runner. rollup.config.mjs and vitest.config.ts read this table; tsconfig.json's "paths" repeat it (tsc reads no
// module), and test/repo/layers.test.ts checks that the three and the runner's package.json exports agree.
import { fileURLToPath } from 'node:url';

/** Import name → source file, relative to the repository root. */
export const RUNNER_SOURCES = {
  'gtm-template-runner': 'packages/gtm-template-runner/src/index.ts',
  'gtm-template-runner/ga4-hit': 'packages/gtm-template-runner/src/ga4-hit.ts',
};

/** The same table with absolute paths. */
export const runnerSourcePaths = () =>
  Object.fromEntries(
    Object.entries(RUNNER_SOURCES).map(([name, path]) => [name, fileURLToPath(new URL(`../${path}`, import.meta.url))]),
  );

/** Vite's aliases for the table: exact names only, so that `gtm-template-runner` is no prefix of its subpaths. */
export const runnerAliases = () =>
  Object.entries(runnerSourcePaths()).map(([name, path]) => ({
    find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&')}$`),
    replacement: path,
  }));
