// The `rokt-sgtm-bridge` executable (package.json "bin"): runs the command line and exits with its code.
import { main } from './main.js';

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `rokt-sgtm-bridge: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
