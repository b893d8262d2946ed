// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTpl } from '../../src/sandbox/index';
import { assembleTemplate, committedPath, templateNames } from '../../src/sgtm/assemble.mjs';

describe('sGTM templates are assembled from one shared source', () => {
  it('has a source for each of the templates', () => {
    expect(templateNames()).toEqual(['rokt-event-api.tpl', 'rokt-id-keeper.tpl', 'rokt-identifier.tpl']);
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

  const fragment = (file: string) =>
    readFileSync(new URL(`../../src/sgtm/shared/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !/^const \w+ = require\('\w+'\);$|^\/\/ @include /.test(line))
      .join('\n')
      .trim();

  it.each([
    ['rokt-id.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl', 'rokt-id-keeper.tpl']],
    ['rokt-id-param.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl', 'rokt-id-keeper.tpl']],
    ['text.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl', 'rokt-id-keeper.tpl']],
    ['logging.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl', 'rokt-id-keeper.tpl']],
    ['consent.js', ['rokt-event-api.tpl', 'rokt-id-keeper.tpl']],
    ['email.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl']],
    ['email-rule.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl']],
    ['event-api-body.js', ['rokt-event-api.tpl', 'rokt-identifier.tpl']],
    ['attribution-window.js', ['rokt-id-keeper.tpl']],
  ])('shared/%s is the one copy in %j', (file, names) => {
    for (const name of names) expect(assembleTemplate(name)).toContain(fragment(file));
  });
});
