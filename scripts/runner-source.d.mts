export declare const RUNNER_SOURCES: Record<string, string>;
export declare const runnerSourcePaths: () => Record<string, string>;
export declare const runnerAliases: () => { find: RegExp; replacement: string }[];
