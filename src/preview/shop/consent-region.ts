/**
 * How specifically a Consent Mode `default` scoped to `regions` applies to a visitor in `visitorRegion` (ISO 3166-2,
 * `ES` or `ES-MD`; empty when unknown): 0 for an unscoped default, 1 for the visitor's country, 2 for their
 * subdivision, -1 when it does not apply. GTM applies the most specific matching default; an update applies whatever
 * the region (https://developers.google.com/tag-platform/security/guides/consent#region-specific-behavior).
 *
 * Both in-page stand-ins (GA4's and GTM's templates) use this one rule: it is serialised with `toString()` and handed
 * to them, so it must not refer to anything outside itself.
 */
export function consentRegionRank(visitorRegion: string, regions: unknown): number {
  if (!Array.isArray(regions) || regions.length === 0) return 0;
  const region = visitorRegion.toUpperCase();
  let rank = -1;
  for (const item of regions) {
    const wanted = String(item).toUpperCase();
    if (region && wanted === region) rank = Math.max(rank, wanted.indexOf('-') > 0 ? 2 : 1);
    else if (region && wanted === region.split('-')[0]) rank = Math.max(rank, 1);
  }
  return rank;
}

/** The type of {@link consentRegionRank}, as the stand-ins receive it. */
export type ConsentRegionRank = typeof consentRegionRank;
