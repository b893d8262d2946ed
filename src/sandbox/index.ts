/**
 * Offline runner for server-side GTM custom templates: parse `.tpl` files, run their sandboxed code with the
 * documented server APIs, reject what GTM rejects, and run their `___TESTS___` scenarios. Node only.
 * @packageDocumentation
 */

export { loadTpl, parseTpl } from '../formats/tpl.js';
export { runTemplate } from './run.js';
export { runTemplateTests } from './test-api.js';
export type { HttpRequestRecord, HttpResponse, RunOptions, RunResult, ScenarioResult, Tpl } from './types.js';
export { TemplateRejected } from './types.js';
