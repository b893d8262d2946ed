// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTpl } from 'gtm-template-runner';
import { describe, expect, it } from 'vitest';
import { assembleTemplate, checkDeclaredUses, templateNames } from '../../src/sgtm/assemble.mjs';

describe('sGTM templates are assembled from one shared source', () => {
  it('has a source folder for each of the templates', () => {
    expect(templateNames()).toEqual(['rokt-event-api.tpl', 'rokt-id-keeper.tpl', 'rokt-identifier.tpl']);
  });

  it.each(templateNames())('%s has every section GTM expects, in its order', (name) => {
    const markers = assembleTemplate(name).match(/^___[A-Z_]+___$/gm);
    expect(markers).toEqual([
      '___TERMS_OF_SERVICE___',
      '___INFO___',
      '___TEMPLATE_PARAMETERS___',
      '___SANDBOXED_JS_FOR_SERVER___',
      '___SERVER_PERMISSIONS___',
      '___TESTS___',
      '___NOTES___',
    ]);
  });

  it.each(templateNames())('%s has no include or uses directive left and each API required once', (name) => {
    const text = assembleTemplate(name);
    expect(text).not.toMatch(/\/\/ @(include|uses) /);
    const required = [...parseTpl(text).code.matchAll(/require\('(\w+)'\)/g)].map((m) => m[1]);
    expect(new Set(required).size).toBe(required.length);
  });

  const fragment = (file: string) =>
    readFileSync(new URL(`../../src/sgtm/shared/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => !/^const \w+ = require\('\w+'\);$|^\/\/ @(include|uses) /.test(line))
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

describe('each fragment declares what it takes from the others', () => {
  const file = fileURLToPath(new URL('../../src/sgtm/shared/example.js', import.meta.url));
  it('fails on a name the fragment neither declares, includes nor lists in // @uses', () => {
    expect(() => checkDeclaredUses(file, 'function f(x) {\n  return toText(x) + suffix;\n}')).toThrow(
      'uses toText, suffix without declaring it: add // @uses toText, suffix',
    );
  });
  it('accepts the same fragment once it lists them, and names from the fragments it includes', () => {
    expect(() =>
      checkDeclaredUses(file, '// @uses suffix\n// @include text.js\nfunction f(x) { return toText(x) + suffix; }'),
    ).not.toThrow();
  });
  it('fails on a listed name the fragment does not use, so the lists stay true', () => {
    expect(() => checkDeclaredUses(file, '// @uses toText, unused\nfunction f(x) { return toText(x); }')).toThrow(
      'lists unused in // @uses without needing it',
    );
  });
  it('counts a required API as declared, and only property names are not uses', () => {
    expect(() =>
      checkDeclaredUses(
        file,
        "const getType = require('getType');\nfunction f(o) { return getType(o.toText) + data.x; }",
      ),
    ).not.toThrow();
  });
});
