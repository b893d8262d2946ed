/**
 * `rokt-sgtm-bridge check <landing-url>`: verifies a live (staging) site's steps 1–3 in a real browser and prints a
 * checklist. The browser driver, playwright-core, is loaded only here and is an optional peer dependency.
 */
import { BrowserNotFound, findBrowser } from './browser-path.js';
import { type CheckOptions, parseCheckOptions, USAGE, UsageError } from './options.js';
import { loadPlaywright, PlaywrightMissing } from './playwright.js';
import { formatText, toResult } from './report.js';
import { observe } from './session.js';
import { newTestId } from './test-id.js';
import { verdicts } from './verdicts.js';

/** Runs the check; resolves to the exit code: 0 every step passed, 1 a step failed, 2 the check could not run. */
export async function check(args: string[]): Promise<number> {
  let options: CheckOptions | undefined;
  try {
    options = parseCheckOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`rokt-sgtm-bridge check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    process.stdout.write(USAGE);
    return 0;
  }
  let observation: Awaited<ReturnType<typeof observe>>;
  try {
    const playwright = await loadPlaywright();
    const browserPath = findBrowser(options.browser);
    observation = await observe(options, playwright, browserPath, newTestId());
  } catch (error) {
    if (!(error instanceof PlaywrightMissing || error instanceof BrowserNotFound)) throw error;
    process.stderr.write(`rokt-sgtm-bridge check: ${error.message}\n`);
    return 2;
  }
  const result = toResult(observation, verdicts(observation));
  process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return result.ok ? 0 : 1;
}
