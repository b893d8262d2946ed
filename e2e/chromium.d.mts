/** Types of e2e/chromium.mjs (plain ESM, shared with the benchmark). */
export declare const CHROMIUM_PATH: string;
export declare const HOST_RESOLVER_RULES: string;
export declare const CHROMIUM_ARGS: string[];
