/** Runs the built `rokt-sgtm-bridge check` as a user would, in a child process (the test's servers keep serving). */
import { spawn } from 'node:child_process';
import { CHROMIUM_PATH } from '../chromium.mjs';

export const BIN = 'dist/cli/rokt-sgtm-bridge.mjs';

export interface CheckRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node <bin> check ...args` with the project's Chromium; resolves when it exits. */
export function runCheck(args: string[], bin = BIN): Promise<CheckRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'check', ...args], {
      env: { ...process.env, CHROME_PATH: CHROMIUM_PATH, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** One step of a `--json` result. */
export interface JsonStep {
  id: string;
  status: 'pass' | 'fail' | 'skip';
  detail?: string;
  docs?: string;
}

/** The `--json` result's steps by id. */
export function stepsOf(run: CheckRun): Record<string, JsonStep> {
  let parsed: { steps: JsonStep[] };
  try {
    parsed = JSON.parse(run.stdout);
  } catch {
    throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
  return Object.fromEntries(parsed.steps.map((step) => [step.id, step]));
}
