import { checkTemplateCode, Session, templateLocator } from './session.js';
import type { RunOptions, RunResult, Tpl } from './types.js';

/**
 * Runs a template's sandboxed code once, as a GTM server container would for one event: `data` holds the field
 * values plus `gtmOnSuccess` / `gtmOnFailure`, `require()` resolves the server APIs (see README "Offline template
 * runner" for which semantics are faithful). Settles when the code has returned (a returned promise is awaited) and no
 * request, callback or `callLater` it started is pending.
 *
 * A code error is not a rejection: GTM fails the tag, so the run reports it in `errors` (and `outcome: 'failure'` if no
 * outcome was called yet).
 * @throws TemplateRejected (as a rejection) for code GTM refuses: sandbox syntax, a missing standard-library method,
 *   an unknown API, or an unmocked API call outside the declared permissions — even if the code caught the exception.
 */
export async function runTemplate(tpl: Tpl, options: RunOptions): Promise<RunResult> {
  checkTemplateCode(tpl);
  const session = new Session(tpl, options, templateLocator(tpl));
  let failed = false;
  try {
    let value = session.runCode(options.data);
    if (session.promises.isPromise(value) || isThenable(value)) {
      value = await new Promise((resolve, reject) => {
        session.promises.from(value).then(resolve, reject);
      });
    }
    session.result.value = value;
  } catch (e) {
    failed = true;
    session.error(e, 'uncaught error');
  }
  await session.idle();
  session.collectUnhandled();
  if (session.violation) throw session.violation;
  if (failed && session.result.outcome === 'none' && tpl.info.type === 'TAG') session.result.outcome = 'failure';
  return session.result;
}

function isThenable(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
