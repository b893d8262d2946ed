// The minifier settings of the script-tag / GTM build (dist/rokt-sgtm-bridge.min.js), in one place: rollup.config.mjs
// builds with them and bench/bytes-by-module.mjs measures with them, so its figures are the shipped bundle's.

/** @type {import('terser').MinifyOptions} */
export const IIFE_TERSER_OPTIONS = {
  ecma: 5,
  // passes 3 and inline level 2 (functions with arguments, not those declaring variables): 8 bytes of gzip -9 less
  // than terser's defaults with passes 2, measured with `node bench/bytes-by-module.mjs`.
  compress: { passes: 3, inline: 2 },
  // Shortens the names of properties that never leave the bundle: ConsentState's fields and the two dataLayer steps of
  // ConsentSteps (src/browser/consent.ts), and IdentityKeeper's methods not already shared with the public API
  // (src/browser/identity.ts). 36 bytes of gzip -9, and 10 more for the two steps. Not `store` or `forget`: those are
  // also effect names, keys of CONSENT_EFFECTS that the bridge looks up by the string nextConsent returns.
  // Never list a name of window.roktBridge, of roktBridgeConfig or of a dataLayer entry: those are read by name from
  // outside.
  mangle: {
    properties: {
      regex: /^(allowed|defaultDenied|forgotten|setId|setEmailHash|unstore|markCleared|announce|announceNone)$/,
    },
  },
  format: { comments: /^!/ },
};
