import type { Observation } from './observation.js';
import type { Step } from './verdicts.js';

/** Where each fix hint points; the anchors are headings of its troubleshooting section. */
const VERIFY_DOC = 'docs/verify.md';

const MARK: Record<Step['status'], string> = { pass: '✔', fail: '✖', skip: '–' };

/** The result as `--json` prints it: one object, the same facts as the text. */
export interface CheckResult {
  ok: boolean;
  url: string;
  testId: string;
  /** Only the digest of `--email`; the address itself is never printed. */
  emailSha256?: string;
  /** What was done to make a conversion, and that it sent a real GA4 event. */
  conversion?: { how: 'url' | 'push'; target: string; event: string; transactionId?: string; realEventSent: boolean };
  steps: (Step & { docs?: string })[];
  /** The bundle's own console warnings on the pages visited. */
  warnings: string[];
}

export function toResult(seen: Observation, steps: Step[]): CheckResult {
  const conversion = seen.conversion;
  return {
    ok: steps.every((step) => step.status !== 'fail'),
    url: seen.url,
    testId: seen.testId,
    emailSha256: seen.emailSha256,
    conversion: conversion && {
      how: conversion.how,
      target: conversion.target,
      event: conversion.event,
      transactionId: conversion.transactionId,
      realEventSent: seen.hits.some(
        (hit) => hit.afterConversion && hit.events.some((data) => data.event_name === conversion.event),
      ),
    },
    steps: steps.map((step) => (step.anchor ? { ...step, docs: docsOf(step.anchor) } : step)),
    warnings: seen.warnings,
  };
}

/** A step's anchor as a path: a heading of verify.md, or `<file>.md#<heading>` of another doc. */
function docsOf(anchor: string): string {
  return anchor.includes('.md#') ? `docs/${anchor}` : `${VERIFY_DOC}#${anchor}`;
}

/** The checklist for a terminal. */
export function formatText(result: CheckResult): string {
  const lines = [`Checked ${result.url}`, `Test Rokt ID: ${result.testId}`];
  if (result.emailSha256) lines.push(`Email: given (SHA-256 ${result.emailSha256})`);
  const conversion = result.conversion;
  if (conversion) {
    const how =
      conversion.how === 'url'
        ? `by opening ${conversion.target}`
        : `by pushing {event: "${conversion.event}", transaction_id: "${conversion.transactionId}"} to the dataLayer`;
    lines.push(
      conversion.realEventSent
        ? `Conversion made ${how}: a real GA4 "${conversion.event}" event was sent.`
        : `Conversion attempted ${how}: no GA4 "${conversion.event}" event was seen.`,
    );
  }
  lines.push('');
  for (const step of result.steps) {
    lines.push(`${MARK[step.status]} ${step.title}${step.detail ? ` — ${step.detail}` : ''}`);
    if (step.fix) lines.push(`    fix: ${step.fix} (${step.docs})`);
  }
  for (const warning of result.warnings) lines.push(`  bundle warning: ${warning}`);
  const failed = result.steps.filter((step) => step.status === 'fail').length;
  lines.push('', failed ? `${failed} step${failed > 1 ? 's' : ''} failed.` : 'Every step passed.', '');
  return lines.map(printable).join('\n');
}

/** A line as the terminal should get it: text a page supplied (a version, a warning) cannot move the cursor or recolour. */
function printable(line: string): string {
  return line.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is escaped
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
