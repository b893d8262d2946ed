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
  /**
   * Tag sequencing: tags that fire before this one. The Tag resource of the GTM API names it so
   * (https://developers.google.com/tag-platform/tag-manager/api/reference/rest/v2/accounts.containers.workspaces.tags).
   */
  setupTag?: { tagName: string; stopOnSetupFailure: boolean }[];
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
  /** Written by GTM on most variable types, but on no *Google tag: Event Settings* (`gtes`) variable of a real export. */
  formatValue?: Record<string, never>;
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

/**
 * The whole file. Output-only fields GTM writes on export (`fingerprint` on every entity, `path`, `tagManagerUrl`,
 * `container.tagIds`) are left out: Google's API reference says a fingerprint is "computed at storage time", a
 * GTM-written export of 2021 has none of `features` / `tagIds`, and no import error found was caused by their
 * absence. `container.features` is written, because every real export with custom templates carries it.
 */
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
      features: ContainerFeatures;
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
 * The `container.features` block. Every real export of 2022–2026 carries one, and every real export with custom
 * templates has `supportTemplates: true` (and, for a server container, `supportClients: true`). The values are those
 * of two GTM-written exports of February 2026 (laseryshow-del/Mi-configuraci-n-gtm: web `GTM-TNM9JZ3S_v39.json.js`,
 * server `GTM-T2ZQP7WV_v56.json.js`); the two contexts differ only in clients and transformations.
 */
export interface ContainerFeatures {
  supportUserPermissions: boolean;
  supportEnvironments: boolean;
  supportWorkspaces: boolean;
  supportGtagConfigs: boolean;
  supportBuiltInVariables: boolean;
  supportClients: boolean;
  supportFolders: boolean;
  supportTags: boolean;
  supportTemplates: boolean;
  supportTriggers: boolean;
  supportVariables: boolean;
  supportVersions: boolean;
  supportZones: boolean;
  supportTransformations: boolean;
}

const WEB_FEATURES: ContainerFeatures = {
  supportUserPermissions: true,
  supportEnvironments: true,
  supportWorkspaces: true,
  supportGtagConfigs: false,
  supportBuiltInVariables: true,
  supportClients: false,
  supportFolders: true,
  supportTags: true,
  supportTemplates: true,
  supportTriggers: true,
  supportVariables: true,
  supportVersions: true,
  supportZones: true,
  supportTransformations: false,
};

/** The features block of a container of the given context. */
export function containerFeatures(context: 'WEB' | 'SERVER'): ContainerFeatures {
  return context === 'SERVER'
    ? { ...WEB_FEATURES, supportClients: true, supportTransformations: true }
    : { ...WEB_FEATURES };
}

/** The account id every entity of both files carries. */
export const ACCOUNT_ID = '6000000000';

/**
 * Account and container ids of each file, on every entity of it. GTM replaces them with the target container's on
 * import; real exports carry the source container's numbers (10-digit accounts such as `6253942064`, 9-digit
 * containers such as `199416058`), never `0`, and a non-gallery template's tags and variables are typed
 * `cvt_<that containerId>_<templateId>`. These are of the same shapes and belong to no real container.
 */
export const CONTAINER_IDS = {
  web: { accountId: ACCOUNT_ID, containerId: '200000001' },
  server: { accountId: ACCOUNT_ID, containerId: '200000002' },
} as const;

/** The ids an entity of one file carries. */
export type ContainerIds = (typeof CONTAINER_IDS)[keyof typeof CONTAINER_IDS];

/**
 * Hands out the entity ids of one file. Real exports draw every `tagId`, `triggerId`, `variableId`, `folderId`,
 * `templateId`, `clientId` and `transformationId` from one sequence per container (no id is shared by two kinds in
 * any of 33 GTM-written exports), so each file builds all its entities, of every kind, from one of these.
 */
export interface IdSequence {
  /** The next unused id: "1", "2", … */
  next(): string;
}

/** A new sequence for one file, starting at "1". */
export function idSequence(): IdSequence {
  let last = 0;
  return {
    next: () => {
      last += 1;
      return String(last);
    },
  };
}

/** Built-in trigger ids that are not listed in a file's `trigger` array (seen in published web exports). */
export const BUILT_IN_TRIGGERS = {
  allPages: '2147479553',
  consentInitialization: '2147479572',
  initialization: '2147479573',
} as const;

/** Every name in the imported files starts with this, so a Merge import cannot collide with the installer's own. */
export const NAME_PREFIX = 'Rokt – ';

/**
 * Characters no entity name may hold. A published exporter reports GTM refusing an import with `The name contains
 * invalid character: ":"` and lists `,` and `;` as refused too; none of 473 distinct names in 33 real exports has
 * any of them (research notes, December 2026).
 */
export const FORBIDDEN_NAME_CHARACTERS = /[:,;]/;

/**
 * Opens the notes of every Constant whose value the installer fills in (keys, account ids). The notes are shown in
 * GTM; the upgrade docs and tests find these Constants by them, so the list is never written twice.
 */
const INSTALLER_OWNED_NOTE = 'Yours to fill in.';

/** True for a Constant the installer fills in after the import (see {@link constantVariable}). */
export function isInstallerOwned(variable: GtmVariable): boolean {
  return variable.type === 'c' && (variable.notes ?? '').startsWith(INSTALLER_OWNED_NOTE);
}

/** A Constant variable; `installerOwned` marks one the installer fills in, which an upgrade import resets. */
export function constantVariable(
  ids: ContainerIds,
  fields: { variableId: string; name: string; value: string; parentFolderId: string; installerOwned?: boolean },
): GtmVariable {
  return {
    ...ids,
    variableId: fields.variableId,
    name: fields.name,
    type: 'c',
    parameter: [text('value', fields.value)],
    parentFolderId: fields.parentFolderId,
    ...(fields.installerOwned
      ? {
          notes: `${INSTALLER_OWNED_NOTE} An upgrade import with Overwrite conflicting resets it to the placeholder: write it down first and enter it again after.`,
        }
      : {}),
    formatValue: {},
  };
}

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
