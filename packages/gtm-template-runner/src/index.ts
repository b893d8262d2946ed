/**
 * Offline runner for GTM custom templates of server and web containers: parse `.tpl` files, run their sandboxed
 * code with the documented APIs, reject what GTM rejects, and run their `___TESTS___` scenarios. Node only.
 * @packageDocumentation
 */

export { runTemplate } from './run.js';
export type { ApiCall } from './session.js';
export { runTemplateTests, type TemplateTestOptions } from './test-api.js';
export { isWebTemplate, loadTpl, parseTpl } from './tpl.js';
export type { HttpRequestRecord, HttpResponse, RunOptions, RunResult, ScenarioResult, Tpl } from './types.js';
export { TemplateRejected } from './types.js';
export type { UrlLoader } from './web-apis.js';
export {
  ConsentState,
  type ConsentValues,
  CookieJar,
  memoryStorage,
  type PageLoad,
  pageFromWindow,
  type SimulatedBrowser,
  simulatedBrowser,
  type WebPage,
} from './web-page.js';
