import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { IIFE_TERSER_OPTIONS } from './scripts/iife-terser-options.mjs';
import { RUNNER_SOURCES, runnerSourcePaths } from './scripts/runner-source.mjs';
import { sourceDate } from './scripts/source-date.mjs';
import { assembleTemplate, templateNames } from './src/sgtm/assemble.mjs';

// Declarations are emitted file by file: clear them so a deleted module leaves no stale .d.ts in the package.
rmSync('dist/types', { recursive: true, force: true });
// The command line's chunks carry content hashes in their names: an old build's chunks would otherwise ship too.
rmSync('dist/cli', { recursive: true, force: true });

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));

/** Puts package.json's version in place of src/browser/version.ts's placeholder, in the code that ships. */
function packageVersion() {
  return {
    name: 'package-version',
    renderChunk: (code) => code.replaceAll('__PACKAGE_VERSION__', version),
  };
}

// noEmitOnError: a type error against the browser build's lib (ES2017 + DOM), such as an ES2022 built-in, fails the
// build instead of shipping code that old browsers cannot run.
const browserPlugins = () => [
  nodeResolve({ browser: true }),
  typescript({ tsconfig: './tsconfig.build.json', noEmitOnError: true }),
  packageVersion(),
];

/**
 * Emits dist/gtm-custom-html.html: the minified bundle inline, ready to paste into a GTM Custom HTML tag.
 * GTM reads `{{` as a variable reference and the HTML parser ends the tag at `</script` or misreads `<!--`,
 * so the build fails rather than ship a tag that breaks silently.
 */
function gtmCustomHtml() {
  return {
    name: 'gtm-custom-html',
    generateBundle(_options, bundle) {
      const code = Object.values(bundle)
        .find((chunk) => chunk.type === 'chunk')
        .code.trim();
      for (const forbidden of ['{{', '</script', '<!--']) {
        if (code.toLowerCase().includes(forbidden)) throw new Error(`gtm-custom-html: bundle contains "${forbidden}"`);
      }
      const template = readFileSync('src/browser/gtm-custom-html.template.html', 'utf8');
      this.emitFile({
        type: 'asset',
        fileName: 'gtm-custom-html.html',
        source: template.replace('/*BUNDLE*/', () => code),
      });
    },
  };
}

/**
 * Emits dist/integrity.json: the IIFE's Subresource Integrity hash (sha384, as `<script integrity>` takes it) and its
 * versioned CDN address, for the README's script tag (scripts/readme-cdn.mjs writes it there; a test checks it).
 */
function integrityFile() {
  return {
    name: 'integrity-file',
    generateBundle(options, bundle) {
      const file = options.file.replace(/^.*\//, '');
      const code = bundle[file].code;
      const integrity = `sha384-${createHash('sha384').update(code).digest('base64')}`;
      const cdn = `https://cdn.jsdelivr.net/npm/rokt-sgtm-bridge@${version}/dist/${file}`;
      this.emitFile({
        type: 'asset',
        fileName: 'integrity.json',
        source: `${JSON.stringify({ version, file: `dist/${file}`, integrity, cdn }, null, 2)}\n`,
      });
    },
  };
}

/**
 * Emits the sGTM templates to dist/sgtm/, each assembled from its folder src/sgtm/<name>/ and the shared fragments in
 * src/sgtm/shared/ (src/sgtm/assemble.mjs); no assembled copy is committed. The web templates (src/web/<name>/) go to dist/web/ the same way.
 */
function assembleSgtmTemplates() {
  return {
    name: 'assemble-sgtm-templates',
    generateBundle() {
      for (const name of templateNames()) {
        this.emitFile({ type: 'asset', fileName: `sgtm/${name}`, source: assembleTemplate(name) });
      }
      for (const name of templateNames('web')) {
        this.emitFile({ type: 'asset', fileName: `web/${name}`, source: assembleTemplate(name, 'web') });
      }
    },
  };
}

/**
 * Runs the just-written dist/node/gtm-export.mjs, which writes dist/gtm/*.json and dist/gallery/ from the bundle and
 * templates that the builds before it wrote (`rollup -c` runs the configurations in order).
 */
function writeGtmExports() {
  return {
    name: 'write-gtm-exports',
    async writeBundle(options) {
      const url = `${pathToFileURL(resolve(options.file)).href}?build=${Date.now()}`;
      const { buildGtmExports } = await import(url);
      // Stamped with the source's date, not the clock, so that the build is reproducible (scripts/source-date.mjs).
      buildGtmExports('dist', '.', sourceDate().date);
    },
  };
}

/** TypeScript for the Node-only builds (preview, command line): modern target, Node types. */
function nodeTypescriptOptions(include) {
  return {
    tsconfig: false,
    include,
    compilerOptions: {
      target: 'ES2022',
      module: 'ESNext',
      moduleResolution: 'bundler',
      strict: true,
      skipLibCheck: true,
      types: ['node'],
      lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    },
  };
}

/**
 * The runner package (packages/gtm-template-runner), taken from its sources and inlined: the command line then needs
 * no runner at run time (the bridge's package has no runtime dependency), and no build of the runner comes first.
 */
function runnerFromSource() {
  const sources = runnerSourcePaths();
  return { name: 'runner-from-source', resolveId: (id) => sources[id] ?? null };
}

/** The runner's sources, for the TypeScript plugin's `include`. */
const RUNNER_TS = 'packages/gtm-template-runner/src/**/*.ts';

/**
 * Node builds leave built-ins and npm packages to Node's own resolution, except the runner (inlined, see above). The
 * runner's own dependencies (acorn, yaml) stay external: only the dev-only builds reach them.
 */
const isExternalForNode = (id) =>
  id.startsWith('node:') ||
  (!Object.hasOwn(RUNNER_SOURCES, id) && !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'));

export default [
  {
    // The script-tag / GTM build: one IIFE that installs window.roktBridge. Must parse as ES5 (GTM Custom HTML).
    input: 'src/browser/iife.ts',
    plugins: browserPlugins(),
    output: {
      file: 'dist/rokt-sgtm-bridge.min.js',
      format: 'iife',
      strict: false, // the bundle does not rely on strict mode; 13 bytes saved
      plugins: [terser(IIFE_TERSER_OPTIONS), gtmCustomHtml(), integrityFile()],
    },
  },
  {
    // The local preview for `npm start` (Node): shop, server container, Rokt stand-in, with the template runner.
    input: 'src/preview/main.ts',
    plugins: [
      typescript(
        nodeTypescriptOptions([
          'src/preview/**/*.ts',
          RUNNER_TS,
          'src/gtm-export/**/*.ts',
          'src/browser/**/*.ts',
          'src/formats/**/*.ts',
          'src/vocabulary/**/*.ts',
        ]),
      ),
      runnerFromSource(),
    ],
    external: isExternalForNode,
    output: { file: 'dist/node/preview.mjs', format: 'es' },
  },
  {
    // The command line (`rokt-sgtm-bridge`, package.json "bin"), Node only: one chunk per subcommand.
    input: 'src/cli/bin.ts',
    plugins: [
      typescript(
        nodeTypescriptOptions([
          'src/cli/**/*.ts',
          RUNNER_TS,
          'src/browser/**/*.ts',
          'src/formats/**/*.ts',
          'src/vocabulary/**/*.ts',
        ]),
      ),
      runnerFromSource(),
    ],
    external: isExternalForNode,
    output: { dir: 'dist/cli', format: 'es', banner: '#!/usr/bin/env node', entryFileNames: 'rokt-sgtm-bridge.mjs' },
  },
  {
    // The npm build: ES module plus type declarations (dist/types/).
    input: 'src/browser/index.ts',
    plugins: [...browserPlugins(), assembleSgtmTemplates()],
    output: { dir: 'dist', entryFileNames: 'rokt-sgtm-bridge.esm.js', format: 'es' },
  },
  {
    // Last: the GTM import files and gallery packages, generated from what the builds above wrote.
    input: 'src/gtm-export/build.ts',
    plugins: [
      typescript(
        nodeTypescriptOptions(['src/gtm-export/**/*.ts', RUNNER_TS, 'src/formats/**/*.ts', 'src/vocabulary/**/*.ts']),
      ),
      runnerFromSource(),
      writeGtmExports(),
    ],
    external: isExternalForNode,
    output: { file: 'dist/node/gtm-export.mjs', format: 'es' },
  },
];
