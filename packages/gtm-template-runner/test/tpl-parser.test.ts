// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadTpl, parseTpl } from '../src/index.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/ping-tag.tpl', import.meta.url));

describe('parseTpl / loadTpl', () => {
  const tpl = loadTpl(FIXTURE);

  test('strips the byte-order mark and reads the JSON sections', () => {
    expect(tpl.info.type).toBe('TAG');
    expect(tpl.info.displayName).toBe('Runner fixture: ping tag');
    expect(tpl.parameters).toHaveLength(1);
    expect(tpl.permissions).toHaveLength(2);
    expect(Object.keys(tpl.sections)).toEqual([
      'TERMS_OF_SERVICE',
      'INFO',
      'TEMPLATE_PARAMETERS',
      'SANDBOXED_JS_FOR_SERVER',
      'SERVER_PERMISSIONS',
      'TESTS',
      'NOTES',
    ]);
  });

  test('keeps the code body and the .tpl line it starts on', () => {
    expect(tpl.code.split('\n')[0]).toBe("const getEventData = require('getEventData');");
    expect(tpl.code.endsWith('});')).toBe(true);
    const fileLines = readFileSync(FIXTURE, 'utf8').split('\n');
    expect(fileLines[tpl.codeStartLine - 1]).toBe(tpl.code.split('\n')[0]);
    expect(fileLines[tpl.codeStartLine - 3]).toBe('___SANDBOXED_JS_FOR_SERVER___');
  });

  test('reads ___TESTS___ block scalars and folded double-quoted strings through YAML', () => {
    expect(tpl.tests?.scenarios.map((s) => s.name)).toEqual([
      '[Send] posts the ID and succeeds on 2xx',
      '[Send] fails on a 500',
      '[No ID] fails without a request',
    ]);
    expect(tpl.tests?.scenarios[1]?.code).toContain(
      'return Promise.create(function (resolve) { resolve({ statusCode: 500 }); });',
    );
    expect(tpl.tests?.setup).toContain("const mockData = { endpoint: 'https://collect.example.test/v1' };");
  });

  test('an empty ___TESTS___ section gives null, `scenarios: []` gives no scenarios', () => {
    const base = '___INFO___\n\n{"type":"MACRO"}\n\n\n___SANDBOXED_JS_FOR_SERVER___\n\nreturn 1;\n';
    expect(parseTpl(base).tests).toBeNull();
    expect(parseTpl(base + "\n\n___TESTS___\n\nscenarios: []\nsetup: ''\n").tests).toEqual({
      scenarios: [],
      setup: '',
    });
  });

  test('rejects malformed sections with the section name', () => {
    expect(() => parseTpl('___INFO___\n\n{"type": \n\n___SANDBOXED_JS_FOR_SERVER___\n\nreturn 1;')).toThrow(
      /___INFO___/,
    );
    expect(() => parseTpl('___INFO___\n\n{}\n')).toThrow(/SANDBOXED_JS/);
  });
});
