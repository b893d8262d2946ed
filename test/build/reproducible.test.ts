// @vitest-environment node
/**
 * Two builds of one commit are byte for byte the same: a fresh clone of HEAD (or, outside git, a copy of the sources)
 * is built twice, under different time zones and locales, and every file of dist/ is compared. The import files'
 * `exportTime` is the commit's date, not the clock (scripts/source-date.mjs). The clone keeps the repo's own dist/
 * untouched, which the other tests read while this one runs.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceDate } from '../../scripts/source-date.mjs';
import { exportTime } from '../../src/formats/gtm-export';

const repo = resolve(import.meta.dirname, '../..');
/** Two full builds on a busy 2-core machine. */
const BUILD_TWICE_TIMEOUT_MS = 600_000;

const inGit = (() => {
  try {
    execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repo, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Every file under `dir`, by path relative to it, with its SHA-256. */
function digests(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

let work: string;
let source: string;

function build(env: Record<string, string>): Record<string, string> {
  rmSync(join(source, 'dist'), { recursive: true, force: true });
  const { SOURCE_DATE_EPOCH: _pinned, ...inherited } = process.env;
  execFileSync(process.execPath, [join(repo, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], {
    cwd: source,
    env: { ...inherited, ...env },
    stdio: 'pipe',
  });
  return digests(join(source, 'dist'));
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rokt-reproducible-'));
  source = join(work, 'source');
  if (inGit) {
    execFileSync('git', ['clone', '--quiet', '--shared', repo, source]);
  } else {
    const skip = new Set(['node_modules', 'dist', 'reports', 'test-results', 'playwright-report']);
    cpSync(repo, source, { recursive: true, filter: (path) => !skip.has(relative(repo, path).split('/')[0]) });
  }
  symlinkSync(join(repo, 'node_modules'), join(source, 'node_modules'), 'dir');
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the build', () => {
  it('gives byte-identical files when run twice on one commit, whatever the time zone and locale', {
    timeout: BUILD_TWICE_TIMEOUT_MS,
  }, () => {
    const first = build({ TZ: 'UTC', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' });
    const second = build({ TZ: 'Pacific/Chatham', LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' });
    expect(Object.keys(first)).toContain('gtm/server-container.json');
    expect(Object.keys(first)).toContain('integrity.json');
    expect(second).toEqual(first);

    // The builds ran without SOURCE_DATE_EPOCH: they carry the clone's commit date.
    const expected = exportTime(sourceDate(source, {}).date);
    for (const file of ['web-container.json', 'server-container.json']) {
      const json = JSON.parse(readFileSync(join(source, 'dist/gtm', file), 'utf8')) as { exportTime: string };
      expect(json.exportTime, file).toBe(expected);
    }
  });
});

describe('sourceDate (the build date)', () => {
  it('is HEAD’s commit date in a clone', () => {
    if (!inGit) return;
    const iso = execFileSync('git', ['log', '-1', '--format=%cI'], { cwd: repo, encoding: 'utf8' }).trim();
    expect(sourceDate(repo, {})).toEqual({ date: new Date(iso), from: 'git commit' });
  });

  it('is SOURCE_DATE_EPOCH when set, and refuses one that is not whole seconds', () => {
    expect(sourceDate(repo, { SOURCE_DATE_EPOCH: '1767225600' })).toEqual({
      date: new Date('2026-01-01T00:00:00Z'),
      from: 'SOURCE_DATE_EPOCH',
    });
    expect(() => sourceDate(repo, { SOURCE_DATE_EPOCH: 'yesterday' })).toThrow(
      /SOURCE_DATE_EPOCH must be whole seconds/,
    );
  });

  it('outside git, is the newest dated release of CHANGELOG.md (what the npm package ships)', () => {
    const unpacked = mkdtempSync(join(tmpdir(), 'rokt-unpacked-'));
    try {
      writeFileSync(
        join(unpacked, 'CHANGELOG.md'),
        '# Changelog\n\n## [Unreleased]\n\n## [0.2.0] - 2027-02-03\n\n## [0.1.0] - 2026-11-26\n',
      );
      expect(sourceDate(unpacked, {})).toEqual({ date: new Date('2027-02-03T00:00:00Z'), from: 'CHANGELOG.md' });
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});
