/**
 * The server container import file: every built template embedded byte for byte, a *Rokt Identifier* variable per
 * output the template offers, Constant variables holding obvious placeholders for the credentials of Rokt's two
 * authenticated APIs (Event and Audience API: key, secret, pod; Event API: account ID and key pair), the conversion
 * trigger (GA4 client and event name) and the *Rokt Event API* tag, on the Event and Audience API (the template's
 * default) with **Dry run on**. When the *Rokt ID Keeper* template is built, its tag joins, fired on every GA4 event.
 *
 * Field names and values are read from the templates themselves (their defaults, their select items), so a field
 * the templates add or rename shows up here, or breaks the build, without an edit in this file.
 */

import {
  CONTAINER_IDS,
  condition,
  constantVariable,
  containerFeatures,
  eventNamePattern,
  exportTime,
  type GtmExport,
  type GtmTag,
  type GtmTrigger,
  type GtmVariable,
  idSequence,
  NAME_PREFIX,
  ref,
} from '../formats/gtm-export.js';
import type { FieldValue } from '../formats/template-fields.js';
import { type BuiltTemplate, type EmbeddedTemplate, embedTemplate, tagEntity } from './entities.js';
import { ga4Transformations } from './ga4-transformations.js';

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
  apiKey: `${NAME_PREFIX}API key`,
  apiSecret: `${NAME_PREFIX}API secret`,
  pod: `${NAME_PREFIX}Pod`,
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
 * (`rpub-…`, `rsec-…`, a pod), so the imported tag saves without an edit and its dry run logs a request. The pod is the
 * one Rokt's quick start shows; the account manager says which one an account is on.
 */
export const PLACEHOLDERS = {
  apiKey: 'REPLACE_WITH_YOUR_API_KEY',
  apiSecret: 'REPLACE_WITH_YOUR_API_SECRET',
  pod: 'us2',
  accountId: 'REPLACE_WITH_YOUR_ROKT_ACCOUNT_ID',
  publicKey: 'rpub-REPLACE_WITH_YOUR_PUBLIC_KEY',
  secretKey: 'rsec-REPLACE_WITH_YOUR_SECRET_KEY',
} as const;

/** The GA4 client's name, which the built-in *Client Name* variable returns for its hits. */
const GA4_CLIENT_NAME = 'GA4';

export type { BuiltTemplate } from './entities.js';

export interface ServerContainerInput {
  templates: readonly BuiltTemplate[];
  conversionEvents: readonly string[];
  now: Date;
}

const IDS = CONTAINER_IDS.server;

/** The name a variable gets for one output of the Rokt Identifier template: `Rokt – ID (rtid)`, … */
function identifierVariableName(displayValue: string): string {
  return `${NAME_PREFIX}${displayValue.replace(/^Rokt /, '')}`;
}

/** Builds the server container export. */
export function serverContainer(input: ServerContainerInput): GtmExport {
  // One id sequence for every kind of entity (folder, templates, variables, triggers, tags and whatever joins
  // later), as in GTM's own exports.
  const ids = idSequence();
  const folderId = ids.next();
  const embedded = input.templates.map((template) => embedTemplate(template, IDS, ids));
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
  const parameters = (template: EmbeddedTemplate, values: Record<string, FieldValue>) => template.parameters(values);
  const withDryRun = (template: EmbeddedTemplate): Record<string, FieldValue> =>
    template.fields.has('dryRun') ? { dryRun: true } : {};

  // The installer fills these in; an upgrade import resets them (docs/install.md, upgrading).
  const constant = (name: string, value: string): GtmVariable =>
    constantVariable(IDS, { variableId: ids.next(), name, value, parentFolderId: folderId, installerOwned: true });
  // The tag field each Constant feeds, and the Constant's name and placeholder.
  const credentials = (['apiKey', 'apiSecret', 'pod', 'accountId', 'publicKey', 'secretKey'] as const).map((field) => ({
    field,
    name: SERVER_NAMES[field],
    placeholder: PLACEHOLDERS[field],
  }));
  const variables: GtmVariable[] = credentials.map((credential) => constant(credential.name, credential.placeholder));
  const outputs = identifier.fields.get('output')?.selectItems ?? [];
  for (const output of outputs) {
    const values: Record<string, FieldValue> = { output: output.value };
    // The request-body output needs the account ID; the other outputs leave that field disabled.
    if (output.value === 'eventApiBody') values.accountId = ref(SERVER_NAMES.accountId);
    variables.push({
      ...IDS,
      variableId: ids.next(),
      name: identifierVariableName(output.displayValue),
      type: identifier.type,
      parameter: parameters(identifier, values),
      parentFolderId: folderId,
      formatValue: {},
    });
  }

  const conversionTriggerId = ids.next();
  const triggers: GtmTrigger[] = [
    {
      ...IDS,
      triggerId: conversionTriggerId,
      name: SERVER_NAMES.conversionTrigger,
      type: 'ALWAYS',
      filter: [
        condition('EQUALS', '{{Client Name}}', GA4_CLIENT_NAME),
        condition('MATCH_REGEX', '{{Event Name}}', eventNamePattern(input.conversionEvents)),
      ],
      parentFolderId: folderId,
    },
  ];
  const tag = (
    name: string,
    type: string,
    firingTriggerId: string,
    notes: string,
    parameter: GtmTag['parameter'],
  ): GtmTag =>
    tagEntity(IDS, {
      tagId: ids.next(),
      name,
      type,
      parameter,
      firingTriggerId: [firingTriggerId],
      parentFolderId: folderId,
      notes,
    });
  const tags: GtmTag[] = [
    tag(
      SERVER_NAMES.eventApiTag,
      eventApi.type,
      conversionTriggerId,
      "Imported with Dry run on, sending with the Event and Audience API. Ask your Rokt account manager which API and credentials your account uses, fill in that API's Constants (API key, API secret, Pod; or Account ID, Public key, Secret key for the Event API), check the logged request in Preview, then untick Dry run.",
      parameters(eventApi, {
        ...Object.fromEntries(credentials.map((credential) => [credential.field, ref(credential.name)])),
        ...withDryRun(eventApi),
      }),
    ),
  ];
  if (keeper) {
    const everyEventTriggerId = ids.next();
    triggers.push({
      ...IDS,
      triggerId: everyEventTriggerId,
      name: SERVER_NAMES.everyEventTrigger,
      type: 'ALWAYS',
      filter: [condition('EQUALS', '{{Client Name}}', GA4_CLIENT_NAME)],
      parentFolderId: folderId,
    });
    tags.push(
      tag(
        SERVER_NAMES.keeperTag,
        keeper.type,
        everyEventTriggerId,
        'Keeps the Rokt ID in a cookie set by the server container (see docs/install.md, server-side Rokt ID Keeper).',
        parameters(keeper, withDryRun(keeper)),
      ),
    );
  }

  // GA4 kept clean: ./ga4-transformations.
  const transformations = ga4Transformations({
    ids: IDS,
    nextId: ids.next,
    folderId,
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
      container: {
        ...IDS,
        name: 'rokt-sgtm-bridge (server)',
        publicId: 'GTM-XXXXXXX',
        usageContext: ['SERVER'],
        features: containerFeatures('SERVER'),
      },
      tag: tags,
      trigger: triggers,
      variable: variables,
      folder: [{ ...IDS, folderId, name: SERVER_NAMES.folder }],
      builtInVariable: [
        { ...IDS, type: 'CLIENT_NAME', name: 'Client Name' },
        { ...IDS, type: 'EVENT_NAME', name: 'Event Name' },
      ],
      customTemplate: embedded.map((template) => template.entry),
      transformation: transformations,
    },
  };
}
