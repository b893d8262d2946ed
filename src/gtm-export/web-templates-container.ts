/**
 * The second web container import file, for containers that allow no Custom HTML: the two web templates embedded
 * byte for byte, the *Rokt Capture* tag on *Initialization – All Pages*, the *Rokt Web Identifier* variables in the
 * rows of an Event Settings variable, and a paused example GA4 tag whose setup tag captures the email that arrives
 * with the conversion. Meant for *Admin → Import Container → Merge*.
 */

import {
  BUILT_IN_TRIGGERS,
  CONTAINER_IDS,
  exportTime,
  type GtmExport,
  type GtmTag,
  type GtmVariable,
  idSequence,
  NAME_PREFIX,
  ref,
} from '../formats/gtm-export.js';
import { type BuiltTemplate, embedTemplate, tagEntity } from './entities.js';
import {
  conversionTrigger,
  dataLayerVariable,
  eventSettingsVariable,
  exampleGa4Tag,
  measurementIdVariable,
  WEB_NAMES,
  webContainerEntity,
} from './web-container.js';

const IDS = CONTAINER_IDS.web;

/** The web template files this import file embeds. */
export const WEB_TEMPLATE_FILES = { capture: 'rokt-capture', identifier: 'rokt-identifier-web' } as const;

/** Names of everything in the file; the folder, Event Settings variable and example tag as in the bundle's file. */
export const WEB_TEMPLATES_NAMES = {
  folder: WEB_NAMES.folder,
  captureTag: `${NAME_PREFIX}Capture`,
  conversionCaptureTag: `${NAME_PREFIX}Capture (conversion email)`,
  rtid: `${NAME_PREFIX}rtid`,
  emailSha256: `${NAME_PREFIX}emailsha256`,
  userData: `${NAME_PREFIX}DLV user_data`,
  eventSettings: WEB_NAMES.eventSettings,
  measurementId: WEB_NAMES.measurementId,
  conversionTrigger: WEB_NAMES.conversionTrigger,
  exampleTag: WEB_NAMES.exampleTag,
} as const;

export interface WebTemplatesContainerInput {
  templates: readonly BuiltTemplate[];
  conversionEvents: readonly string[];
  now: Date;
}

/** Builds the template-only web container export. */
export function webTemplatesContainer(input: WebTemplatesContainerInput): GtmExport {
  const ids = idSequence();
  const folderId = ids.next();
  const embed = (file: string) => {
    const template = input.templates.find((t) => t.file === file);
    if (!template) throw new Error(`gtm-export: dist/web/${file}.tpl must be built first`);
    return embedTemplate(template, IDS, ids);
  };
  const capture = embed(WEB_TEMPLATE_FILES.capture);
  const identifier = embed(WEB_TEMPLATE_FILES.identifier);

  const names = WEB_TEMPLATES_NAMES;
  const variables: GtmVariable[] = [];
  const variable = (built: Omit<GtmVariable, 'variableId' | keyof typeof IDS>) => {
    variables.push({ ...IDS, variableId: ids.next(), ...built });
    return built.name;
  };
  const rowVariables: Record<string, string> = {
    [WEB_NAMES.rtid]: names.rtid,
    [WEB_NAMES.emailSha256]: names.emailSha256,
  };
  for (const [name, output] of [
    [names.rtid, 'roktId'],
    [names.emailSha256, 'emailSha256'],
  ] as const) {
    variable({
      name,
      type: identifier.type,
      parameter: identifier.parameters({ output }),
      parentFolderId: folderId,
      formatValue: {},
    });
  }
  variables.push(dataLayerVariable(ids.next(), folderId, names.userData, 'user_data'));
  variables.push(eventSettingsVariable(ids.next(), folderId, (row) => rowVariables[row.variable]!));
  variables.push(measurementIdVariable(ids.next(), folderId));
  const triggerId = ids.next();

  // The capture tag asks GTM for ad_storage itself (and deletes on withdrawal), so it must run before consent.
  const tag = (fields: Pick<GtmTag, 'name' | 'type' | 'parameter' | 'firingTriggerId' | 'notes'> & Partial<GtmTag>) =>
    tagEntity(IDS, { tagId: ids.next(), parentFolderId: folderId, ...fields });

  return {
    exportFormatVersion: 2,
    exportTime: exportTime(input.now),
    containerVersion: {
      ...IDS,
      containerVersionId: '0',
      container: webContainerEntity('rokt-sgtm-bridge (web, templates)'),
      tag: [
        tag({
          name: names.captureTag,
          type: capture.type,
          parameter: capture.parameters({}),
          firingTriggerId: [BUILT_IN_TRIGGERS.initialization],
          notes:
            'rokt-sgtm-bridge: keeps rtid from the landing URL once ad_storage is granted and pushes rokt_identity. Give it your email variable where you know the address.',
        }),
        tag({
          name: names.conversionCaptureTag,
          type: capture.type,
          parameter: capture.parameters({ email: ref(names.userData) }),
          firingTriggerId: [],
          notes:
            "Setup tag of the conversion tag: hashes the email of the conversion's user_data before the GA4 tag reads it.",
        }),
        exampleGa4Tag({
          tagId: ids.next(),
          folderId,
          triggerId,
          setupTag: [{ tagName: names.conversionCaptureTag, stopOnSetupFailure: false }],
        }),
      ],
      trigger: [conversionTrigger(triggerId, folderId, input.conversionEvents)],
      variable: variables,
      folder: [{ ...IDS, folderId, name: names.folder }],
      builtInVariable: [{ ...IDS, type: 'EVENT', name: 'Event' }],
      customTemplate: [capture.entry, identifier.entry],
    },
  };
}
