/**
 * The sandbox's standard library: which built-in methods GTM's sandboxed JavaScript offers, and the run-time guard
 * that makes every other built-in method throw instead of quietly working in Node.
 * Source: https://developers.google.com/tag-platform/tag-manager/templates/standard-library
 */

/** Methods GTM documents per built-in type. Everything else on these prototypes is outside the sandbox. */
const ALLOWED_METHODS: Readonly<Record<'String' | 'Array' | 'Number' | 'Boolean' | 'Object', readonly string[]>> = {
  Array: [
    'concat',
    'every',
    'filter',
    'forEach',
    'indexOf',
    'join',
    'lastIndexOf',
    'map',
    'pop',
    'push',
    'reduce',
    'reduceRight',
    'reverse',
    'shift',
    'slice',
    'some',
    'sort',
    'splice',
    'toString',
    'unshift',
  ],
  String: [
    'charAt',
    'concat',
    'indexOf',
    'lastIndexOf',
    'match',
    'replace',
    'search',
    'slice',
    'split',
    'substring',
    'toLowerCase',
    'toLocaleLowerCase',
    'toString',
    'toUpperCase',
    'toLocaleUpperCase',
    'trim',
  ],
  Number: ['toString'],
  Boolean: ['toString'],
  // hasOwnProperty is not on the documented list, yet published gallery templates that GTM accepts and whose tests
  // pass in GTM's editor call it (stape-io/facebook-tag, json-http-request-tag, snapchat-tag): GTM has it.
  Object: ['toString', 'hasOwnProperty'],
};

/**
 * Method names of the sandbox's own API objects (`require('Object')`, `Math`, `JSON`, `Promise`, promises,
 * `templateDataStorage`, `BigQuery`, `Firestore`). A call of one of these names is not a standard-library breach.
 */
const API_METHOD_NAMES = new Set([
  'keys',
  'values',
  'entries',
  'freeze',
  'delete',
  'abs',
  'floor',
  'ceil',
  'round',
  'max',
  'min',
  'pow',
  'sqrt',
  'parse',
  'stringify',
  'create',
  'all',
  'then',
  'catch',
  'finally',
  'getItemCopy',
  'setItemCopy',
  'removeItem',
  'clear',
  'insert',
  'read',
  'write',
  'query',
  'runTransaction',
  'bindToEvent',
]);

/** Internals that the engine looks up itself (coercion, species); never replaced. */
const ENGINE_HOOKS = new Set(['constructor', 'valueOf', 'toString', 'length']);

function prototypeMethodNames(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter((name) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    return d !== undefined && typeof d.value === 'function' && !ENGINE_HOOKS.has(name);
  });
}

/**
 * Names that can only be a built-in method GTM lacks (`startsWith`, `includes`, `find`, `padStart`, `toFixed`,
 * `hasOwnProperty`, `call`, …): used by the static check on `x.name(...)` calls.
 */
export const DISALLOWED_METHOD_NAMES: ReadonlySet<string> = (() => {
  const allowed = new Set(Object.values(ALLOWED_METHODS).flat());
  const names = new Set<string>();
  for (const proto of [
    String.prototype,
    Array.prototype,
    Number.prototype,
    Boolean.prototype,
    Object.prototype,
    Function.prototype,
  ]) {
    for (const n of prototypeMethodNames(proto)) if (!allowed.has(n) && !API_METHOD_NAMES.has(n)) names.add(n);
  }
  return names;
})();

/** Called when sandboxed code calls a built-in method GTM lacks; expected to throw. */
export type StdlibViolation = (type: string, method: string) => never;

/**
 * Replaces every built-in method outside the sandbox's standard library on the given realm's prototypes with a guard.
 * The guard reports a breach only when the immediate caller is sandboxed code (`isSandboxCaller`); the runner's own
 * host code may still use the original method on sandbox values.
 */
export function guardPrototypes(
  protos: Record<'String' | 'Array' | 'Number' | 'Boolean' | 'Object' | 'Function', object>,
  isSandboxCaller: () => boolean,
  onViolation: StdlibViolation,
): void {
  for (const [type, proto] of Object.entries(protos)) {
    const allowed = new Set<string>(ALLOWED_METHODS[type as keyof typeof ALLOWED_METHODS] ?? []);
    for (const name of prototypeMethodNames(proto)) {
      if (allowed.has(name)) continue;
      const original = (proto as Record<string, (...a: unknown[]) => unknown>)[name]!;
      Object.defineProperty(proto, name, {
        configurable: true,
        writable: true,
        enumerable: false,
        value: function guarded(this: unknown, ...args: unknown[]): unknown {
          if (isSandboxCaller()) onViolation(type, name);
          return Reflect.apply(original, this, args);
        },
      });
    }
  }
}
