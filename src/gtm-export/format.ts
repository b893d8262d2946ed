/**
 * The shape of a GTM container export (Admin → Export Container / Import Container), as far as this project writes
 * and reads it. Field names, parameter types, built-in trigger ids and the custom-template type reference were
 * taken from published exports rather than guessed:
 * - web: laseryshow-del/Mi-configuraci-n-gtm `GTM-TNM9JZ3S_v36.json.js` (Custom HTML tags `html` with
 *   `supportDocumentWrite`, firing on `2147479573` = *Initialization – All Pages*; `consentSettings.consentStatus`
 *   `NOT_SET`; `monitoringMetadata`; `tagFiringOption` `ONCE_PER_EVENT`);
 * - server: the same repository's `GTM-T2ZQP7WV_v56.json.js` (`usageContext: ["SERVER"]`, Constant variables `c`,
 *   built-in `EVENT_NAME`, `customTemplate[]` with `templateId`, `name` and the whole `.tpl` text as `templateData`);
 * - an exported web container embedded in a generator script (`cvt_101305717_5` for the container's template
 *   `templateId: "5"`, i.e. `cvt_<containerId>_<templateId>`, and a CHECKBOX field written as a `BOOLEAN` parameter);
 * - Google's Tag Manager API v2 reference for the trigger type enum (`always` is the server container's *Custom*
 *   trigger; exports spell enums in upper case, as `CUSTOM_EVENT`) and for the *Google tag: Event Settings*
 *   variable `gtes` with its `eventSettingsTable` rows of `parameter` / `parameterValue`, referenced from a GA4
 *   event tag (`gaawe`) through `eventSettingsVariable`.
 */

/** One value of a tag, trigger condition or variable. */
export interface GtmParameter {
  type: 'TEMPLATE' | 'BOOLEAN' | 'INTEGER' | 'LIST' | 'MAP' | 'TAG_REFERENCE';
  key?: string;
  value?: string;
  list?: GtmParameter[];
  map?: GtmParameter[];
}

/** A trigger condition: `arg0` (usually a `{{variable}}`) compared with `arg1`. */
export interface GtmCondition {
  type: 'EQUALS' | 'CONTAINS' | 'STARTS_WITH' | 'ENDS_WITH' | 'MATCH_REGEX';
  parameter: GtmParameter[];
}

interface Entity {
  accountId: string;
  containerId: string;
  name: string;
  parentFolderId?: string;
  notes?: string;
}

export interface GtmTag extends Entity {
  tagId: string;
  type: string;
  parameter: GtmParameter[];
  firingTriggerId: string[];
  paused?: boolean;
  tagFiringOption: 'ONCE_PER_EVENT' | 'ONCE_PER_LOAD' | 'UNLIMITED';
  monitoringMetadata: { type: 'MAP' };
  consentSettings: { consentStatus: 'NOT_SET' | 'NOT_NEEDED' | 'NEEDED' };
}

export interface GtmTrigger extends Entity {
  triggerId: string;
  type: 'CUSTOM_EVENT' | 'ALWAYS';
  customEventFilter?: GtmCondition[];
  filter?: GtmCondition[];
}

export interface GtmVariable extends Entity {
  variableId: string;
  type: string;
  parameter: GtmParameter[];
  formatValue: Record<string, never>;
}

export interface GtmFolder {
  accountId: string;
  containerId: string;
  folderId: string;
  name: string;
  notes?: string;
}

export interface GtmBuiltInVariable {
  accountId: string;
  containerId: string;
  type: string;
  name: string;
}

/**
 * A server-container Transformation: it changes the event data that the tags it is scoped to see, and nothing else
 * (Google: developers.google.com/tag-platform/tag-manager/server-side/transformations). Shape and keys as in a real
 * export, kyle-williams-kubix/GTM-containers `Marketing Tags/Base KBX/sGTM - Stape Gads, GA4, Meta Event.json`
 * (commit 1c5b942): `transformation[]` after `client[]`, `transformationId`, `type` `tf_augment_event` with
 * `augmentEventTable` rows `paramName` / `paramValue`, `matchingConditionsEnabled`, `allTagsExcept`,
 * `booleanExpressionString`, and `affectedTagTypes` rows `tagType` (`sgtmgaaw`, the GA4 tag) / `tagTypeExceptions`.
 * No published export shows `tf_exclude_params`; its table (`excludedParamsTable` rows `excludedParams`) is the one
 * GTM's API accepts, as paolobietolini/gtm-mcp-server `gtm/tool_create_transformation.go` documents.
 */
export interface GtmTransformation {
  accountId: string;
  containerId: string;
  transformationId: string;
  name: string;
  type: 'tf_exclude_params' | 'tf_augment_event' | 'tf_allow_params';
  parameter: GtmParameter[];
  parentFolderId?: string;
  notes?: string;
}

export interface GtmCustomTemplate {
  accountId: string;
  containerId: string;
  templateId: string;
  name: string;
  templateData: string;
}

/** The whole file. */
export interface GtmExport {
  exportFormatVersion: 2;
  exportTime: string;
  containerVersion: {
    accountId: string;
    containerId: string;
    containerVersionId: string;
    container: {
      accountId: string;
      containerId: string;
      name: string;
      publicId: string;
      usageContext: ['WEB'] | ['SERVER'];
    };
    tag: GtmTag[];
    trigger: GtmTrigger[];
    variable: GtmVariable[];
    folder: GtmFolder[];
    builtInVariable: GtmBuiltInVariable[];
    customTemplate?: GtmCustomTemplate[];
    transformation?: GtmTransformation[];
  };
}

/**
 * Account and container ids of the file. GTM replaces them with the target container's on import; real exports
 * carry the source container's numbers, which mean nothing elsewhere.
 */
export const IDS = { accountId: '0', containerId: '0' } as const;

/** Built-in trigger ids that are not listed in a file's `trigger` array (seen in published web exports). */
export const BUILT_IN_TRIGGERS = {
  allPages: '2147479553',
  consentInitialization: '2147479572',
  initialization: '2147479573',
} as const;

/** Every name in the imported files starts with this, so a Merge import cannot collide with the installer's own. */
export const NAME_PREFIX = 'Rokt – ';

export const text = (key: string, value: string): GtmParameter => ({ type: 'TEMPLATE', key, value });
export const bool = (key: string, value: boolean): GtmParameter => ({ type: 'BOOLEAN', key, value: String(value) });

/** A `{{Name}}` reference to a variable. */
export const ref = (name: string): string => `{{${name}}}`;

/** `arg0 <type> arg1`, the one shape every trigger condition has. */
export function condition(type: GtmCondition['type'], arg0: string, arg1: string): GtmCondition {
  return { type, parameter: [text('arg0', arg0), text('arg1', arg1)] };
}

/** `^(a|b)$` for a list of event names, each escaped, so that the installer can extend the list in one field. */
export function eventNamePattern(names: readonly string[]): string {
  return `^(${names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;
}

/** The export time in GTM's own format (`2026-02-09 22:50:11`, UTC). */
export function exportTime(now: Date): string {
  return now.toISOString().slice(0, 19).replace('T', ' ');
}
