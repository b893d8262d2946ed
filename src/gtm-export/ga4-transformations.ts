/**
 * The server import file's two Transformations that keep Google Analytics clean: every GA4 tag of the container
 * loses `rtid`, `rclid` and `emailsha256` (an unsalted email hash must not reach Google Analytics), and gets
 * `page_location` / `page_referrer` without the Rokt ID (the *Rokt Identifier* outputs for it), so a Rokt click is
 * not a new page in GA4's reports. Both are scoped to the GA4 tag type rather than to a tag: the file brings no GA4
 * tag, the installer's own is the target. The keys are those of a real export (see GtmTransformation in ./format).
 */
import type { GtmParameter, GtmTransformation } from '../formats/gtm-export.js';

/** The server GA4 tag's type, which the Transformations are scoped to: every GA4 tag of the container. */
export const GA4_TAG_TYPE = 'sgtmgaaw';

/** Event parameters that exist only to reach Rokt. */
export const GA4_EXCLUDED_PARAMS = ['rtid', 'rclid', 'emailsha256'] as const;

/** The page URLs GA4 receives with the Rokt ID taken out, and the *Rokt Identifier* output that gives each. */
export const GA4_CLEANED_URLS = {
  page_location: 'pageLocationWithoutRoktId',
  page_referrer: 'pageReferrerWithoutRoktId',
} as const;

export interface Ga4TransformationsInput {
  /** The file's account and container ids. */
  ids: { accountId: string; containerId: string };
  /** Gives the next entity id of the file. */
  nextId: () => string;
  folderId: string;
  names: { exclusion: string; pageUrls: string };
  /** The `{{…}}` reference to the *Rokt Identifier* variable of an output. */
  outputVariable: (output: string) => string;
}

const param = (key: string, value: string): GtmParameter => ({ type: 'TEMPLATE', key, value });

/** A LIST of MAP rows, as a transformation's tables are written. */
function table(key: string, rows: Record<string, string>[]): GtmParameter {
  return {
    type: 'LIST',
    key,
    list: rows.map((row) => ({ type: 'MAP', map: Object.entries(row).map(([name, value]) => param(name, value)) })),
  };
}

/** The two Transformations, in the order GTM should apply them (they change different parameters). */
export function ga4Transformations(input: Ga4TransformationsInput): GtmTransformation[] {
  const forGa4Tags = (
    name: string,
    type: GtmTransformation['type'],
    rows: GtmParameter,
    notes: string,
  ): GtmTransformation => ({
    ...input.ids,
    transformationId: input.nextId(),
    name,
    type,
    parameter: [
      { type: 'BOOLEAN', key: 'matchingConditionsEnabled', value: 'false' },
      { type: 'BOOLEAN', key: 'allTagsExcept', value: 'false' },
      { type: 'TEMPLATE', key: 'booleanExpressionString' },
      rows,
      { type: 'LIST', key: 'affectedTags' },
      {
        type: 'LIST',
        key: 'affectedTagTypes',
        list: [{ type: 'MAP', map: [param('tagType', GA4_TAG_TYPE), { type: 'LIST', key: 'tagTypeExceptions' }] }],
      },
    ],
    parentFolderId: input.folderId,
    notes,
  });
  return [
    forGa4Tags(
      input.names.exclusion,
      'tf_exclude_params',
      table(
        'excludedParamsTable',
        GA4_EXCLUDED_PARAMS.map((name) => ({ excludedParams: name })),
      ),
      'GA4 tags never get these event parameters; the Rokt tags still do. Google forbids sending an email hash.',
    ),
    forGa4Tags(
      input.names.pageUrls,
      'tf_augment_event',
      table(
        'augmentEventTable',
        Object.entries(GA4_CLEANED_URLS).map(([name, output]) => ({
          paramName: name,
          paramValue: input.outputVariable(output),
        })),
      ),
      'GA4 tags get page_location and page_referrer without rtid and rclid, so a Rokt click is not a new page in GA4.',
    ),
  ];
}
