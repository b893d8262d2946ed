#!/usr/bin/env node
// The `gtm-template-test` executable (package.json "bin"): runs the command and exits with its code.
import { testTemplate } from './command.js';

testTemplate(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `gtm-template-test: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
