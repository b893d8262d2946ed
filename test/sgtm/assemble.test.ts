// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTpl } from '../../src/sandbox/index';
import { assembleTemplate, committedPath, templateNames } from '../../src/sgtm/assemble.mjs';

describe('sGTM templates are assembled from one shared source', () => {
  it('has a source for each of the templates', () => {
    expect(templateNames()).toEqual(['rokt-event-api.tpl', 'rokt-identifier.tpl']);
  });

  it.each(templateNames())('the committed src/sgtm/%s is up to date (npm run templates)', (name) => {
    expect(readFileSync(committedPath(name), 'utf8')).toBe(assembleTemplate(name));
  });

  it.each(templateNames())('%s has no include directive left and each API required once', (name) => {
    const text = assembleTemplate(name);
    expect(text).not.toMatch(/\/\/ @include /);
    const required = [...loadTpl(committedPath(name)).code.matchAll(/require\('(\w+)'\)/g)].map((m) => m[1]);
    expect(new Set(required).size).toBe(required.length);
  });

  it('both templates carry the same Rokt ID rule, from one fragment', () => {
    const [tag, variable] = ['rokt-event-api.tpl', 'rokt-identifier.tpl'].map((name) => assembleTemplate(name));
    const fragment = readFileSync(new URL('../../src/sgtm/shared/rokt-id.js', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !line.startsWith('const ') || !line.includes("require('"))
      .join('\n')
      .trim();
    expect(tag).toContain(fragment);
    expect(variable).toContain(fragment);
  });
});
