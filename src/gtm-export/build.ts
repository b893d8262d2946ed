/**
 * Writes the import files and gallery packages from the build output: dist/gtm/web-container.json from
 * dist/gtm-custom-html.html, dist/gtm/server-container.json from every dist/sgtm/*.tpl, and dist/gallery/<template>/
 * from every dist/sgtm/*.tpl and dist/web/*.tpl, and dist/gtm/web-container-templates.json (no Custom HTML) from
 * dist/web/*.tpl.
 * Rollup bundles this module to dist/node/gtm-export.mjs and runs it once the other builds are written
 * (rollup.config.mjs), so the files always match the bundle and templates of the same build.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { galleryPackage } from './gallery.js';
import { serverContainer } from './server-container.js';
import { webContainer } from './web-container.js';
import { webTemplatesContainer } from './web-templates-container.js';

/** The dataLayer / GA4 events the imported triggers treat as conversions (the bundle's default too). */
const CONVERSION_EVENTS = ['purchase'];

/** Where the project's docs are read by someone who has only the package. */
const HOMEPAGE = 'https://www.npmjs.com/package/rokt-sgtm-bridge';

/**
 * Builds everything into `distDir`; `root` is the repository (for package.json and the licence text). `now` is the
 * import files' `exportTime`: the build passes the source's date (scripts/source-date.mjs), never the clock.
 */
export function buildGtmExports(distDir: string, root: string, now: Date): void {
  const customHtml = readFileSync(join(distDir, 'gtm-custom-html.html'), 'utf8');
  const builtTemplates = (dir: string) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.tpl'))
      .sort()
      .map((name) => ({ file: name.slice(0, -'.tpl'.length), text: readFileSync(join(dir, name), 'utf8') }));
  const templates = builtTemplates(join(distDir, 'sgtm'));
  const webTemplates = builtTemplates(join(distDir, 'web'));
  const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

  mkdirSync(join(distDir, 'gtm'), { recursive: true });
  writeFileSync(
    join(distDir, 'gtm', 'web-container.json'),
    json(webContainer({ customHtml, conversionEvents: CONVERSION_EVENTS, now })),
  );
  writeFileSync(
    join(distDir, 'gtm', 'server-container.json'),
    json(serverContainer({ templates, conversionEvents: CONVERSION_EVENTS, now })),
  );
  writeFileSync(
    join(distDir, 'gtm', 'web-container-templates.json'),
    json(webTemplatesContainer({ templates: webTemplates, conversionEvents: CONVERSION_EVENTS, now })),
  );

  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const license = readFileSync(join(root, 'src/gtm-export/gallery/LICENSE-Apache-2.0.txt'), 'utf8');
  rmSync(join(distDir, 'gallery'), { recursive: true, force: true });
  for (const template of [...templates, ...webTemplates]) {
    const dir = join(distDir, 'gallery', template.file);
    mkdirSync(dir, { recursive: true });
    for (const file of galleryPackage({ ...template, packageVersion: version, homepage: HOMEPAGE, license })) {
      writeFileSync(join(dir, file.name), file.contents);
    }
  }
}
