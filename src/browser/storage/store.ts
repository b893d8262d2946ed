/**
 * One interface for every place an identifier can live. Missing or empty is `null`: an empty value left behind by a
 * consent tool that blanks cookies instead of deleting them must not win over a real one (segmentio/analytics-next#706).
 */
export interface Store {
  get(key: string): string | null;
  /** `expires` matters to cookies only; localStorage and memory keep the value until removed. */
  set(key: string, value: string, expires: Date): void;
  remove(key: string): void;
}
