/**
 * The web container import file: the bundle as a Custom HTML tag, the variables that carry `rtid` / `emailsha256`
 * into GA4, a *Google tag: Event Settings* variable holding both, the conversion trigger and a paused example GA4
 * event tag that shows the wiring. Meant for *Admin → Import Container → Merge*.
 */
import {
  BUILT_IN_TRIGGERS,
  bool,
  condition,
  eventNamePattern,
  exportTime,
  type GtmExport,
  type GtmParameter,
  type GtmTag,
  type GtmVariable,
  IDS,
  NAME_PREFIX,
  ref,
  text,
} from './format.js';

/** Names of everything in the web file, so docs, tests and the preview refer to the same strings. */
export const WEB_NAMES = {
  folder: `${NAME_PREFIX}sGTM bridge`,
  customHtml: `${NAME_PREFIX}Bridge (Custom HTML)`,
  rtid: `${NAME_PREFIX}DLV rtid`,
  emailSha256: `${NAME_PREFIX}DLV emailsha256`,
  eventSettings: `${NAME_PREFIX}Event Settings (rtid, emailsha256)`,
  measurementId: `${NAME_PREFIX}GA4 measurement ID (example)`,
  conversionTrigger: `${NAME_PREFIX}Conversion events`,
  exampleTag: `${NAME_PREFIX}GA4 purchase (example, paused)`,
} as const;

/** What the web file is built from. */
export interface WebContainerInput {
  /** The text of dist/gtm-custom-html.html, byte for byte. */
  customHtml: string;
  /** dataLayer events that are conversions. */
  conversionEvents: readonly string[];
  now: Date;
}

const FOLDER_ID = '1';
const TRIGGER_ID = '2';

const dataLayerVariable = (variableId: string, name: string, key: string, defaultValue?: string): GtmVariable => ({
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
  parentFolderId: FOLDER_ID,
  formatValue: {},
});

/** One row of a settings table (`parameter` → `parameterValue`), as GTM writes them. */
const settingsRow = (parameter: string, value: string): GtmParameter => ({
  type: 'MAP',
  map: [text('parameter', parameter), text('parameterValue', value)],
});

const tag = (fields: Omit<GtmTag, keyof typeof IDS | 'tagFiringOption' | 'monitoringMetadata' | 'consentSettings'>) =>
  ({
    ...IDS,
    ...fields,
    tagFiringOption: 'ONCE_PER_EVENT',
    monitoringMetadata: { type: 'MAP' },
    // The bundle follows Consent Mode itself (it keeps the IDs in memory until ad_storage is granted), so the tag
    // must load before consent; published exports write the untouched setting as NOT_SET.
    consentSettings: { consentStatus: 'NOT_SET' },
  }) satisfies GtmTag;

/** Builds the web container export. */
export function webContainer(input: WebContainerInput): GtmExport {
  const eventSettingsRows = [
    settingsRow('rtid', ref(WEB_NAMES.rtid)),
    settingsRow('emailsha256', ref(WEB_NAMES.emailSha256)),
  ];
  return {
    exportFormatVersion: 2,
    exportTime: exportTime(input.now),
    containerVersion: {
      ...IDS,
      containerVersionId: '0',
      container: { ...IDS, name: 'rokt-sgtm-bridge (web)', publicId: 'GTM-XXXXXXX', usageContext: ['WEB'] },
      tag: [
        tag({
          tagId: '1',
          name: WEB_NAMES.customHtml,
          type: 'html',
          parameter: [text('html', input.customHtml), bool('supportDocumentWrite', false)],
          firingTriggerId: [BUILT_IN_TRIGGERS.initialization],
          parentFolderId: FOLDER_ID,
          notes:
            'rokt-sgtm-bridge: captures rtid from the landing URL and the email hash, keeps them and pushes them to the dataLayer. Options: the commented block at the top.',
        }),
        tag({
          tagId: '2',
          name: WEB_NAMES.exampleTag,
          type: 'gaawe',
          parameter: [
            text('eventName', '{{Event}}'),
            text('measurementIdOverride', ref(WEB_NAMES.measurementId)),
            text('eventSettingsVariable', ref(WEB_NAMES.eventSettings)),
          ],
          firingTriggerId: [TRIGGER_ID],
          paused: true,
          parentFolderId: FOLDER_ID,
          notes:
            'Example only: shows the wiring. Attach the Event Settings variable to your own GA4 event tags (or to the Google tag) instead.',
        }),
      ],
      trigger: [
        {
          ...IDS,
          triggerId: TRIGGER_ID,
          name: WEB_NAMES.conversionTrigger,
          type: 'CUSTOM_EVENT',
          customEventFilter: [condition('MATCH_REGEX', '{{_event}}', eventNamePattern(input.conversionEvents))],
          parentFolderId: FOLDER_ID,
        },
      ],
      variable: [
        // No default from the RoktTransactionId cookie: on a landing page whose new click the bundle has not stored
        // yet, the cookie holds the previous click, and ep.rtid would carry that older ID past the new one. The
        // server reads the cookie itself, last in line (docs/templates.md).
        dataLayerVariable('2', WEB_NAMES.rtid, 'rtid'),
        dataLayerVariable('3', WEB_NAMES.emailSha256, 'emailsha256'),
        {
          ...IDS,
          variableId: '4',
          name: WEB_NAMES.eventSettings,
          type: 'gtes',
          parameter: [{ type: 'LIST', key: 'eventSettingsTable', list: eventSettingsRows }],
          parentFolderId: FOLDER_ID,
          formatValue: {},
        },
        {
          ...IDS,
          variableId: '5',
          name: WEB_NAMES.measurementId,
          type: 'c',
          parameter: [text('value', 'G-REPLACE_ME')],
          parentFolderId: FOLDER_ID,
          formatValue: {},
        },
      ],
      folder: [{ ...IDS, folderId: FOLDER_ID, name: WEB_NAMES.folder }],
      builtInVariable: [{ ...IDS, type: 'EVENT', name: 'Event' }],
    },
  };
}
