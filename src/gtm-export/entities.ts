/**
 * Entity builders the container writers share: a custom template embedded in a file, the fields of a tag or variable
 * of that template, and a tag with the settings every tag of ours carries.
 */

import { parseTpl } from 'gtm-template-runner';
import type { ContainerIds, GtmCustomTemplate, GtmParameter, GtmTag, IdSequence } from '../formats/gtm-export.js';
import {
  defaultValues,
  encodeField,
  type FieldValue,
  type TemplateField,
  templateFields,
} from '../formats/template-fields.js';

/** A built template: its file name without `.tpl`, and its text. */
export interface BuiltTemplate {
  file: string;
  text: string;
}

/** A template embedded in a container file, with what a tag or variable of it needs. */
export interface EmbeddedTemplate {
  file: string;
  /** `cvt_<containerId>_<templateId>`: what GTM's exports call a tag or variable of this template. */
  type: string;
  fields: Map<string, TemplateField>;
  /** The template's field values, defaults first, overridden by `values`, as export parameters. */
  parameters(values: Record<string, FieldValue>): GtmParameter[];
  entry: GtmCustomTemplate;
}

/** Embeds `template` byte for byte, taking its id from the file's sequence. */
export function embedTemplate(template: BuiltTemplate, ids: ContainerIds, sequence: IdSequence): EmbeddedTemplate {
  const tpl = parseTpl(template.text);
  const templateId = sequence.next();
  const fields = templateFields(tpl.parameters as TemplateField[]);
  const defaults = defaultValues(tpl.parameters as TemplateField[]);
  return {
    file: template.file,
    type: `cvt_${ids.containerId}_${templateId}`,
    fields,
    parameters: (values) =>
      Object.entries({ ...defaults, ...values }).map(([name, value]) => encodeField(fields, name, value)),
    entry: { ...ids, templateId, name: String(tpl.info.displayName ?? template.file), templateData: template.text },
  };
}

/**
 * A tag with the settings every tag of ours carries: fired once per event, GTM's default monitoring metadata, and
 * consent left to the tag (`NOT_SET`, as published exports write the untouched setting): each tag of ours follows
 * Consent Mode itself.
 */
export function tagEntity(
  ids: ContainerIds,
  fields: Omit<GtmTag, keyof ContainerIds | 'tagFiringOption' | 'monitoringMetadata' | 'consentSettings'> &
    Partial<GtmTag>,
): GtmTag {
  return {
    ...ids,
    ...fields,
    tagFiringOption: fields.tagFiringOption ?? 'ONCE_PER_EVENT',
    monitoringMetadata: fields.monitoringMetadata ?? { type: 'MAP' },
    consentSettings: fields.consentSettings ?? { consentStatus: 'NOT_SET' },
  };
}
