/**
 * `gtm-template-test [--json] <file.tpl>…`: runs each template's `___TESTS___` scenarios offline.
 * Exit code 0 only when every scenario of every template passed; 1 when any failed or a template was refused;
 * 2 for a usage error.
 */
import { formatReport, testTemplateFiles } from './report.js';

const USAGE = `Usage: gtm-template-test [--json] <file.tpl>…

Runs each template's ___TESTS___ scenarios with the offline GTM sandbox (server and web templates) and prints
one line per scenario (PASS, or FAIL with the failing assertion and its scenario line), one line per template and
a closing line "N passed, N failed". A template the runner refuses (a sandbox rule, an unknown API) says why, with its .tpl
line, and its scenarios count as failed. Exit code 0 only if every scenario passed.

  --json   print the report as JSON instead
`;

/** Runs the command with its arguments (without the command's own name); resolves to the process exit code. */
export async function testTemplate(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const unknown = args.filter((a) => a.startsWith('-') && a !== '--json');
  const files = args.filter((a) => !a.startsWith('-'));
  if (unknown.length > 0 || files.length === 0) {
    process.stderr.write(
      `${unknown.length > 0 ? `gtm-template-test: unknown option ${unknown.join(', ')}` : 'gtm-template-test: no .tpl file given'}\n\n${USAGE}`,
    );
    return 2;
  }
  const report = await testTemplateFiles(files);
  process.stdout.write(args.includes('--json') ? JSON.stringify(report, null, 2) + '\n' : formatReport(report));
  return report.failed === 0 ? 0 : 1;
}
