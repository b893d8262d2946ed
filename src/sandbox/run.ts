import type { RunOptions, RunResult, Tpl } from './types.js';

/**
 * Runs a template's sandboxed code once, as a GTM server container would for one event.
 * Settles when the code has returned (a returned promise is awaited) and no callback, promise or request it started
 * is still pending. Rejects with {@link TemplateRejected} for code GTM would refuse.
 */
export async function runTemplate(_tpl: Tpl, _options: RunOptions): Promise<RunResult> {
  throw new Error('runTemplate: not implemented yet');
}
