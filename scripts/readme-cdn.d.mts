/** The block of the README between `<!-- cdn:begin … -->` and `<!-- cdn:end -->`. */
export const CDN_BLOCK: RegExp;
/** The README's CDN script tag, written from dist/integrity.json. */
export function cdnBlock(integrity: { cdn: string; integrity: string }): string;
