import { type Node, parse } from 'acorn';
import { fullAncestor } from 'acorn-walk';
import { DISALLOWED_METHOD_NAMES } from './stdlib.js';
import { TemplateRejected } from './types.js';

/** Host globals that sandboxed code does not have; the hint says what GTM offers instead. */
const HOST_GLOBALS: Record<string, string> = {
  Object: "require('Object')",
  Math: "require('Math')",
  JSON: "require('JSON')",
  Promise: "require('Promise')",
  parseInt: "require('makeInteger')",
  parseFloat: "require('makeNumber')",
  String: "require('makeString')",
  Number: "require('makeNumber')",
  encodeURIComponent: "require('encodeUriComponent')",
  decodeURIComponent: "require('decodeUriComponent')",
  encodeURI: "require('encodeUri')",
  decodeURI: "require('decodeUri')",
  setTimeout: "require('callLater')",
  Date: "require('getTimestampMillis')",
  RegExp: "require('createRegex')",
  console: "require('logToConsole')",
  btoa: "require('toBase64')",
  atob: "require('fromBase64')",
};
for (const name of [
  'Array',
  'Boolean',
  'Error',
  'TypeError',
  'Symbol',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'Reflect',
  'Proxy',
  'BigInt',
  'Intl',
  'isNaN',
  'isFinite',
  'escape',
  'unescape',
  'setInterval',
  'setImmediate',
  'queueMicrotask',
  'eval',
  'Function',
  'globalThis',
  'window',
  'document',
  'global',
  'process',
  'Buffer',
  'fetch',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'crypto',
]) {
  HOST_GLOBALS[name] ??= 'a sandboxed API';
}

interface AnyNode extends Node {
  [key: string]: unknown;
}

/** Options of {@link checkSandboxedCode}. */
export interface SyntaxCheckOptions {
  /** API names `require()` may resolve; a literal outside this set is rejected as `unknown-api`. */
  knownApis: ReadonlySet<string>;
}

function reject(rule: string, node: Node, detail: string): never {
  throw new TemplateRejected(rule, node.loc?.start.line ?? 0, detail);
}

/** Property names defined by the code itself (`{ find: … }`, `o.find = …`): calls of those are the code's own. */
function ownPropertyNames(ast: Node): Set<string> {
  const names = new Set<string>();
  fullAncestor(ast, (n) => {
    const node = n as AnyNode;
    if (node.type === 'Property') {
      const key = node.key as AnyNode;
      if (key.type === 'Identifier') names.add(key.name as string);
      else if (key.type === 'Literal') names.add(String(key.value));
    }
    if (node.type === 'AssignmentExpression') {
      const left = node.left as AnyNode;
      if (left.type === 'MemberExpression' && !left.computed) names.add((left.property as AnyNode).name as string);
    }
  });
  return names;
}

/** Every name the code declares anywhere (vars, lets, consts, functions, parameters, catch parameters). */
function declaredNames(ast: Node): Set<string> {
  const names = new Set<string>();
  const addPattern = (p: AnyNode | null | undefined): void => {
    if (p?.type === 'Identifier') names.add(p.name as string);
  };
  fullAncestor(ast, (n) => {
    const node = n as AnyNode;
    if (node.type === 'VariableDeclarator') addPattern(node.id as AnyNode);
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') addPattern(node.id as AnyNode);
    if (node.type.endsWith('Function') || node.type === 'ArrowFunctionExpression' || node.type.startsWith('Function')) {
      for (const p of (node.params as AnyNode[] | undefined) ?? []) addPattern(p);
    }
    if (node.type === 'CatchClause') addPattern(node.param as AnyNode);
  });
  return names;
}

/** True when an Identifier node is a variable reference (not a property name or a label). */
function isReference(node: AnyNode, parent: AnyNode | undefined): boolean {
  if (!parent) return true;
  if (parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return false;
  if (parent.type === 'Property' && parent.key === node && !parent.computed && !parent.shorthand) return false;
  if (parent.type === 'LabeledStatement' || parent.type === 'BreakStatement' || parent.type === 'ContinueStatement') {
    return false;
  }
  return true;
}

function checkNode(
  node: AnyNode,
  parent: AnyNode | undefined,
  ctx: {
    declared: Set<string>;
    ownProps: Set<string>;
    knownApis: ReadonlySet<string>;
  },
): undefined {
  switch (node.type) {
    case 'NewExpression':
      return reject('no-new', node, 'the `new` keyword does not exist in sandboxed JavaScript');
    case 'ThisExpression':
      return reject('no-this', node, 'functions cannot use `this` in sandboxed JavaScript');
    case 'ClassDeclaration':
    case 'ClassExpression':
      return reject('no-class', node, 'classes are not supported');
    case 'TemplateLiteral':
    case 'TaggedTemplateExpression':
      return reject('no-template-literal', node, 'template literals are not supported; concatenate strings');
    case 'SpreadElement':
      return reject('no-spread', node, 'spread syntax (`...`) is not supported');
    case 'RestElement':
      return reject('no-rest', node, 'rest parameters/elements (`...`) are not supported');
    case 'ObjectPattern':
    case 'ArrayPattern':
      return reject('no-destructuring', node, 'destructuring is not supported');
    case 'AssignmentPattern':
      return reject('no-default-parameter', node, 'default parameter values are not supported');
    case 'ForOfStatement':
      return reject('no-for-of', node, '`for…of` is not supported; use a `for` loop or forEach');
    case 'AwaitExpression':
      return reject('no-async', node, '`await` is not supported; use promise callbacks');
    case 'YieldExpression':
      return reject('no-generator', node, 'generators are not supported');
    case 'ChainExpression':
      return reject('no-optional-chaining', node, 'optional chaining (`?.`) is not supported');
    case 'ImportExpression':
    case 'MetaProperty':
      return reject('no-module-syntax', node, '`import()` / `new.target` / `import.meta` are not supported');
    case 'WithStatement':
      return reject('no-with', node, '`with` is not supported');
    case 'MethodDefinition':
    case 'PropertyDefinition':
    case 'StaticBlock':
      return reject('no-class', node, 'classes are not supported');
    case 'Literal':
      if (node.regex)
        return reject(
          'no-regex-literal',
          node,
          "regular-expression literals are not supported; use require('createRegex')",
        );
      if (typeof node.bigint === 'string') return reject('no-bigint', node, 'BigInt literals are not supported');
      return;
    case 'UnaryExpression':
      if (node.operator === 'delete')
        return reject('no-delete', node, "the `delete` operator is not supported; use require('Object').delete");
      return;
    case 'BinaryExpression':
      if (node.operator === '**')
        return reject('no-exponent-operator', node, "`**` is not supported; use require('Math').pow");
      return;
    case 'LogicalExpression':
      if (node.operator === '??') return reject('no-nullish-coalescing', node, '`??` is not supported');
      return;
    case 'AssignmentExpression':
      if (['**=', '??=', '||=', '&&='].includes(node.operator as string)) {
        return reject('no-logical-assignment', node, `\`${node.operator as string}\` is not supported`);
      }
      return;
    case 'Property':
      if (node.kind !== 'init') return reject('no-getter-setter', node, 'getters and setters are not supported');
      if (node.method)
        return reject(
          'no-method-shorthand',
          node,
          'method shorthand (`{ f() {} }`) is not ES5.1; write `f: function () {}`',
        );
      if (node.shorthand)
        return reject('no-property-shorthand', node, 'property shorthand (`{ a }`) is not ES5.1; write `{ a: a }`');
      if (node.computed) return reject('no-computed-key', node, 'computed keys (`{ [k]: v }`) are not ES5.1');
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      if (node.async) return reject('no-async', node, 'async functions are not supported');
      if (node.generator) return reject('no-generator', node, 'generators are not supported');
      return;
    case 'CatchClause':
      if (node.param === null)
        return reject('no-optional-catch-binding', node, '`catch {}` without a parameter is not ES5.1');
      return;
    case 'CallExpression': {
      const callee = node.callee as AnyNode;
      if (callee.type === 'Identifier' && callee.name === 'require' && !ctx.declared.has('require')) {
        const arg = (node.arguments as AnyNode[])[0];
        if (arg?.type !== 'Literal' || typeof arg.value !== 'string') {
          return reject('require-literal', node, 'require() takes the API name as a string literal');
        }
        if (!ctx.knownApis.has(arg.value))
          return reject('unknown-api', node, `require('${arg.value}'): no such sandboxed API`);
      }
      if (callee.type === 'MemberExpression' && !callee.computed) {
        const name = (callee.property as AnyNode).name as string;
        if (DISALLOWED_METHOD_NAMES.has(name) && !ctx.ownProps.has(name)) {
          return reject(
            'stdlib-method',
            callee.property as AnyNode,
            `.${name}() is not in the sandbox's standard library`,
          );
        }
      }
      return;
    }
    case 'Identifier': {
      const name = node.name as string;
      if (!isReference(node, parent) || ctx.declared.has(name)) return;
      const hint = HOST_GLOBALS[name];
      if (hint !== undefined)
        return reject('no-global', node, `\`${name}\` is not a global in sandboxed JavaScript; use ${hint}`);
      return;
    }
    default:
      return;
  }
}

/**
 * Statically checks sandboxed code against what GTM accepts: ECMAScript 5.1 plus arrow functions and `const`/`let`,
 * without `new`, `this`, classes, regex/template literals, spread/rest, destructuring, `for…of`, async, generators,
 * accessors, `delete`; `require()` of known APIs by literal name; no host globals; no built-in methods outside the
 * standard library (calls of a name the code defines as a property itself are allowed).
 * Code is a function body, so a top-level `return` is legal.
 * @throws TemplateRejected naming the rule and the 1-based line.
 */
export function checkSandboxedCode(
  code: string,
  options: SyntaxCheckOptions,
  extraGlobals: readonly string[] = [],
): void {
  let ast: Node;
  try {
    ast = parse(code, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowReturnOutsideFunction: true,
      locations: true,
    });
  } catch (e) {
    const err = e as SyntaxError & { loc?: { line: number } };
    throw new TemplateRejected('syntax', err.loc?.line ?? 0, err.message.replace(/\s*\(\d+:\d+\)$/, ''));
  }
  const declared = declaredNames(ast);
  for (const g of extraGlobals) declared.add(g);
  const ctx = { declared, ownProps: ownPropertyNames(ast), knownApis: options.knownApis };
  // The walk visits children before parents; report the breach that starts first in the source.
  const found: { start: number; error: TemplateRejected }[] = [];
  fullAncestor(ast, (n, _state, ancestors) => {
    const list = ancestors as AnyNode[];
    try {
      checkNode(n as AnyNode, list[list.length - 2], ctx);
    } catch (e) {
      if (!(e instanceof TemplateRejected)) throw e;
      found.push({ start: n.start, error: e });
    }
  });
  found.sort((a, b) => a.start - b.start);
  if (found[0]) throw found[0].error;
}
