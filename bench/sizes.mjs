// Bytes shipped: the file a site would serve, then gzip -9 and brotli at maximum quality (what a CDN can do).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const modules = new URL('../node_modules/', import.meta.url);

/** Each peer's own minified browser build, as published in the pinned package. */
export const PEER_FILES = {
  meta: new URL('meta-capi-param-builder-clientjs/dist/clientParamBuilder.bundle.js', modules),
  segment: new URL('@segment/analytics-next/dist/umd/standalone.js', modules),
  jsCookie: new URL('js-cookie/dist/js.cookie.min.js', modules),
};

/**
 * @param {URL|string|Buffer} source a file, or the bytes themselves (the limit page's inline script)
 * @returns {{minified: number, gzip: number, brotli: number}} byte counts
 */
export function sizes(source) {
  const bytes = Buffer.isBuffer(source) ? source : readFileSync(source);
  return {
    minified: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  };
}
