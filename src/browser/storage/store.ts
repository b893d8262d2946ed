/**
 * One interface for every place an identifier can live: a function that reads `key` when called without a value and
 * writes it otherwise, the empty string removing it. Missing or empty reads as falsy, so an empty value left by a
 * consent tool that blanks cookies instead of deleting them never wins over a real one (segmentio/analytics-next#706).
 * One function rather than get/set/remove methods: every store ships in the bundle, so the narrow shape is paid once.
 */
export type Store = (key: string, value?: string, expires?: Date) => string | null | undefined | void;
