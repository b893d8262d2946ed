/**
 * `assertThat` and `assertApi` of GTM's test API (modelled on Google's Truth library), and the deep equality they
 * use. Values may come from either realm, so nothing here relies on prototypes or `instanceof`.
 */
import type { ApiCall } from './session.js';

/** Thrown by a failing assertion or `fail()`; the scenario fails with its message. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionFailure';
  }
}

/** An `arguments` object compares as the array of its items. */
const asList = (v: unknown): unknown =>
  Object.prototype.toString.call(v) === '[object Arguments]' ? Array.from(v as ArrayLike<unknown>) : v;

/**
 * Value equality: primitives by `===` (NaN equals NaN), arrays and objects recursively, functions by identity. An
 * `arguments` object equals the array of its items: pavelsabatka/gtm-heureka's passing "Purchase page" test asserts
 * `assertThat(arguments).isEqualTo(['authenticate', …])` on what its command-queue mock received.
 */
function deepEqual(x: unknown, y: unknown): boolean {
  const a = asList(x);
  const b = asList(y);
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** Short printable form of a value for failure messages. */
export function show(v: unknown): string {
  if (typeof v === 'function') return 'function';
  if (v === undefined) return 'undefined';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v) ?? String(v);
    return s.length > 300 ? s.slice(0, 300) + '…' : s;
  } catch {
    return String(v);
  }
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Builds `assertThat(actual, opt_message)`: every documented subject method; each returns nothing and throws on failure. */
export function assertThat(actual: unknown, message?: unknown): Record<string, (...args: unknown[]) => void> {
  const check = (ok: boolean, expectation: string): void => {
    if (!ok) {
      throw new AssertionFailure(
        `${typeof message === 'string' ? message + ': ' : ''}expected ${show(actual)} ${expectation}`,
      );
    }
  };
  const items = (): unknown[] => (Array.isArray(actual) ? Array.from(actual as unknown[]) : []);
  /** Whether `actual` holds exactly `expected`, in any order (each expected item matched once, deep equality). */
  const sameItems = (expected: unknown[]): boolean => {
    const rest = items();
    return (
      Array.isArray(actual) &&
      rest.length === expected.length &&
      expected.every((x) => {
        const i = rest.findIndex((y) => deepEqual(x, y));
        if (i === -1) return false;
        rest.splice(i, 1);
        return true;
      })
    );
  };
  const has = (x: unknown): boolean =>
    typeof actual === 'string'
      ? typeof x === 'string' && actual.indexOf(x) !== -1
      : items().some((i) => deepEqual(i, x));
  const length = (): number | undefined =>
    typeof actual === 'string' || Array.isArray(actual) ? (actual as { length: number }).length : undefined;
  const num = (): number => actual as number;
  return {
    isUndefined: () => check(actual === undefined, 'to be undefined'),
    isDefined: () => check(actual !== undefined, 'to be defined'),
    isNull: () => check(actual === null, 'to be null'),
    isNotNull: () => check(actual !== null, 'not to be null'),
    isFalse: () => check(actual === false, 'to be false'),
    isTrue: () => check(actual === true, 'to be true'),
    isFalsy: () => check(!actual, 'to be falsy'),
    isTruthy: () => check(!!actual, 'to be truthy'),
    isNaN: () => check(typeof actual === 'number' && Number.isNaN(actual), 'to be NaN'),
    isNotNaN: () => check(!(typeof actual === 'number' && Number.isNaN(actual)), 'not to be NaN'),
    isInfinity: () => check(actual === Infinity || actual === -Infinity, 'to be Infinity'),
    isNotInfinity: () => check(actual !== Infinity && actual !== -Infinity, 'not to be Infinity'),
    isEqualTo: (e) => check(deepEqual(actual, e), `to equal ${show(e)}`),
    isNotEqualTo: (e) => check(!deepEqual(actual, e), `not to equal ${show(e)}`),
    isAnyOf: (...e) =>
      check(
        e.some((x) => deepEqual(actual, x)),
        `to be any of ${show(e)}`,
      ),
    isNoneOf: (...e) => check(!e.some((x) => deepEqual(actual, x)), `to be none of ${show(e)}`),
    isStrictlyEqualTo: (e) => check(actual === e, `to be strictly equal to ${show(e)}`),
    isNotStrictlyEqualTo: (e) => check(actual !== e, `not to be strictly equal to ${show(e)}`),
    isGreaterThan: (e) => check(num() > (e as number), `to be greater than ${show(e)}`),
    isGreaterThanOrEqualTo: (e) => check(num() >= (e as number), `to be greater than or equal to ${show(e)}`),
    isLessThan: (e) => check(num() < (e as number), `to be less than ${show(e)}`),
    isLessThanOrEqualTo: (e) => check(num() <= (e as number), `to be less than or equal to ${show(e)}`),
    contains: (...e) => check(e.every(has), `to contain ${show(e)}`),
    doesNotContain: (...e) => check(!e.some(has), `not to contain any of ${show(e)}`),
    containsExactly: (...e) => check(sameItems(e), `to contain exactly ${show(e)} in any order`),
    doesNotContainExactly: (...e) => check(!sameItems(e), `not to contain exactly ${show(e)}`),
    hasLength: (e) => check(length() === e, `to have length ${show(e)}`),
    isEmpty: () =>
      check(
        length() === 0 || (typeOf(actual) === 'object' && Object.keys(actual as object).length === 0),
        'to be empty',
      ),
    isNotEmpty: () =>
      check(
        !(length() === 0 || (typeOf(actual) === 'object' && Object.keys(actual as object).length === 0)),
        'not to be empty',
      ),
    isArray: () => check(typeOf(actual) === 'array', 'to be an array'),
    isBoolean: () => check(typeof actual === 'boolean', 'to be a boolean'),
    isFunction: () => check(typeof actual === 'function', 'to be a function'),
    isNumber: () => check(typeof actual === 'number', 'to be a number'),
    isObject: () => check(typeOf(actual) === 'object', 'to be an object'),
    isString: () => check(typeof actual === 'string', 'to be a string'),
  };
}

/** Builds `assertApi(name)` over the calls recorded so far in the scenario. */
export function assertApi(name: string, calls: readonly ApiCall[]): Record<string, (...args: unknown[]) => void> {
  const mine = (): ApiCall[] => calls.filter((c) => c.name === name);
  const argsMatch = (c: ApiCall, expected: unknown[]): boolean =>
    c.args.length >= expected.length &&
    expected.every((e, i) => deepEqual(c.args[i], e)) &&
    c.args.slice(expected.length).every((a) => a === undefined);
  const fail = (what: string): never => {
    const seen =
      mine()
        .map((c) => show(c.args))
        .join(', ') || 'no calls';
    throw new AssertionFailure(`expected ${name} ${what} (saw ${seen})`);
  };
  return {
    wasCalled: () => {
      if (mine().length === 0) fail('to have been called');
    },
    wasNotCalled: () => {
      if (mine().length > 0) fail('not to have been called');
    },
    wasCalledWith: (...expected) => {
      if (!mine().some((c) => argsMatch(c, expected))) fail(`to have been called with ${show(expected)}`);
    },
    wasNotCalledWith: (...expected) => {
      if (mine().some((c) => argsMatch(c, expected))) fail(`not to have been called with ${show(expected)}`);
    },
  };
}
