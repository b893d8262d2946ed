import vm from 'node:vm';
import { guardPrototypes, type StdlibViolation } from './stdlib.js';

/** Globals the sandbox keeps: everything else is deleted from the context's global object. */
const KEPT_GLOBALS = new Set(['undefined', 'NaN', 'Infinity']);

/** Bootstrap run inside the context: captures what the runner needs, then empties the global scope. */
const BOOTSTRAP = `(function (keep) {
  var isArray = Array.isArray, keys = Object.keys, names = Object.getOwnPropertyNames;
  var protos = { String: String.prototype, Array: Array.prototype, Number: Number.prototype,
    Boolean: Boolean.prototype, Object: Object.prototype, Function: Function.prototype };
  function clone(v, seen) {
    if (v === null || (typeof v !== 'object')) return v;
    if (seen.indexOf(v) !== -1) return undefined;
    seen.push(v);
    var out, i;
    if (isArray(v)) { out = []; for (i = 0; i < v.length; i++) out.push(clone(v[i], seen)); }
    else { out = {}; var k = keys(v); for (i = 0; i < k.length; i++) out[k[i]] = clone(v[k[i]], seen); }
    seen.pop();
    return out;
  }
  var G = globalThis, g = names(G);
  for (var i = 0; i < g.length; i++) if (!keep[g[i]]) delete G[g[i]];
  function array(list) { var out = []; for (var i = 0; i < list.length; i++) out.push(list[i]); return out; }
  return { protos: protos, clone: function (v) { return clone(v, []); }, array: array };
})`;

/** Kinds of sandboxed code: the template's own code, or `___TESTS___` code. */
export type CodeKind = 'code' | 'test';

/** File names sandboxed code is compiled under; stack frames with them are "the sandbox calling". */
const fileOf = (kind: CodeKind): string => `gtm-sandbox-${kind}.js`;
const SANDBOX_FRAME = /gtm-sandbox-(code|test)\.js:(\d+):\d+/;

/** One isolated `node:vm` context with GTM's language surface. */
export interface Realm {
  /**
   * Copies a host value into the sandbox realm (plain data: arrays and objects are rebuilt there, so that the
   * standard-library guard applies to them; functions and non-plain objects pass by reference).
   */
  toSandbox(value: unknown): unknown;
  /** A sandbox-realm array holding the given items by reference (no copy of the items). */
  array(items: readonly unknown[]): unknown[];
  /** Compiles a function body with the given parameter names; line 1 of `body` is line 1 in stack traces. */
  compile(body: string, params: readonly string[], kind: CodeKind): (...args: unknown[]) => unknown;
}

/** The innermost sandboxed frame in a stack: which code and which 1-based line (line 0 when none). */
export function sandboxFrame(stack: string | undefined = new Error().stack): { kind: CodeKind; line: number } {
  const m = SANDBOX_FRAME.exec(stack ?? '');
  return m ? { kind: m[1] as CodeKind, line: Number(m[2]) } : { kind: 'code', line: 0 };
}

function immediateCallerIsSandbox(): boolean {
  // Frames: [0] "Error", [1] this function, [2] the guard, [3] whoever called the guarded method.
  const frames = (new Error().stack ?? '').split('\n');
  return SANDBOX_FRAME.test(frames[3] ?? '');
}

/** Creates a fresh realm; `onViolation` is called (and must throw) when sandboxed code calls a missing built-in. */
export function createRealm(onViolation: StdlibViolation): Realm {
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  const keep = Object.fromEntries([...KEPT_GLOBALS].map((k) => [k, true]));
  const boot = vm.runInContext(BOOTSTRAP, context) as (k: object) => {
    protos: Parameters<typeof guardPrototypes>[0];
    clone: (v: unknown) => unknown;
    array: (list: readonly unknown[]) => unknown[];
  };
  const { protos, clone, array } = boot(vm.runInContext('(' + JSON.stringify(keep) + ')', context) as object);
  guardPrototypes(protos, immediateCallerIsSandbox, onViolation);
  return {
    toSandbox: (value) => (isPlainData(value) ? clone(value) : value),
    array,
    compile(body, params, kind) {
      const source = `(function (${params.join(', ')}) {\n${body}\n})`;
      const script = new vm.Script(source, { filename: fileOf(kind), lineOffset: -1 });
      return script.runInContext(context) as (...args: unknown[]) => unknown;
    },
  };
}

/** Arrays and plain objects (of any realm) are data to copy; anything else (functions, promises) is kept. */
function isPlainData(value: unknown): boolean {
  if (Array.isArray(value)) return true;
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}
