/**
 * The server container's Transformations, as the preview applies them: each changes the event data that the tags in
 * its scope see, and nothing else; the other tags keep the event as the client made it
 * (developers.google.com/tag-platform/tag-manager/server-side/transformations). The preview models the two kinds the
 * import file uses, *Exclude parameters* and *Augment event*, and the scopes it knows from exports: tag types with
 * exceptions, named tags, all tags except. Matching conditions are not modelled: a transformation that has them is
 * refused rather than applied wrongly.
 */

import type { EventData } from 'gtm-template-runner/ga4-hit';
import type { GtmTransformation } from '../formats/gtm-export.js';
import { decodeParameters } from '../formats/template-fields.js';

/** A tag as a transformation's scope sees it. */
export interface ScopedTag {
  name: string;
  /** The tag type: `sgtmgaaw` for GA4, `cvt_<containerId>_<templateId>` for a custom template. */
  type: string;
}

/** One transformation, read from the import file. */
export interface TransformationSetup {
  name: string;
  /** Whether it applies to a tag. */
  appliesTo: (tag: ScopedTag) => boolean;
  /** Event data keys the tag does not see. */
  exclude: string[];
  /** Event data keys set for the tag; a value may be a `{{Variable}}` reference. */
  augment: { param: string; value: string }[];
}

interface Scope {
  allTagsExcept?: boolean;
  matchingConditionsEnabled?: boolean;
  affectedTags?: { tagReference?: string }[];
  affectedTagTypes?: { tagType?: string; tagTypeExceptions?: { tagReference?: string }[] }[];
  excludedParamsTable?: { excludedParams?: string }[];
  augmentEventTable?: { paramName?: string; paramValue?: string }[];
}

/** Reads the file's transformations. */
export function transformationsOf(transformations: readonly GtmTransformation[] | undefined): TransformationSetup[] {
  return (transformations ?? []).map((transformation) => {
    const data = decodeParameters(transformation.parameter) as Scope;
    if (data.matchingConditionsEnabled) {
      throw new Error(
        `preview: transformation "${transformation.name}" has matching conditions, which it does not model`,
      );
    }
    if (transformation.type !== 'tf_exclude_params' && transformation.type !== 'tf_augment_event') {
      throw new Error(
        `preview: transformation "${transformation.name}" is ${transformation.type}, which it does not model`,
      );
    }
    const names = new Set((data.affectedTags ?? []).map((row) => row.tagReference));
    const types = data.affectedTagTypes ?? [];
    const inScope = (tag: ScopedTag) =>
      names.has(tag.name) ||
      types.some(
        (row) =>
          row.tagType === tag.type &&
          !(row.tagTypeExceptions ?? []).some((exception) => exception.tagReference === tag.name),
      );
    return {
      name: transformation.name,
      appliesTo: (tag) => (data.allTagsExcept ? !inScope(tag) : inScope(tag)),
      exclude: (data.excludedParamsTable ?? []).map((row) => row.excludedParams ?? '').filter(Boolean),
      augment: (data.augmentEventTable ?? [])
        .filter((row) => row.paramName)
        .map((row) => ({ param: row.paramName ?? '', value: row.paramValue ?? '' })),
    };
  });
}

/**
 * The event data `tag` sees: the client's, changed by every transformation in its scope, in file order.
 * @param resolve gives a `{{Variable}}` reference its value for this event.
 */
export async function eventDataFor(
  tag: ScopedTag,
  eventData: EventData,
  transformations: readonly TransformationSetup[],
  resolve: (value: string) => Promise<unknown>,
): Promise<EventData> {
  const out: EventData = { ...eventData };
  for (const transformation of transformations.filter((t) => t.appliesTo(tag))) {
    for (const param of transformation.exclude) delete out[param];
    for (const { param, value } of transformation.augment) out[param] = await resolve(value);
  }
  return out;
}
