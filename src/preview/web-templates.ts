/**
 * The shop's web templates install path: builds, once at start, the script that runs the template-only web import
 * file (`dist/gtm/web-container-templates.json`) in the page. Each embedded template's sandboxed code becomes the body
 * of a `function (require, data) { … }` in the served file, so the page evaluates no string (the shop's CSP allows no
 * eval); the file's tags, triggers and variables go to the page-side stand-in (./shop/gtm-templates-standin.ts) as
 * plain data.
 */

import { parseTpl } from 'gtm-template-runner';
import { BUILT_IN_TRIGGERS, type GtmExport, type GtmTag } from '../formats/gtm-export.js';
import { decodeParameters } from '../formats/template-fields.js';
import { consentRegionRank } from './shop/consent-region.js';
import {
  type GtmTemplatesStandInConfig,
  gtmTemplatesStandIn,
  type StandInTag,
  type StandInVariable,
} from './shop/gtm-templates-standin.js';

/** Where the page loads the built script from. */
export const WEB_TEMPLATES_SCRIPT = '/gtm-web-templates.js';

/** The part of the stand-in's configuration that comes from the import file. */
export type WebTemplatesSetup = Pick<GtmTemplatesStandInConfig, 'tags' | 'variables'> & {
  /** Template type (`cvt_…`) → the template's sandboxed code. */
  code: Record<string, string>;
};

/**
 * Reads the import file. The example GA4 tag comes paused; the preview un-pauses it, as an installer does once the
 * measurement ID is set.
 */
export function webTemplatesSetup(file: GtmExport): WebTemplatesSetup {
  const version = file.containerVersion;
  const code: Record<string, string> = {};
  for (const template of version.customTemplate ?? []) {
    code[`cvt_${template.containerId}_${template.templateId}`] = parseTpl(template.templateData).code;
  }
  const triggers = new Map<string, StandInTag['trigger']>();
  triggers.set(BUILT_IN_TRIGGERS.initialization, 'init');
  for (const trigger of version.trigger ?? []) {
    const filter = trigger.customEventFilter?.[0];
    const pattern = filter?.parameter?.find((parameter) => parameter.key === 'arg1')?.value;
    if (trigger.type === 'CUSTOM_EVENT' && filter?.type === 'MATCH_REGEX' && pattern)
      triggers.set(trigger.triggerId, { eventPattern: pattern });
  }
  const tags: StandInTag[] = version.tag.map((tag: GtmTag) => ({
    name: tag.name,
    type: tag.type,
    fields: decodeParameters(tag.parameter ?? []),
    trigger: (tag.firingTriggerId ?? []).map((id) => triggers.get(id)).find((trigger) => trigger !== undefined),
    setupTag: tag.setupTag?.[0]?.tagName,
  }));
  const variables: Record<string, StandInVariable> = {};
  for (const variable of version.variable ?? []) {
    variables[variable.name] = { type: variable.type, fields: decodeParameters(variable.parameter ?? []) };
  }
  return { code, tags, variables };
}

/** The served script for a visitor of `region` (empty: unknown). */
export function webTemplatesScript(setup: WebTemplatesSetup, region: string): string {
  const code = Object.entries(setup.code)
    .map(([type, body]) => `${JSON.stringify(type)}: function (require, data) {\n${body}\n}`)
    .join(',\n');
  const config: GtmTemplatesStandInConfig = {
    tags: setup.tags,
    variables: setup.variables,
    region,
    dataLayerName: 'dataLayer',
  };
  return `// GTM STAND-IN (the preview's, not Google's): runs the web templates of web-container-templates.json.
(${gtmTemplatesStandIn.toString()})({\n${code}\n}, ${JSON.stringify(config)}, ${consentRegionRank.toString()});\n`;
}
