// The check command's browser driver stays out of a site's install: npm does not install an optional peer. And the
// package installs nothing else with it: the runner it is built with is inlined where the command uses it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('playwright-core', () => {
  it('is an optional peer dependency, never a dependency; the package has no dependency at all', () => {
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toHaveProperty('playwright-core');
    expect(pkg.peerDependenciesMeta['playwright-core']).toEqual({ optional: true });
  });
});
