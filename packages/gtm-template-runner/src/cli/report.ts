/**
 * Runs the `___TESTS___` of `.tpl` files with the offline runner and reports them: per scenario, per template, and in
 * total. Kept apart from the command's argument handling so that tests can run it directly.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseTpl, runTemplateTests, type ScenarioResult, TemplateRejected } from '../index.js';

/** One template's outcome. */
export interface TemplateReport {
  file: string;
  /** `___INFO___.displayName`, when the file could be parsed. */
  displayName?: string;
  /** Why the runner refused the whole template (sandbox rule, unknown API, unreadable file); its scenarios failed. */
  refused?: string;
  scenarios: ScenarioResult[];
  passed: number;
  failed: number;
}

/** The outcome of a whole run. */
export interface RunReport {
  templates: TemplateReport[];
  passed: number;
  failed: number;
}

/** Runs one `.tpl` file's scenarios; never throws (a refusal is part of the report). */
async function testTemplateFile(file: string): Promise<TemplateReport> {
  let text: string;
  let tpl: ReturnType<typeof parseTpl>;
  try {
    text = readFileSync(file, 'utf8');
    tpl = parseTpl(text);
  } catch (e) {
    // Nothing to count scenarios in: the file itself is one failure.
    return { file, refused: (e as Error).message, scenarios: [], passed: 0, failed: 1 };
  }
  const displayName = typeof tpl.info.displayName === 'string' ? tpl.info.displayName : undefined;
  const scenarios = tpl.tests?.scenarios ?? [];
  try {
    const results = await runTemplateTests(tpl);
    const passed = results.filter((r) => r.passed).length;
    return { file, displayName, scenarios: results, passed, failed: results.length - passed };
  } catch (e) {
    if (!(e instanceof TemplateRejected)) throw e;
    return {
      file,
      displayName,
      refused: e.message,
      scenarios: scenarios.map((s) => ({ name: s.name, passed: false, error: 'not run: the template was refused' })),
      passed: 0,
      failed: Math.max(scenarios.length, 1),
    };
  }
}

/** Runs every file in order. */
export async function testTemplateFiles(files: readonly string[]): Promise<RunReport> {
  const templates: TemplateReport[] = [];
  for (const file of files) templates.push(await testTemplateFile(file));
  return {
    templates,
    passed: templates.reduce((n, t) => n + t.passed, 0),
    failed: templates.reduce((n, t) => n + t.failed, 0),
  };
}

/** The human-readable report: a line per scenario, a line per template, and the closing `N passed, N failed`. */
export function formatReport(report: RunReport): string {
  const lines: string[] = [];
  for (const t of report.templates) {
    const name = basename(t.file);
    if (t.refused !== undefined) lines.push(`REFUSED ${name}: ${t.refused}`);
    for (const s of t.scenarios) {
      if (t.refused !== undefined) continue;
      lines.push(s.passed ? `  PASS ${s.name}` : `  FAIL ${s.name}: ${s.error ?? 'failed'}`);
    }
    const tail = t.refused !== undefined ? ' (refused: every scenario counts as failed)' : '';
    const none = t.refused === undefined && t.scenarios.length === 0 ? ' (no ___TESTS___ scenarios)' : '';
    lines.push(`${name}: ${t.passed} passed, ${t.failed} failed${tail}${none}`);
  }
  lines.push(`${report.passed} passed, ${report.failed} failed`);
  return lines.join('\n') + '\n';
}
