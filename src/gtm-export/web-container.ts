/**
 * The web container import file: the bundle as a Custom HTML tag, the variables that carry `rtid` / `emailsha256`
 * into GA4, a *Google tag: Event Settings* variable holding both, the conversion trigger and a paused example GA4
 * event tag that shows the wiring. Meant for *Admin → Import Container → Merge*.
 */
import {
  BUILT_IN_TRIGGERS,
  bool,
  CONTAINER_IDS,
  condition,
  constantVariable,
  containerFeatures,
  eventNamePattern,
  exportTime,
  type GtmExport,
  type GtmParameter,
  type GtmTag,
  type GtmTrigger,
  type GtmVariable,
  idSequence,
  NAME_PREFIX,
  ref,
  text,
} from '../formats/gtm-export.js';
import { PARAMETERS } from '../vocabulary/index.js';
import { tagEntity } from './entities.js';

const IDS = CONTAINER_IDS.web;

/** Names of everything in the web file, so docs, tests and the preview refer to the same strings. */
export const WEB_NAMES = {
  folder: `${NAME_PREFIX}sGTM bridge`,
  customHtml: `${NAME_PREFIX}Bridge (Custom HTML)`,
  rtid: `${NAME_PREFIX}DLV rtid`,
  emailSha256: `${NAME_PREFIX}DLV emailsha256`,
  eventSettings: `${NAME_PREFIX}Event Settings (rtid + emailsha256)`,
  measurementId: `${NAME_PREFIX}GA4 measurement ID (example)`,
  conversionTrigger: `${NAME_PREFIX}Conversion events`,
  exampleTag: `${NAME_PREFIX}GA4 purchase (example – paused)`,
} as const;

/** What the web file is built from. */
export interface WebContainerInput {
  /** The text of dist/gtm-custom-html.html, byte for byte. */
  customHtml: string;
  /** dataLayer events that are conversions. */
  conversionEvents: readonly string[];
  now: Date;
}

/** The event parameters the Event Settings variable adds, each with the variable that holds its value. */
export const EVENT_SETTINGS_ROWS = [
  { parameter: PARAMETERS.roktId, variable: WEB_NAMES.rtid },
  { parameter: PARAMETERS.emailSha256, variable: WEB_NAMES.emailSha256 },
] as const;

/** A Data Layer Variable (version 2) reading `key`, with a default value when one is given. */
export const dataLayerVariable = (
  variableId: string,
  folderId: string,
  name: string,
  key: string,
  defaultValue?: string,
): GtmVariable => ({
  ...IDS,
  variableId,
  name,
  type: 'v',
  parameter: [
    { type: 'INTEGER', key: 'dataLayerVersion', value: '2' },
    bool('setDefaultValue', defaultValue !== undefined),
    text('name', key),
    ...(defaultValue !== undefined ? [text('defaultValue', defaultValue)] : []),
  ],
  parentFolderId: folderId,
  formatValue: {},
});

/** One row of a settings table (`parameter` → `parameterValue`), as GTM writes them. */
const settingsRow = (parameter: string, value: string): GtmParameter => ({
  type: 'MAP',
  map: [text('parameter', parameter), text('parameterValue', value)],
});

/**
 * The *Google tag: Event Settings* variable named `name`, with one row per {@link EVENT_SETTINGS_ROWS} whose value is
 * the variable `variableFor` names for it. No formatValue: none of the four such variables in real exports carries one.
 */
export const eventSettingsVariable = (
  variableId: string,
  folderId: string,
  variableFor: (row: (typeof EVENT_SETTINGS_ROWS)[number]) => string,
): GtmVariable => ({
  ...IDS,
  variableId,
  name: WEB_NAMES.eventSettings,
  type: 'gtes',
  parameter: [
    {
      type: 'LIST',
      key: 'eventSettingsTable',
      list: EVENT_SETTINGS_ROWS.map((row) => settingsRow(row.parameter, ref(variableFor(row)))),
    },
  ],
  parentFolderId: folderId,
});

/** The Constant holding the example GA4 tag's measurement ID, a placeholder the installer replaces. */
export const measurementIdVariable = (variableId: string, folderId: string): GtmVariable =>
  constantVariable(IDS, { variableId, name: WEB_NAMES.measurementId, value: 'G-REPLACE_ME', parentFolderId: folderId });

/** The Custom Event trigger on the conversion events. */
export const conversionTrigger = (triggerId: string, folderId: string, events: readonly string[]): GtmTrigger => ({
  ...IDS,
  triggerId,
  name: WEB_NAMES.conversionTrigger,
  type: 'CUSTOM_EVENT',
  customEventFilter: [condition('MATCH_REGEX', '{{_event}}', eventNamePattern(events))],
  parentFolderId: folderId,
});

/** The paused example GA4 event tag on the conversion trigger, wired to the Event Settings variable. */
export const exampleGa4Tag = (
  fields: { tagId: string; folderId: string; triggerId: string } & Pick<Partial<GtmTag>, 'setupTag'>,
): GtmTag =>
  tagEntity(IDS, {
    tagId: fields.tagId,
    name: WEB_NAMES.exampleTag,
    type: 'gaawe',
    parameter: [
      text('eventName', '{{Event}}'),
      text('measurementIdOverride', ref(WEB_NAMES.measurementId)),
      text('eventSettingsVariable', ref(WEB_NAMES.eventSettings)),
    ],
    firingTriggerId: [fields.triggerId],
    paused: true,
    ...(fields.setupTag ? { setupTag: fields.setupTag } : {}),
    parentFolderId: fields.folderId,
    notes:
      'Example only: shows the wiring. A GA4 tag takes one Event Settings variable: if yours already has one, add the rows rtid and emailsha256 to it instead.',
  });

/** The container block of a web import file named `name`. */
export const webContainerEntity = (name: string) => ({
  ...IDS,
  name,
  publicId: 'GTM-XXXXXXX',
  usageContext: ['WEB'] as ['WEB'],
  features: containerFeatures('WEB'),
});

// The bundle follows Consent Mode itself (it keeps the IDs in memory until ad_storage is granted), so the tag must
// load before consent.
const tag = (fields: Parameters<typeof tagEntity>[1]) => tagEntity(IDS, fields);

/** Builds the web container export. */
export function webContainer(input: WebContainerInput): GtmExport {
  // One id sequence for every kind of entity, as in GTM's own exports.
  const ids = idSequence();
  const folderId = ids.next();
  const variables: GtmVariable[] = [];
  const variable = (build: (variableId: string) => GtmVariable) => {
    const built = build(ids.next());
    variables.push(built);
    return built.name;
  };
  // No default from the RoktTransactionId cookie: on a landing page whose new click the bundle has not stored yet,
  // the cookie holds the previous click, and ep.rtid would carry that older ID past the new one. The server reads the
  // cookie itself, last in line (docs/templates.md).
  variable((variableId) => dataLayerVariable(variableId, folderId, WEB_NAMES.rtid, PARAMETERS.roktId));
  variable((variableId) => dataLayerVariable(variableId, folderId, WEB_NAMES.emailSha256, PARAMETERS.emailSha256));
  variable((variableId) => eventSettingsVariable(variableId, folderId, (row) => row.variable));
  variable((variableId) => measurementIdVariable(variableId, folderId));
  const triggerId = ids.next();
  return {
    exportFormatVersion: 2,
    exportTime: exportTime(input.now),
    containerVersion: {
      ...IDS,
      containerVersionId: '0',
      container: webContainerEntity('rokt-sgtm-bridge (web)'),
      tag: [
        tag({
          tagId: ids.next(),
          name: WEB_NAMES.customHtml,
          type: 'html',
          parameter: [text('html', input.customHtml), bool('supportDocumentWrite', false)],
          firingTriggerId: [BUILT_IN_TRIGGERS.initialization],
          parentFolderId: folderId,
          notes:
            'rokt-sgtm-bridge: captures rtid from the landing URL and the email hash, keeps them and pushes them to the dataLayer. Options: the commented block at the top.',
        }),
        exampleGa4Tag({ tagId: ids.next(), folderId, triggerId }),
      ],
      trigger: [conversionTrigger(triggerId, folderId, input.conversionEvents)],
      variable: variables,
      folder: [{ ...IDS, folderId, name: WEB_NAMES.folder }],
      builtInVariable: [{ ...IDS, type: 'EVENT', name: 'Event' }],
    },
  };
}
