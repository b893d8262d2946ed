import type { ScenarioResult, Tpl } from './types.js';

/** Runs every `___TESTS___` scenario of a template (`setup` first, in a fresh sandbox each time). */
export async function runTemplateTests(_tpl: Tpl): Promise<ScenarioResult[]> {
  throw new Error('runTemplateTests: not implemented yet');
}
