// @vitest-environment node
// The install and upgrade docs quote the import files as they are built: the Event Settings rows an installer adds
// to a variable of their own, the Constants an upgrade resets, and the changelog's per-version notes on each file.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GtmExport } from '../../src/formats/gtm-export';
import { isInstallerOwned } from '../../src/formats/gtm-export';
import { decodeParameters } from '../../src/formats/template-fields';
import { SERVER_NAMES } from '../../src/gtm-export/server-container';
import { EVENT_SETTINGS_ROWS, WEB_NAMES } from '../../src/gtm-export/web-container';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const web = JSON.parse(read('dist/gtm/web-container.json')) as GtmExport;
const server = JSON.parse(read('dist/gtm/server-container.json')) as GtmExport;
const readme = read('README.md');
const install = read('docs/install.md');
const changelog = read('CHANGELOG.md');

/** The text of a `## ` section of a Markdown file, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`no section "## ${heading}"`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/**
 * Paragraphs and list items that mention GTM's top-level *Overwrite* (not *Merge → Overwrite conflicting*) without
 * warning against it: the top-level choice replaces the installer's whole workspace.
 */
function topLevelOverwriteAdvice(markdown: string): string[] {
  return markdown
    .split(/\n\s*\n|\n(?=\s*[-*] |\s*\d+\. )/)
    .filter((block) => /Overwrite\b(?!\s+conflicting)/.test(block.replace(/Merge → Overwrite/g, '')))
    .filter((block) => !/\bnever\b/i.test(block));
}

describe('the docs quote the import files', () => {
  const settings = web.containerVersion.variable.find((v) => v.name === WEB_NAMES.eventSettings)!;

  it('the Event Settings rows in the docs are the rows of the variable in the file', () => {
    expect(decodeParameters(settings.parameter).eventSettingsTable).toEqual(
      EVENT_SETTINGS_ROWS.map((row) => ({ parameter: row.parameter, parameterValue: `{{${row.variable}}}` })),
    );
    for (const [doc, text] of [
      ['README.md', readme],
      ['docs/install.md', install],
    ]) {
      expect(text, doc).toContain(WEB_NAMES.eventSettings);
      for (const row of EVENT_SETTINGS_ROWS) {
        expect(text, doc).toContain(`\`${row.parameter}\``);
        expect(text, doc).toContain(`\`{{${row.variable}}}\``);
      }
    }
  });

  it('both say to add the rows to an Event Settings variable the tag already has', () => {
    expect(readme).toMatch(/If yours already has one\*\*, keep it and add two rows/);
    expect(install).toMatch(/It has one already:\*\* keep it, open that variable and add two rows/);
  });

  it('the upgrade section names every Constant the installer fills in, and Dry run', () => {
    const upgrade = section(install, 'Upgrading to a new version');
    const owned = server.containerVersion.variable.filter(isInstallerOwned).map((v) => v.name);
    expect(owned.length).toBeGreaterThan(0);
    for (const name of owned) expect(upgrade).toContain(`\`${name}\``);
    expect(upgrade).toContain('**Dry run**');
    expect(upgrade).toContain(SERVER_NAMES.eventApiTag);
    expect(upgrade).toContain('**Merge** and **Overwrite conflicting tags, triggers, and variables**');
    expect(install).toContain('## Rolling back');
  });

  it('no doc tells an installer to use the top-level Overwrite', () => {
    expect(topLevelOverwriteAdvice(readme)).toEqual([]);
    expect(topLevelOverwriteAdvice(install)).toEqual([]);
    expect(topLevelOverwriteAdvice(changelog)).toEqual([]);
  });

  it('would catch the advice the docs used to give', () => {
    const old =
      '- how *Rename conflicting* names a second import (import once; update by re-importing with\n  *Overwrite*);';
    expect(topLevelOverwriteAdvice(old)).toEqual([old]);
  });
});

describe('CHANGELOG.md', () => {
  const versions = changelog.split(/^## /m).slice(1);

  it('says, for every version, what changed in each import file', () => {
    expect(versions.length).toBeGreaterThan(1);
    for (const notes of versions) {
      const heading = notes.split('\n')[0];
      const files = notes.split('\n### Import files\n')[1];
      expect(files, `"## ${heading}" has no "### Import files"`).toBeDefined();
      if (!/^- None\b/m.test(files ?? '')) {
        expect(files, heading).toContain('`web-container.json`');
        expect(files, heading).toContain('`server-container.json`');
      }
    }
  });
});
