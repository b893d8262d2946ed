// Writes the README's CDN script tag (between `<!-- cdn:begin … -->` and `<!-- cdn:end -->`) from dist/integrity.json,
// which the build writes: the versioned jsDelivr address of the IIFE and its Subresource Integrity hash. Run it after
// a build that changed the bundle or the version:
//   npm run build && node scripts/readme-cdn.mjs
// test/docs checks that the README holds exactly this block for the current build.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The block between the markers. */
export const CDN_BLOCK = /(<!-- cdn:begin[^>]*-->\n)([\s\S]*?)(\n<!-- cdn:end -->)/;

/** The README's script tag, written from dist/integrity.json. */
export function cdnBlock({ cdn, integrity }) {
  return [
    '```html',
    "<script>window.roktBridgeConfig = { conversionEvents: ['purchase'] };</script>",
    `<script src="${cdn}"`,
    `        integrity="${integrity}" crossorigin="anonymous"></script>`,
    '```',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const integrity = JSON.parse(readFileSync('dist/integrity.json', 'utf8'));
  const readme = readFileSync('README.md', 'utf8');
  if (!CDN_BLOCK.test(readme)) throw new Error('README.md has no <!-- cdn:begin --> … <!-- cdn:end --> block');
  writeFileSync(
    'README.md',
    readme.replace(CDN_BLOCK, (_all, head, _old, tail) => head + cdnBlock(integrity) + tail),
  );
  console.log(`README.md: CDN script tag written from dist/integrity.json (${integrity.version})`);
}
