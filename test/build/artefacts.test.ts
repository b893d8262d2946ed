// @vitest-environment node
// Tests of what `npm run build` ships (npm test builds first): the files advertisers paste or load, not the sources.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';
import { parse } from 'acorn';
import { describe, expect, it, vi } from 'vitest';
import { assembleTemplate, templateNames } from '../../src/sgtm/assemble.mjs';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const iife = read('dist/rokt-sgtm-bridge.min.js');
const gtmHtml = read('dist/gtm-custom-html.html');
const inlineScripts = [...gtmHtml.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1]);

/**
 * The budget is 3,072 bytes of gzip -9 (the goal 2,560). The bundle is over it: this guard, the measured size rounded
 * up to the next 16 bytes, stops it from growing while it is brought back under (bench/README.md, "Size", says where
 * the bytes go; `node bench/bytes-by-module.mjs` gives them per module). Measured with
 * `npx rollup -c --silent && node -e "console.log(require('zlib').gzipSync(require('fs').readFileSync('dist/rokt-sgtm-bridge.min.js'),{level:9}).length)"`.
 */
const GZIP_BUDGET_BYTES = 3_072;
// 3,888 until the bridge's own pushes were ordered behind the site's push that caused them (with the consent effects
// table and the dataLayer reader): 3,966 B measured (3,955 B once it imported src/vocabulary); the least code that
// orders rokt_identity alone measured 3,898 B.
const GZIP_GUARD_BYTES = 3_968;

describe('dist/rokt-sgtm-bridge.min.js', () => {
  it('parses as ES5, as GTM Custom HTML requires', () => {
    expect(() => parse(iife, { ecmaVersion: 5 })).not.toThrow();
  });

  it(`stays within ${GZIP_GUARD_BYTES} bytes of gzip -9 (budget: ${GZIP_BUDGET_BYTES})`, () => {
    expect(gzipSync(iife, { level: 9 }).length).toBeLessThanOrEqual(GZIP_GUARD_BYTES);
  });

  it('has no eval, no string-compiled code and no network request of its own', () => {
    for (const forbidden of [
      /\beval\(/,
      /new Function/,
      /\bFunction\(/,
      /fetch\(/,
      /XMLHttpRequest/,
      /sendBeacon/,
      /new Image/,
      /\.src=/,
    ]) {
      expect(iife).not.toMatch(forbidden);
    }
  });

  it('calls no built-in newer than ES2017 (GTM pages still reach old Safari versions)', () => {
    for (const newer of [
      'Object.hasOwn',
      'Object.fromEntries',
      '.flatMap(',
      '.replaceAll(',
      'structuredClone',
      '.at(',
    ]) {
      expect(iife, newer).not.toContain(newer);
    }
  });

  it('never throws where there is no window at all', () => {
    const warnings: string[] = [];
    expect(() => runInNewContext(iife, { console: { warn: (line: string) => warnings.push(line) } })).not.toThrow();
    expect(warnings).toEqual(['[rokt-sgtm-bridge] not started: ReferenceError: window is not defined']);
  });
});

describe('dist/gtm-custom-html.html', () => {
  it('inlines the bundle, byte for byte, after a commented config block', () => {
    expect(inlineScripts).toHaveLength(2);
    expect(inlineScripts[0]).toMatch(
      /window\.roktBridgeConfig = window\.roktBridgeConfig \|\| \{[\s\S]*\/\/ consent: 'auto'/,
    );
    expect(inlineScripts[1].trim()).toBe(iife.trim());
  });

  it('contains nothing GTM or the HTML parser would misread: no {{, no </script, no <!--', () => {
    for (const code of inlineScripts) {
      expect(code).not.toContain('{{');
      expect(code.toLowerCase()).not.toContain('</script');
      expect(code).not.toContain('<!--');
    }
  });

  it('every inline script parses as ES5', () => {
    for (const code of inlineScripts) expect(() => parse(code, { ecmaVersion: 5 })).not.toThrow();
  });
});

describe('npm package', () => {
  const pkg = JSON.parse(read('package.json'));

  it('the bundle and the ES module report the package version, put in by the build', async () => {
    const esm = await import(new URL('../../dist/rokt-sgtm-bridge.esm.js', import.meta.url).href);
    expect(esm.version).toBe(pkg.version);
    expect(iife).toContain(`version:"${pkg.version}"`);
    expect(iife + read('dist/rokt-sgtm-bridge.esm.js')).not.toContain('__PACKAGE_VERSION__');
  });

  it('the ES module is silent outside a browser (server-side rendering) and gives empty results', async () => {
    const esm = await import(new URL('../../dist/rokt-sgtm-bridge.esm.js', import.meta.url).href);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect([esm.get(), esm.params(), esm.setEmail('a@b.co'), esm.capture(), esm.conversion('purchase')]).toEqual([
      {},
      {},
      false,
      false,
      undefined,
    ]);
    esm.consent('granted');
    esm.clear();
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
  });

  it('every export path exists after the build', () => {
    const targets = [
      pkg.exports['.'].types,
      pkg.exports['.'].import,
      pkg.exports['./iife'],
      pkg.exports['./gtm-custom-html.html'],
    ];
    for (const target of targets) expect(existsSync(new URL(`../../${target}`, import.meta.url)), target).toBe(true);
  });

  it('the ES module exports the same functions as the global', async () => {
    const esm = await import(new URL('../../dist/rokt-sgtm-bridge.esm.js', import.meta.url).href);
    expect(Object.keys(esm).sort()).toEqual([
      'capture',
      'clear',
      'consent',
      'conversion',
      'get',
      'params',
      'setEmail',
      'setRoktId',
      'version',
    ]);
  });

  it('the type declarations describe window.roktBridge and its queue', () => {
    const types = read('dist/types/browser/types.d.ts');
    expect(types).toMatch(
      /interface Window \{[\s\S]*roktBridge\?: RoktBridge \| QueuedCall\[\];[\s\S]*roktBridgeConfig\?: RoktBridgeConfig;/,
    );
  });

  it('ships the sGTM templates as assembled from their folders in src/sgtm/', () => {
    expect(templateNames()).toEqual(['rokt-event-api.tpl', 'rokt-id-keeper.tpl', 'rokt-identifier.tpl']);
    for (const file of templateNames()) expect(read(`dist/sgtm/${file}`)).toBe(assembleTemplate(file));
  });

  it('ships the web templates as assembled from their folders in src/web/', () => {
    expect(templateNames('web')).toEqual(['rokt-capture.tpl', 'rokt-identifier-web.tpl']);
    for (const file of templateNames('web')) expect(read(`dist/web/${file}`)).toBe(assembleTemplate(file, 'web'));
  });
});

describe('dist/cli, the command line the package ships', () => {
  // The package has no dependencies: what the command line uses of the runner package is inlined by the build, and
  // the only package it may load is its optional peer.
  it('imports only Node built-ins, its own chunks and the optional playwright-core', () => {
    const files = readdirSync(new URL('../../dist/cli', import.meta.url));
    const imported = files.flatMap((file) =>
      [...read(`dist/cli/${file}`).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)(['"])([^'"]+)\1/g)].map(
        ([, , spec]) => spec!,
      ),
    );
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((spec) => !/^(?:node:|\.\/)/.test(spec) && spec !== 'playwright-core')).toEqual([]);
  });
});
