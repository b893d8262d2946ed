/** The block of the README between `<!-- bench:begin … -->` and `<!-- bench:end -->`. */
export const BENCH_BLOCK: RegExp;
/** The README's size and speed sentence, written from bench/results/latest.json. */
export function benchSentence(results: unknown): string;
