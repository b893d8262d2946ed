// @vitest-environment node
// The user docs: every relative link resolves (file and #anchor), the README's size and speed figures are the
// benchmark's committed results, and docs/templates.md describes every field of every template.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadTpl, parseTpl } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { CDN_BLOCK, cdnBlock } from '../../scripts/readme-cdn.mjs';
import { BENCH_BLOCK, benchSentence } from '../../scripts/readme-figures.mjs';
import { type TemplateField, templateFields } from '../../src/formats/template-fields';
import { assembleTemplate, templateNames } from '../../src/sgtm/assemble.mjs';

const repo = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(repo, path), 'utf8');

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'packages/gtm-template-runner/README.md',
  ...readdirSync(join(repo, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lowercase, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchors(markdown: string): Set<string> {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '');
  return new Set([...withoutCode.matchAll(/^#{1,6} (.+)$/gm)].map(([, heading]) => anchorOf(heading)));
}

/** `file: target` for every relative link of `file` whose file or heading does not exist. */
export function deadLinks(file: string, markdown: string, exists: (path: string) => string | undefined): string[] {
  const dead: string[] = [];
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  for (const [, target] of withoutCode.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [path, anchor] = target.split('#');
    const targetFile = path === '' ? file : join(dirname(file), path);
    const text = exists(targetFile);
    if (text === undefined) dead.push(`${file}: ${target}`);
    else if (anchor && targetFile.endsWith('.md') && !anchors(text).has(anchor)) dead.push(`${file}: ${target}`);
  }
  return dead;
}

const fromRepo = (path: string) => (existsSync(join(repo, path)) ? read(path) : undefined);

describe("relative links in README.md, CONTRIBUTING.md, docs/ and the runner's README", () => {
  it('the check finds a missing file and a missing heading, and accepts a good link', () => {
    const files: Record<string, string> = { 'notes/a.md': '# Set-up: the `GA4` client\n' };
    const exists = (path: string) => files[path];
    const text = '[ok](a.md#set-up-the-ga4-client) [gone](b.md) [typo](a.md#setup) [web](https://x.test/)';
    expect(deadLinks('notes/x.md', text, exists)).toEqual(['notes/x.md: b.md', 'notes/x.md: a.md#setup']);
  });

  for (const file of DOCS) {
    it(`${file}: every relative link resolves`, () => {
      expect(deadLinks(file, read(file), fromRepo)).toEqual([]);
    });
  }

  it('no user doc points at research notes outside the repo', () => {
    for (const file of DOCS) expect(read(file), file).not.toMatch(/\.\.\/shared|\/work\/shared/);
  });
});

describe('README.md', () => {
  const readme = read('README.md');

  it('quotes the size and speed figures of bench/results/latest.json (after a new run: node scripts/readme-figures.mjs)', () => {
    expect(BENCH_BLOCK.exec(readme)?.[2]).toBe(benchSentence(JSON.parse(read('bench/results/latest.json'))));
  });

  it('shows the CDN script tag of the current build: versioned address, sha384 (after a build: node scripts/readme-cdn.mjs)', () => {
    const integrity = JSON.parse(read('dist/integrity.json')) as { version: string; cdn: string; integrity: string };
    const { version } = JSON.parse(read('package.json')) as { version: string };
    const block = CDN_BLOCK.exec(readme)?.[2];
    expect(block).toBe(cdnBlock(integrity));
    expect(block).toContain(`rokt-sgtm-bridge@${version}/dist/rokt-sgtm-bridge.min.js`);
    expect(block).toMatch(/integrity="sha384-[A-Za-z0-9+/]{64}"/);
  });

  it('names only npm scripts and files that a clone has (dist/ after a build); registry-only commands say so', () => {
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const npmRuns = [...readme.matchAll(/\bnpm run ([\w:-]+)/g)].map(([, name]) => name);
    expect(npmRuns.length).toBeGreaterThan(0);
    expect(npmRuns.filter((name) => !(name in scripts))).toEqual([]);
    const nodeFiles = [...readme.matchAll(/\bnode ([\w./-]+\.m?js)\b/g)].map(([, path]) => path);
    expect(nodeFiles.length).toBeGreaterThan(0);
    expect(nodeFiles.filter((path) => !existsSync(join(repo, path)))).toEqual([]);
    // A command that fetches the package by name works only once it is on the registry, and the README says so.
    for (const block of readme.split('\n\n').filter((text) => /\b(?:npx -p|npm i) rokt-sgtm-bridge\b/.test(text))) {
      expect(block, block).toMatch(/npm\s+registry/);
    }
  });

  it('stays within 250 lines and keeps the two set-up commands at the top', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(250);
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('has no test counts and no issue numbers of this project, which go stale', () => {
    // Example output in code blocks is not a count of this project's tests; `owner/repo#16` cites another project.
    const STALE = /\b\d+ (?:passed|failed)\b|\bissue #\d+|(?<![\w/-])#\d{1,5}\b/i;
    expect('see issue #12').toMatch(STALE);
    expect('`npm test`: 614 passed, 0 failed').toMatch(STALE);
    expect('[stape-io/facebook-tag#16](https://github.com/stape-io/facebook-tag/issues/16)').not.toMatch(STALE);
    for (const file of DOCS) expect(read(file).replace(/```[\s\S]*?```/g, ''), file).not.toMatch(STALE);
  });
});

describe('docs/templates.md', () => {
  const doc = read('docs/templates.md');
  const templates = readdirSync(join(repo, 'src/sgtm')).filter((name) => name.endsWith('.tpl'));

  for (const name of templates) {
    it(`describes every field of ${name}`, () => {
      const tpl = loadTpl(join(repo, 'src/sgtm', name));
      const fields = [...templateFields(tpl.parameters as TemplateField[]).keys()];
      const missing = fields.filter((field) => !doc.includes(`\`${field}\``));
      expect(missing).toEqual([]);
    });
  }

  for (const name of templateNames('web')) {
    it(`describes every field of the web template ${name}`, () => {
      const tpl = parseTpl(assembleTemplate(name, 'web'));
      const fields = [...templateFields(tpl.parameters as TemplateField[]).keys()];
      const missing = fields.filter((field) => !doc.includes(`\`${field}\``));
      expect(missing).toEqual([]);
    });
  }
});
