// @vitest-environment node
// Fidelity to GTM against tests nobody here wrote: published stape-io server templates (read as test data from the
// project's shared folder, never copied into the repo) run through `gtm-template-test`, and every one of
// their ___TESTS___ scenarios must pass, as it does in GTM's template editor. Where the folder is absent (a clone
// outside this project's CI) the suite says so and skips.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import type { RunReport } from '../src/cli/report.js';
import { runCli } from './run-command.js';

// The folder sits next to the repository's clone (packages/gtm-template-runner/test/ is three levels down).
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const PEER_DIR = [resolve(repoRoot, '../shared/peer-templates'), '/work/shared/peer-templates'].find(existsSync);
const peers = PEER_DIR ? readdirSync(PEER_DIR).filter((f) => f.endsWith('.tpl')) : [];

if (!PEER_DIR || peers.length === 0) {
  console.warn(
    'fidelity suite skipped: no published templates in ../shared/peer-templates or /work/shared/peer-templates',
  );
}

describe.skipIf(peers.length === 0)('published templates pass their own tests offline', () => {
  test.each(peers)(
    '%s: every scenario passes through the command',
    async (file) => {
      const path = join(PEER_DIR!, file);
      const { code, stdout } = await runCli(['--json', path]);
      const report = JSON.parse(stdout) as RunReport;
      const [template] = report.templates;
      expect(template?.refused).toBeUndefined();
      expect(template?.scenarios.filter((s) => !s.passed)).toEqual([]);
      expect(template?.scenarios.length).toBeGreaterThan(0);
      expect(code).toBe(0);
    },
    120_000,
  );

  test('the human-readable run over all of them ends with "N passed, 0 failed"', async () => {
    const { code, stdout } = await runCli([...peers.map((f) => join(PEER_DIR!, f))]);
    expect(stdout).toMatch(/\n\d+ passed, 0 failed\n$/);
    expect(code).toBe(0);
  }, 120_000);
});
