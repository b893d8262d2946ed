import { AssertionFailure, assertApi, assertThat } from './assertions.js';
import {
  type ApiCall,
  apiNamesOf,
  checkTemplateCode,
  describeError,
  relocate,
  Session,
  templateLocator,
} from './session.js';
import { checkSandboxedCode } from './syntax-check.js';
import { type ScenarioResult, TemplateRejected, type Tpl } from './types.js';

/** Options of {@link runTemplateTests}. */
export interface TemplateTestOptions {
  /**
   * Called after each scenario with the API calls its run made (mocked ones included), in order, as `assertApi`
   * sees them: lets a caller check what a scenario sent, e.g. every request against a vendor's contract.
   */
  onScenarioCalls?: (scenario: string, calls: readonly ApiCall[]) => void;
}

/** Names test code sees besides `require`. */
const TEST_GLOBALS = ['mock', 'mockObject', 'assertApi', 'assertThat', 'runCode', 'fail'] as const;

/**
 * Runs every `___TESTS___` scenario of a template the way GTM's "Run Tests" does: for each scenario a fresh sandbox,
 * `setup` then the scenario code (one function body, so `setup`'s variables are visible), test APIs `mock`,
 * `mockObject`, `assertApi`, `assertThat`, `runCode`, `fail` as globals. A scenario passes when no assertion failed
 * (also inside `callLater` or promise callbacks), nothing threw, and no rule was broken. The runner waits for pending
 * `callLater` callbacks, requests and promises before judging. Mocked APIs skip permission checks, as in GTM.
 * @throws TemplateRejected (as a rejection) when the template code itself breaks a sandbox rule.
 */
export async function runTemplateTests(tpl: Tpl, options: TemplateTestOptions = {}): Promise<ScenarioResult[]> {
  checkTemplateCode(tpl);
  const results: ScenarioResult[] = [];
  for (const scenario of tpl.tests?.scenarios ?? []) results.push(await runScenario(tpl, scenario, options));
  return results;
}

async function runScenario(
  tpl: Tpl,
  scenario: { name: string; code: string },
  options: TemplateTestOptions,
): Promise<ScenarioResult> {
  const setup = tpl.tests?.setup ?? '';
  const setupLines = setup === '' ? 0 : setup.split('\n').length;
  const body = setup === '' ? scenario.code : `${setup}\n${scenario.code}`;
  const locateTest = (line: number): string =>
    line <= setupLines ? `setup line ${line}` : `scenario line ${line - setupLines}`;
  const verdict = (error?: string): ScenarioResult =>
    error === undefined ? { name: scenario.name, passed: true } : { name: scenario.name, passed: false, error };

  try {
    checkSandboxedCode(body, { knownApis: apiNamesOf(tpl) }, TEST_GLOBALS);
  } catch (e) {
    if (e instanceof TemplateRejected) return verdict(relocate(e, locateTest).message);
    throw e;
  }

  const session = new Session(tpl, { data: {}, containerVersion: { debugMode: true } }, templateLocator(tpl), {}, true);
  session.locateTest = locateTest;
  let firstFailure: string | undefined;
  const where = (f: { kind: 'code' | 'test'; line: number }): string => session.where(f);
  const record = <T extends (...a: never[]) => unknown>(fn: T): T =>
    ((...args: never[]) => {
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof AssertionFailure) firstFailure ??= describeError(e, where);
        throw e;
      }
    }) as unknown as T;
  const recordAll = (o: Record<string, (...a: unknown[]) => void>): Record<string, (...a: unknown[]) => void> =>
    Object.fromEntries(Object.entries(o).map(([k, f]) => [k, record(f)]));

  const api = {
    mock: (name: unknown, value: unknown) => {
      session.mocks.set(String(name), value);
    },
    mockObject: (name: unknown, value: unknown) => {
      session.objectMocks.set(String(name), (value ?? {}) as Record<string, unknown>);
    },
    assertApi: (name: unknown) => recordAll(assertApi(String(name), session.calls)),
    assertThat: (actual: unknown, message: unknown) => recordAll(assertThat(actual, message)),
    runCode: (data: unknown) => session.runCode(data),
    fail: record((message?: unknown) => {
      throw new AssertionFailure(typeof message === 'string' ? message : 'fail() was called');
    }),
  };

  let thrown: string | undefined;
  try {
    const fn = session.realm.compile(body, [...TEST_GLOBALS, 'require'], 'test');
    const out = fn(api.mock, api.mockObject, api.assertApi, api.assertThat, api.runCode, api.fail, session.require);
    if (session.promises.isPromise(out)) {
      await new Promise<void>((resolve) => {
        session.promises.from(out).then(
          () => resolve(),
          (e: unknown) => {
            session.error(e, 'test code rejected');
            resolve();
          },
        );
      });
    }
  } catch (e) {
    if (!(e instanceof AssertionFailure)) thrown = describeError(e, where);
    if (e instanceof TemplateRejected) session.violation ??= e;
  }
  await session.idle();
  session.collectUnhandled();
  options.onScenarioCalls?.(scenario.name, session.calls);
  if (session.violation) return verdict(session.violation.message);
  if (firstFailure !== undefined) return verdict(firstFailure);
  if (thrown !== undefined) return verdict(`uncaught error: ${thrown}`);
  const callbackErrors = session.result.errors.filter((e) => !e.startsWith('unhandled promise rejection'));
  if (callbackErrors.length > 0) return verdict(callbackErrors[0]);
  return verdict();
}
