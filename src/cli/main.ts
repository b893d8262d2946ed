/**
 * `rokt-sgtm-bridge <command>`: the package's command line (Node only, never part of the browser bundle).
 * Each command lives in its own module and is loaded only when asked for, so that `--help` never pays for the
 * browser driver that `check` needs.
 */

/** A subcommand: takes its own arguments, returns the process exit code. */
export type Command = (args: string[]) => Promise<number>;

interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

/** The subcommands, one entry each; a command's module is imported only when it runs. */
const COMMANDS: Record<string, CommandEntry> = {
  check: {
    summary: 'open a landing page with a test Rokt ID and check every step up to the server container',
    load: async () => (await import('./check/index.js')).check,
  },
};

/** Commands that left this package, and where they went, so that an old script gets an answer instead of a shrug. */
const MOVED: Record<string, string> = {
  'test-template': 'the gtm-template-runner package: npx -p gtm-template-runner gtm-template-test <file.tpl>…',
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, entry]) => `  ${name.padEnd(16)}${entry.summary}`);
  return ['Usage: rokt-sgtm-bridge <command> [options]', '', 'Commands:', ...rows, ''].join('\n');
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    if (Object.hasOwn(MOVED, name)) {
      process.stderr.write(`rokt-sgtm-bridge: "${name}" has moved to ${MOVED[name]}\n`);
      return 2;
    }
    process.stderr.write(`rokt-sgtm-bridge: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  return (await entry.load())(args);
}
