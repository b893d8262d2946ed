// node bench/bytes-by-module.mjs — which source module each byte of the minified IIFE comes from (after
// `npm run build`): rebuilds the IIFE in memory with source maps, as rollup.config.mjs does, and attributes every
// output character to the source file of its mapping. gzip does not split by module, so the gzip column is each
// module's characters compressed on their own: a guide to where bytes go, not parts that add up to the total.
import { gzipSync } from 'node:zlib';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';
import { minify } from 'terser';

const bundle = await rollup({
  input: 'src/browser/iife.ts',
  plugins: [nodeResolve({ browser: true }), typescript({ tsconfig: './tsconfig.build.json', declaration: false })],
  onwarn() {},
});
const { output } = await bundle.generate({ format: 'iife', strict: false, sourcemap: true });
const min = await minify(output[0].code, {
  ecma: 5,
  compress: { passes: 2 },
  sourceMap: { content: output[0].map, asObject: true },
});
const map = new TraceMap(min.map);
const lines = min.code.split('\n');
const chars = {};
for (let line = 0; line < lines.length; line++) {
  let source = '(unmapped)';
  for (let column = 0; column < lines[line].length; column++) {
    const found = originalPositionFor(map, { line: line + 1, column });
    if (found.source) source = found.source.replace(/^.*src\/browser\//, '');
    chars[source] = (chars[source] ?? '') + lines[line][column];
  }
}
const rows = Object.entries(chars).sort((a, b) => b[1].length - a[1].length);
console.log(`total: ${min.code.length} B minified, ${gzipSync(min.code, { level: 9 }).length} B gzip -9\n`);
console.log('module                              minified   gzip alone');
for (const [source, text] of rows)
  console.log(
    `${source.padEnd(36)}${String(text.length).padStart(8)}${String(gzipSync(text, { level: 9 }).length).padStart(12)}`,
  );
