/**
 * Builds each template (.tpl, the file GTM imports) from its sources and the fragments the templates have in common.
 * A template is a folder of ordinary files, src/sgtm/<name>/ (server) or src/web/<name>/ (web): `info.json`,
 * `fields.json`, `code.js`, `permissions.json`, `tests.yaml`, `notes.md` (one per `.tpl` section). Fragments live in
 * src/sgtm/shared/ and src/web/shared/. Sandboxed template code cannot import
 * anything, so sharing happens here, as text:
 * - a line `// @include <path>` (path relative to the including file; optionally followed by a comma) is replaced
 *   by that file, indented like the directive; the comma goes after the file's last line;
 * - every `const x = require('x');` line of the code section (the template's own and each fragment's) is moved to
 *   the top of the section, once, sorted by name;
 * - a line `// @return <expression>` of a template's code.js becomes `return <expression>;`: GTM takes a variable's
 *   value from a top-level return, which no linter parses, so the source keeps it in a comment;
 * - a `.js` fragment declares what it takes from the others in `// @uses a, b` lines: every name it uses must be
 *   declared in it, in a fragment it includes, or listed there (and every listed name used), else the build fails, so
 *   no fragment silently relies on a name another one happens to define.
 * The assembled `.tpl` files exist only where the build writes them (dist/sgtm/, dist/web/, the gallery packages).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'acorn';
import { full } from 'acorn-walk';

const HERE = dirname(fileURLToPath(import.meta.url));
/** Where each container's template folders are. */
const SOURCE_DIRS = { sgtm: HERE, web: join(HERE, '..', 'web') };
const INCLUDE = /^(\s*)\/\/ @include (\S+?)(,?)\s*$/;
const RETURN = /^\/\/ @return (.+)$/m;
const REQUIRE = /^const (\w+) = require\('(\w+)'\);$/;
const CODE_MARKERS = ['___SANDBOXED_JS_FOR_SERVER___', '___SANDBOXED_JS_FOR_WEB_TEMPLATE___'];
const SECTION_MARKER = /^___[A-Z_]+___$/;
const USES = /^\/\/ @uses (.+)$/gm;
// What every template's sandboxed code has without declaring it: its field values and the API loader.
const SANDBOX_GLOBALS = new Set(['data', 'require', 'undefined']);
const TERMS_OF_SERVICE = `By creating or modifying this file you agree to Google Tag Manager's Community
Template Gallery Developer Terms of Service available at
https://developers.google.com/tag-manager/gallery-tos (or such other URL as
Google may provide), as modified from time to time.`;
/** The sections of a template, in the order GTM writes them, and the file of its folder that holds each. */
const SECTIONS = {
  sgtm: [
    ['INFO', 'info.json'],
    ['TEMPLATE_PARAMETERS', 'fields.json'],
    ['SANDBOXED_JS_FOR_SERVER', 'code.js'],
    ['SERVER_PERMISSIONS', 'permissions.json'],
    ['TESTS', 'tests.yaml'],
    ['NOTES', 'notes.md'],
  ],
  web: [
    ['INFO', 'info.json'],
    ['TEMPLATE_PARAMETERS', 'fields.json'],
    ['SANDBOXED_JS_FOR_WEB_TEMPLATE', 'code.js'],
    ['WEB_PERMISSIONS', 'permissions.json'],
    ['TESTS', 'tests.yaml'],
    ['NOTES', 'notes.md'],
  ],
};

/** File names of the templates that have a source folder, e.g. `rokt-event-api.tpl`; `kind` `web` for the web ones. */
export function templateNames(kind = 'sgtm') {
  const dir = SOURCE_DIRS[kind];
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'info.json')))
    .map((name) => `${name}.tpl`)
    .sort();
}

/** The assembled text of one template. */
export function assembleTemplate(name, kind = 'sgtm') {
  const folder = join(SOURCE_DIRS[kind], name.replace(/\.tpl$/, ''));
  const sections = [['TERMS_OF_SERVICE', TERMS_OF_SERVICE]];
  for (const [marker, file] of SECTIONS[kind]) {
    const path = join(folder, file);
    const text = readFileSync(path, 'utf8').replace(/\s+$/, '').replace(RETURN, 'return $1;');
    sections.push([marker, expandIncludes(text, [path])]);
  }
  return hoistRequires(`${sections.map(([marker, body]) => `___${marker}___\n\n${body}\n`).join('\n\n')}`);
}

function expandIncludes(text, chain) {
  return text
    .split('\n')
    .map((line) => {
      const match = INCLUDE.exec(line);
      if (!match) return line;
      const [, indent, path, comma] = match;
      const file = resolve(dirname(chain[chain.length - 1]), path);
      if (chain.includes(file)) throw new Error(`sgtm assemble: include cycle ${[...chain, file].join(' -> ')}`);
      const source = readFileSync(file, 'utf8').replace(/\s+$/, '');
      if (file.endsWith('.js')) checkDeclaredUses(file, source);
      // The // @uses lines are for the build, not for GTM.
      const body = expandIncludes(source.replace(USES, '').replace(/^\n+/, ''), [...chain, file]);
      return (
        body
          .split('\n')
          .map((l) => (l ? indent + l : l))
          .join('\n') + comma
      );
    })
    .join('\n');
}

/**
 * Fails when the fragment `file` uses a name it neither declares, gets from a fragment it includes, nor lists in its
 * `// @uses` lines, or lists a name it does not use.
 */
export function checkDeclaredUses(file, source) {
  const listed = new Set(
    [...source.matchAll(USES)].flatMap((match) =>
      match[1]
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  );
  const available = new Set([...SANDBOX_GLOBALS, ...declaredNames(source), ...includedNames(file, source)]);
  const used = usedNames(source);
  const where = relative(process.cwd(), file);
  const undeclared = [...used].filter((name) => !available.has(name) && !listed.has(name));
  if (undeclared.length) {
    throw new Error(
      `sgtm assemble: ${where} uses ${undeclared.join(', ')} without declaring it: add // @uses ${undeclared.join(', ')}`,
    );
  }
  const stale = [...listed].filter((name) => !used.has(name) || available.has(name));
  if (stale.length) throw new Error(`sgtm assemble: ${where} lists ${stale.join(', ')} in // @uses without needing it`);
}

function parseFragment(source) {
  return parse(source, { ecmaVersion: 2020, allowReturnOutsideFunction: true });
}

/** Names the fragment declares anywhere (functions, constants, parameters): scope-blind, which only errs on the lenient side. */
function declaredNames(source) {
  const names = new Set();
  full(parseFragment(source), (node, _state, type) => {
    if (node.type === 'Identifier' && type === 'VariablePattern') names.add(node.name);
  });
  return names;
}

function usedNames(source) {
  const names = new Set();
  full(parseFragment(source), (node, _state, type) => {
    if (node.type === 'Identifier' && type === 'Identifier') names.add(node.name);
  });
  return names;
}

function includedNames(file, source) {
  const names = [];
  for (const line of source.split('\n')) {
    const match = INCLUDE.exec(line);
    if (!match) continue;
    const included = resolve(dirname(file), match[2]);
    const text = readFileSync(included, 'utf8');
    names.push(...declaredNames(text), ...includedNames(included, text));
  }
  return names;
}

function hoistRequires(text) {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => CODE_MARKERS.includes(line));
  if (start < 0) throw new Error(`sgtm assemble: no ${CODE_MARKERS.join(' or ')} section`);
  let end = lines.findIndex((line, i) => i > start && SECTION_MARKER.test(line));
  if (end < 0) end = lines.length;
  const apis = new Map();
  const code = lines.slice(start + 1, end).filter((line) => {
    const match = REQUIRE.exec(line);
    if (!match) return true;
    const [, name, api] = match;
    if (apis.has(name) && apis.get(name) !== api) throw new Error(`sgtm assemble: ${name} is required as two APIs`);
    apis.set(name, api);
    return false;
  });
  const requires = [...apis]
    .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .map(([name, api]) => `const ${name} = require('${api}');`);
  const body = code
    .join('\n')
    .trim()
    .replace(/\n{3,}/g, '\n\n');
  const section = [lines[start], '', ...requires, '', body, '', ''];
  return [...lines.slice(0, start), ...section, ...lines.slice(end)].join('\n');
}
