// `npm start`: build everything (the browser bundle, the GTM Custom HTML text, the templates, the preview itself),
// then run the local preview until Ctrl-C. Node 20 cannot run the TypeScript sources, hence the build first.
import { spawnSync } from 'node:child_process';

console.log('Building (rollup)…');
const build = spawnSync('node_modules/.bin/rollup', ['-c', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('The build failed; the preview was not started.');
  process.exit(build.status ?? 1);
}
const { main } = await import('../dist/node/preview.mjs');
await main();
