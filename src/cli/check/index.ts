/**
 * `rokt-sgtm-bridge check <landing-url>`: verifies a live (staging) site's steps 1–3 in a real browser and prints a
 * checklist. The browser driver, playwright-core, is loaded only here and is an optional peer dependency.
 */
import { BrowserNotFound, findBrowser } from './browser-path.js';
import { dnsLookup } from './durability.js';
import { type CheckOptions, parseCheckOptions, USAGE, UsageError } from './options.js';
import { loadPlaywright, PlaywrightMissing } from './playwright.js';
import { redact, secretsOf } from './redact.js';
import { formatText, toResult } from './report.js';
import { observe } from './session.js';
import { newTestId } from './test-id.js';
import { verdicts } from './verdicts.js';

/**
 * Runs the check; resolves to the exit code: 0 every step passed, 1 a step failed, 2 the check could not run. Every
 * line it writes goes through {@link redact}; no error escapes as a stack trace.
 */
export async function check(args: string[]): Promise<number> {
  // Until the options are read, the secrets are whatever URLs the arguments hold.
  let secrets = secretsOf(args);
  const out = (text: string) => process.stdout.write(redact(text, secrets));
  const err = (text: string) => process.stderr.write(redact(text, secrets));
  let options: CheckOptions | undefined;
  try {
    options = parseCheckOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`rokt-sgtm-bridge check: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    out(USAGE);
    return 0;
  }
  secrets = secretsOf([options.landingUrl, options.conversionUrl], options.email);
  let observation: Awaited<ReturnType<typeof observe>>;
  try {
    const playwright = await loadPlaywright();
    const browserPath = findBrowser(options.browser);
    observation = await observe(options, playwright, browserPath, newTestId(), dnsLookup(options.dnsServer));
  } catch (error) {
    if (error instanceof PlaywrightMissing || error instanceof BrowserNotFound) {
      err(`rokt-sgtm-bridge check: ${error.message}\n`);
    } else {
      // The browser would not start, or broke down: say so in one line (a stack trace helps no installer).
      const message = error instanceof Error ? error.message : String(error);
      err(`rokt-sgtm-bridge check: the check could not run: ${message.split('\n')[0]}\n`);
    }
    return 2;
  }
  const result = toResult(observation, verdicts(observation));
  out(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatText(result));
  return result.ok ? 0 : 1;
}
