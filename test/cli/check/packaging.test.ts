// The check command's browser driver stays out of a site's install: npm does not install an optional peer.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('playwright-core', () => {
  it('is an optional peer dependency, never a dependency', () => {
    expect(pkg.dependencies).not.toHaveProperty('playwright-core');
    expect(pkg.peerDependencies).toHaveProperty('playwright-core');
    expect(pkg.peerDependenciesMeta['playwright-core']).toEqual({ optional: true });
  });
});
