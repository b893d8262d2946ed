/**
 * The server container import file: every built template embedded byte for byte, a *Rokt Identifier* variable per
 * output the template offers, Constant variables holding obvious placeholders for the account ID and the two keys,
 * the conversion trigger (GA4 client and event name) and the *Rokt Event API* tag with **Dry run on**. When the
 * *Rokt ID Keeper* template is built, its tag joins, fired on every GA4 event.
 *
 * Field names and values are read from the templates themselves (their defaults, their select items), so a field
 * the templates add or rename shows up here, or breaks the build, without an edit in this file.
 */
import { parseTpl } from '../sandbox/tpl-parser.js';
import {
  condition,
  eventNamePattern,
  exportTime,
  type GtmCustomTemplate,
  type GtmExport,
  type GtmTag,
  type GtmTrigger,
  type GtmVariable,
  IDS,
  NAME_PREFIX,
  ref,
  text,
} from './format.js';
import { ga4Transformations } from './ga4-transformations.js';
import { defaultValues, encodeField, type FieldValue, type TemplateField, templateFields } from './template-fields.js';

export { GA4_CLEANED_URLS, GA4_EXCLUDED_PARAMS, GA4_TAG_TYPE } from './ga4-transformations.js';

/** File names (without `.tpl`) of the templates this file wires up; any other built template is embedded only. */
export const TEMPLATE_FILES = {
  identifier: 'rokt-identifier',
  eventApi: 'rokt-event-api',
  keeper: 'rokt-id-keeper',
} as const;

/** Names of the fixed entities, shared with the docs' wording, the preview and the tests. */
export const SERVER_NAMES = {
  folder: `${NAME_PREFIX}sGTM bridge`,
  accountId: `${NAME_PREFIX}Account ID`,
  publicKey: `${NAME_PREFIX}Public key`,
  secretKey: `${NAME_PREFIX}Secret key`,
  conversionTrigger: `${NAME_PREFIX}GA4 conversion`,
  everyEventTrigger: `${NAME_PREFIX}Every GA4 event`,
  eventApiTag: `${NAME_PREFIX}Event API`,
  keeperTag: `${NAME_PREFIX}ID Keeper`,
  ga4Exclusion: `${NAME_PREFIX}Keep Rokt identifiers out of GA4`,
  ga4PageUrls: `${NAME_PREFIX}GA4 page URLs without Rokt ID`,
} as const;

/**
 * The placeholders the Constant variables ship with: plainly not real, but of the shape the tag's fields check
 * (`rpub-…`, `rsec-…`), so the imported tag saves without an edit.
 */
export const PLACEHOLDERS = {
  accountId: 'REPLACE_WITH_YOUR_ROKT_ACCOUNT_ID',
  publicKey: 'rpub-REPLACE_WITH_YOUR_PUBLIC_KEY',
  secretKey: 'rsec-REPLACE_WITH_YOUR_SECRET_KEY',
} as const;

/** The GA4 client's name, which the built-in *Client Name* variable returns for its hits. */
export const GA4_CLIENT_NAME = 'GA4';

/** A built template: its file name without `.tpl`, and its text. */
export interface BuiltTemplate {
  file: string;
  text: string;
}

export interface ServerContainerInput {
  templates: readonly BuiltTemplate[];
  conversionEvents: readonly string[];
  now: Date;
}

const FOLDER_ID = '1';

/** The name a variable gets for one output of the Rokt Identifier template: `Rokt – ID (rtid)`, … */
export function identifierVariableName(displayValue: string): string {
  return `${NAME_PREFIX}${displayValue.replace(/^Rokt /, '')}`;
}

/** Builds the server container export. */
export function serverContainer(input: ServerContainerInput): GtmExport {
  const embedded = input.templates.map((template, i) => {
    const tpl = parseTpl(template.text);
    const templateId = String(i + 1);
    return {
      file: template.file,
      fields: templateFields(tpl.parameters as TemplateField[]),
      defaults: defaultValues(tpl.parameters as TemplateField[]),
      type: `cvt_${IDS.containerId}_${templateId}`,
      entry: {
        ...IDS,
        templateId,
        name: String(tpl.info.displayName ?? template.file),
        templateData: template.text,
      } satisfies GtmCustomTemplate,
    };
  });
  const find = (file: string) => embedded.find((template) => template.file === file);
  const identifier = find(TEMPLATE_FILES.identifier);
  const eventApi = find(TEMPLATE_FILES.eventApi);
  const keeper = find(TEMPLATE_FILES.keeper);
  if (!identifier || !eventApi) {
    throw new Error(
      `gtm-export: ${TEMPLATE_FILES.identifier}.tpl and ${TEMPLATE_FILES.eventApi}.tpl must be built first`,
    );
  }

  // Each template field is written from the template's defaults, overridden by what this file sets.
  const parameters = (template: typeof identifier, values: Record<string, FieldValue>) =>
    Object.entries({ ...template.defaults, ...values }).map(([name, value]) =>
      encodeField(template.fields, name, value),
    );
  const withDryRun = (template: typeof identifier): Record<string, FieldValue> =>
    template.fields.has('dryRun') ? { dryRun: true } : {};

  const constant = (variableId: string, name: string, value: string): GtmVariable => ({
    ...IDS,
    variableId,
    name,
    type: 'c',
    parameter: [text('value', value)],
    parentFolderId: FOLDER_ID,
    formatValue: {},
  });
  const variables: GtmVariable[] = [
    constant('1', SERVER_NAMES.accountId, PLACEHOLDERS.accountId),
    constant('2', SERVER_NAMES.publicKey, PLACEHOLDERS.publicKey),
    constant('3', SERVER_NAMES.secretKey, PLACEHOLDERS.secretKey),
  ];
  const outputs = identifier.fields.get('output')?.selectItems ?? [];
  for (const output of outputs) {
    const values: Record<string, FieldValue> = { output: output.value };
    // The request-body output needs the account ID; the other outputs leave that field disabled.
    if (output.value === 'eventApiBody') values.accountId = ref(SERVER_NAMES.accountId);
    variables.push({
      ...IDS,
      variableId: String(variables.length + 1),
      name: identifierVariableName(output.displayValue),
      type: identifier.type,
      parameter: parameters(identifier, values),
      parentFolderId: FOLDER_ID,
      formatValue: {},
    });
  }

  const triggers: GtmTrigger[] = [
    {
      ...IDS,
      triggerId: '1',
      name: SERVER_NAMES.conversionTrigger,
      type: 'ALWAYS',
      filter: [
        condition('EQUALS', '{{Client Name}}', GA4_CLIENT_NAME),
        condition('MATCH_REGEX', '{{Event Name}}', eventNamePattern(input.conversionEvents)),
      ],
      parentFolderId: FOLDER_ID,
    },
  ];
  const tag = (
    tagId: string,
    name: string,
    type: string,
    firingTriggerId: string,
    notes: string,
    parameter: GtmTag['parameter'],
  ): GtmTag => ({
    ...IDS,
    tagId,
    name,
    type,
    parameter,
    firingTriggerId: [firingTriggerId],
    tagFiringOption: 'ONCE_PER_EVENT',
    monitoringMetadata: { type: 'MAP' },
    consentSettings: { consentStatus: 'NOT_SET' },
    parentFolderId: FOLDER_ID,
    notes,
  });
  const tags: GtmTag[] = [
    tag(
      '1',
      SERVER_NAMES.eventApiTag,
      eventApi.type,
      '1',
      'Imported with Dry run on: check the logged request in Preview, then replace the three Constant placeholders and untick Dry run.',
      parameters(eventApi, {
        accountId: ref(SERVER_NAMES.accountId),
        publicKey: ref(SERVER_NAMES.publicKey),
        secretKey: ref(SERVER_NAMES.secretKey),
        ...withDryRun(eventApi),
      }),
    ),
  ];
  if (keeper) {
    triggers.push({
      ...IDS,
      triggerId: '2',
      name: SERVER_NAMES.everyEventTrigger,
      type: 'ALWAYS',
      filter: [condition('EQUALS', '{{Client Name}}', GA4_CLIENT_NAME)],
      parentFolderId: FOLDER_ID,
    });
    tags.push(
      tag(
        '2',
        SERVER_NAMES.keeperTag,
        keeper.type,
        '2',
        'Keeps the Rokt ID in a cookie set by the server container (see docs/install.md, server-side Rokt ID Keeper).',
        parameters(keeper, withDryRun(keeper)),
      ),
    );
  }

  // GA4 kept clean: ./ga4-transformations.
  let lastTransformationId = 0;
  const transformations = ga4Transformations({
    ids: IDS,
    nextId: () => String(++lastTransformationId),
    folderId: FOLDER_ID,
    names: { exclusion: SERVER_NAMES.ga4Exclusion, pageUrls: SERVER_NAMES.ga4PageUrls },
    outputVariable: (output) => {
      const item = outputs.find((candidate) => candidate.value === output);
      if (!item) throw new Error(`gtm-export: ${TEMPLATE_FILES.identifier}.tpl has no output "${output}"`);
      return ref(identifierVariableName(item.displayValue));
    },
  });

  return {
    exportFormatVersion: 2,
    exportTime: exportTime(input.now),
    containerVersion: {
      ...IDS,
      containerVersionId: '0',
      container: { ...IDS, name: 'rokt-sgtm-bridge (server)', publicId: 'GTM-XXXXXXX', usageContext: ['SERVER'] },
      tag: tags,
      trigger: triggers,
      variable: variables,
      folder: [{ ...IDS, folderId: FOLDER_ID, name: SERVER_NAMES.folder }],
      builtInVariable: [
        { ...IDS, type: 'CLIENT_NAME', name: 'Client Name' },
        { ...IDS, type: 'EVENT_NAME', name: 'Event Name' },
      ],
      customTemplate: embedded.map((template) => template.entry),
      transformation: transformations,
    },
  };
}
