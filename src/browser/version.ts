/**
 * The package version. The build (rollup.config.mjs, `packageVersion`) replaces the placeholder with package.json's
 * `version`, so the shipped files can never disagree with the package; unbuilt sources (unit tests) keep the
 * placeholder.
 */
export const VERSION: string = '__PACKAGE_VERSION__';
