// Where the IIFE's bytes go: builds src/browser/iife.ts as rollup.config.mjs does, with source maps through terser,
// attributes every minified character to its source file, and shares the gzip size out in proportion.
// Usage: node scripts/size-attribution.mjs

import { gzipSync } from 'node:zlib';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { rollup } from 'rollup';

const bundle = await rollup({
  input: 'src/browser/iife.ts',
  plugins: [
    nodeResolve({ browser: true }),
    typescript({ tsconfig: './tsconfig.build.json', declaration: false, declarationDir: undefined, sourceMap: true }),
  ],
});
const { output } = await bundle.generate({
  format: 'iife',
  strict: false,
  sourcemap: true,
  plugins: [terser({ ecma: 5, compress: { passes: 2 }, format: { comments: /^!/ }, sourceMap: true })],
});
const { code, map } = output[0];
const trace = new TraceMap(map);
const chars = {};
let source = '(wrapper)';
code.split('\n').forEach((line, index) => {
  for (let column = 0; column < line.length; column++) {
    const position = originalPositionFor(trace, { line: index + 1, column });
    if (position.source) source = position.source.replace(/^.*?(src\/|node_modules\/)/, '$1');
    chars[source] = (chars[source] || 0) + 1;
  }
});
const gzip = gzipSync(code, { level: 9 }).length;
console.log('minified  ~gzip  source');
for (const [file, count] of Object.entries(chars).sort((a, b) => b[1] - a[1])) {
  console.log(`${String(count).padStart(8)} ${String(Math.round((count / code.length) * gzip)).padStart(6)}  ${file}`);
}
console.log(`${String(code.length).padStart(8)} ${String(gzip).padStart(6)}  total (gzip = zlib level 9)`);
