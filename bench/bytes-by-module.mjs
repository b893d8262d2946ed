// node bench/bytes-by-module.mjs — where the IIFE's bytes go. Rebuilds src/browser/iife.ts in memory as
// rollup.config.mjs does (same TypeScript settings, same terser options from scripts/iife-terser-options.mjs), then:
//   1. attributes every minified character to the source module of its mapping. gzip does not split by module, so
//      the gzip column is each module's characters compressed on their own: a guide, not parts that add up;
//   2. rebuilds without the texts of log and warning messages, without the synchronous SHA-256, and without both,
//      to show how much of the total is behaviour other than those two (the "floor" a size budget has to fit).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { Parser } from 'acorn';
import { simple } from 'acorn-walk';
import { rollup } from 'rollup';
import { IIFE_TERSER_OPTIONS } from '../scripts/iife-terser-options.mjs';

const BUDGET = 3072;
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
/** Functions whose string arguments are message text: the debug log, warnings, a store's error report. */
const MESSAGE_CALLS = new Set(['log', 'warn', 'report']);

/** Empties every string literal inside a call to one of MESSAGE_CALLS (keys, names and values are left alone). */
function withoutMessageTexts() {
  return {
    name: 'without-message-texts',
    transform(code, id) {
      if (!id.includes('src/browser/')) return null;
      const ast = Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'module' });
      const cuts = [];
      simple(ast, {
        CallExpression(call) {
          if (call.callee.type !== 'Identifier' || !MESSAGE_CALLS.has(call.callee.name)) return;
          for (const argument of call.arguments)
            simple(argument, {
              Literal(literal) {
                if (typeof literal.value === 'string') cuts.push(literal);
              },
            });
        },
      });
      let out = code;
      for (const literal of cuts.sort((a, b) => b.start - a.start))
        out = `${out.slice(0, literal.start)}''${out.slice(literal.end)}`;
      return { code: out, map: null };
    },
  };
}

/** Replaces the synchronous SHA-256 with a function that returns its input. */
function withoutSha256() {
  return {
    name: 'without-sha256',
    load: (id) => (id.endsWith('src/browser/sha256.ts') ? 'export function sha256Hex(text) { return text; }' : null),
  };
}

/** The IIFE as rollup.config.mjs builds it, with `extraPlugins` first; with a source map only when `sourcemap`. */
async function build(extraPlugins = [], sourcemap = false) {
  const bundle = await rollup({
    input: 'src/browser/iife.ts',
    plugins: [
      ...extraPlugins,
      // The version in place of its placeholder before terser, as rollup.config.mjs does (terser's short names
      // depend on the text's character counts); the attributed build keeps the placeholder, so its map fits.
      sourcemap ? null : { name: 'version', renderChunk: (code) => code.replaceAll('__PACKAGE_VERSION__', version) },
      nodeResolve({ browser: true }),
      typescript({
        tsconfig: './tsconfig.build.json',
        declaration: false,
        declarationDir: undefined,
        sourceMap: sourcemap,
      }),
    ],
    onwarn() {},
  });
  const { output } = await bundle.generate({
    format: 'iife',
    strict: false,
    sourcemap,
    plugins: [terser({ ...IIFE_TERSER_OPTIONS, sourceMap: sourcemap })],
  });
  const { code, map } = output[0];
  const shipped = Buffer.from(`${code.trimEnd()}\n`); // as rollup writes the file
  return { code, map, gzip: gzipSync(shipped, { level: 9 }).length, minified: shipped.length };
}

const shipped = await build();
const mapped = await build([], true);
const trace = new TraceMap(mapped.map);
const chars = {};
let source = '(wrapper)';
mapped.code.split('\n').forEach((line, index) => {
  for (let column = 0; column < line.length; column++) {
    const position = originalPositionFor(trace, { line: index + 1, column });
    if (position.source) source = position.source.replace(/^.*src\/browser\//, '');
    chars[source] = (chars[source] ?? '') + line[column];
  }
});

console.log(`total: ${shipped.minified} B minified, ${shipped.gzip} B gzip -9 (budget ${BUDGET} B)\n`);
console.log('module                              minified   gzip alone');
for (const [file, text] of Object.entries(chars).sort((a, b) => b[1].length - a[1].length))
  console.log(
    `${file.padEnd(36)}${String(text.length).padStart(8)}${String(gzipSync(text, { level: 9 }).length).padStart(12)}`,
  );

const variants = [
  ['as built', shipped],
  ['without message texts (log, warn)', await build([withoutMessageTexts()])],
  ['without the synchronous SHA-256', await build([withoutSha256()])],
  ['without both', await build([withoutMessageTexts(), withoutSha256()])],
];
console.log('\nbuild                                 gzip -9   saved   over budget');
for (const [name, { gzip }] of variants)
  console.log(
    `${name.padEnd(36)}${String(gzip).padStart(9)}${String(shipped.gzip - gzip).padStart(8)}${String(gzip - BUDGET).padStart(14)}`,
  );
