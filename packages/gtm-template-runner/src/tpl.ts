import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';

/** A parsed `.tpl` file (the GTM template editor's export format). */
export interface Tpl {
  /** `___INFO___` JSON: `type` (`TAG` | `MACRO` | `CLIENT`), `displayName`, `containerContexts`, … */
  info: Record<string, unknown>;
  /** `___TEMPLATE_PARAMETERS___` JSON: the UI field definitions. */
  parameters: unknown[];
  /** Sandboxed JS (`___SANDBOXED_JS_FOR_SERVER___`, else `___SANDBOXED_JS_FOR_WEB_TEMPLATE___`). */
  code: string;
  /** 1-based line of the `.tpl` file on which `code` starts (0 when the code did not come from a file). */
  codeStartLine: number;
  /** `___SERVER_PERMISSIONS___` (or `___WEB_PERMISSIONS___`) JSON: permission instances. */
  permissions: unknown[];
  /** `___TESTS___` parsed as YAML; `null` when the section is absent or empty. */
  tests: { scenarios: { name: string; code: string }[]; setup: string } | null;
  /** Every section's raw body, keyed by marker name without underscores (`INFO`, `TESTS`, …). */
  sections: Record<string, string>;
}

const MARKER = /^___([A-Z0-9_]+)___\s*$/;

/** Splits a `.tpl` text into its sections (marker name → body) and remembers where each body starts. */
function splitSections(text: string): Map<string, { body: string; startLine: number }> {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const out = new Map<string, { body: string; startLine: number }>();
  let name: string | null = null;
  let start = 0;
  const close = (end: number): void => {
    if (name === null) return;
    let from = start;
    while (from < end && lines[from]!.trim() === '') from++;
    let to = end;
    while (to > from && lines[to - 1]!.trim() === '') to--;
    out.set(name, { body: lines.slice(from, to).join('\n'), startLine: from + 1 });
  };
  lines.forEach((line, i) => {
    const m = MARKER.exec(line);
    if (!m) return;
    close(i);
    name = m[1]!;
    start = i + 1;
  });
  close(lines.length);
  return out;
}

function parseJsonSection<T>(name: string, body: string | undefined, fallback: T): T {
  if (body === undefined || body.trim() === '') return fallback;
  try {
    return JSON.parse(body) as T;
  } catch (e) {
    throw new Error(`.tpl section ___${name}___ is not valid JSON: ${(e as Error).message}`);
  }
}

function parseTests(body: string | undefined): Tpl['tests'] {
  if (body === undefined || body.trim() === '') return null;
  const doc = parseYaml(body) as { scenarios?: unknown; setup?: unknown } | null;
  if (doc === null || typeof doc !== 'object') throw new Error('.tpl section ___TESTS___ is not a YAML mapping');
  const raw = doc.scenarios ?? [];
  if (!Array.isArray(raw)) throw new Error('___TESTS___ scenarios must be a list');
  const scenarios = raw.map((s, i) => {
    const item = s as { name?: unknown; code?: unknown };
    if (typeof item?.name !== 'string' || typeof item.code !== 'string') {
      throw new Error(`___TESTS___ scenario ${i + 1} needs a string name and code`);
    }
    return { name: item.name, code: item.code };
  });
  const setup = doc.setup ?? '';
  if (typeof setup !== 'string') throw new Error('___TESTS___ setup must be a string');
  return { scenarios, setup };
}

/**
 * Parses the text of a `.tpl` file: strips a byte-order mark, splits on `___NAME___` marker lines, reads the JSON
 * sections and `___TESTS___` (YAML). Prefers the server code and permissions over the web ones when both exist.
 * @throws Error when a JSON or YAML section is malformed or no sandboxed-JS section exists.
 */
export function parseTpl(text: string): Tpl {
  const found = splitSections(text);
  const code = found.get('SANDBOXED_JS_FOR_SERVER') ?? found.get('SANDBOXED_JS_FOR_WEB_TEMPLATE');
  if (!code) throw new Error('.tpl has no ___SANDBOXED_JS_FOR_SERVER___ (or web) section');
  const sections: Record<string, string> = {};
  for (const [name, { body }] of found) sections[name] = body;
  const permissions = found.get('SERVER_PERMISSIONS') ?? found.get('WEB_PERMISSIONS');
  return {
    info: parseJsonSection('INFO', found.get('INFO')?.body, {}),
    parameters: parseJsonSection('TEMPLATE_PARAMETERS', found.get('TEMPLATE_PARAMETERS')?.body, []),
    code: code.body,
    codeStartLine: code.startLine,
    permissions: parseJsonSection('SERVER_PERMISSIONS', permissions?.body, []),
    tests: parseTests(found.get('TESTS')?.body),
    sections,
  };
}

/**
 * True for a web container template: its code is `___SANDBOXED_JS_FOR_WEB_TEMPLATE___` (a file with both sections
 * runs as a server template), or, for a template built in memory, `___INFO___.containerContexts` is `["WEB"]`.
 */
export function isWebTemplate(tpl: Tpl): boolean {
  if ('SANDBOXED_JS_FOR_SERVER' in tpl.sections) return false;
  if ('SANDBOXED_JS_FOR_WEB_TEMPLATE' in tpl.sections) return true;
  const contexts = tpl.info.containerContexts;
  return Array.isArray(contexts) && contexts.includes('WEB') && !contexts.includes('SERVER');
}

/** Reads and parses a `.tpl` file (UTF-8). */
export function loadTpl(path: string): Tpl {
  return parseTpl(readFileSync(path, 'utf8'));
}
