/**
 * The preview runs what an advertiser imports: its server container version is read from
 * dist/gtm/server-container.json (templates, variables, triggers, tag field values) and its shop installs the bundle
 * from the Custom HTML tag of dist/gtm/web-container.json. Only what a real installer changes is changed here: the
 * Constant placeholders get the preview's made-up account and keys, which the Rokt stand-in accepts, and Dry run is
 * switched off so the request reaches the stand-in. The installer's own GA4 tag, which the import file's
 * Transformations are scoped to, is added: the preview records what it would forward to Google Analytics.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseTpl, type Tpl } from 'gtm-template-runner';
import type { EventData } from 'gtm-template-runner/ga4-hit';
import type { GtmCondition, GtmExport, GtmTrigger } from '../formats/gtm-export.js';
import { decodeParameters } from '../formats/template-fields.js';
import { GA4_TAG_TYPE } from '../gtm-export/ga4-transformations.js';
import type { ContainerSetup, TagSetup, VariableSetup } from './server-container.js';
import { transformationsOf } from './transformations.js';

/** The GA4 tag every server container that forwards to Google Analytics has; the import file relies on it. */
export const PREVIEW_GA4_TAG = { name: 'Google Analytics: GA4 (the installer’s own)', type: GA4_TAG_TYPE };

/**
 * Made-up credentials, keyed by the tag field that holds them: the Event and Audience API's key, secret and pod, and
 * the Event API's account ID (Rokt's documented example) and key pair (rpub-/rsec- as Rokt issues them).
 */
export const PREVIEW_ACCOUNT = {
  apiKey: 'preview-api-key-0000',
  apiSecret: 'preview-api-secret-0000',
  pod: 'us2',
  accountId: '3051387316918867566',
  publicKey: 'rpub-preview-0000',
  secretKey: 'rsec-preview-0000',
};

/** How the tag reports: the Event and Audience API (the import file's default), the Event API, or the PII-less GET. */
export type ContainerMode = 'event-audience-api' | 'event-api' | 'conversion-get';

/** Every mode, in the order the /__rokt page offers them, with the tag's `apiMode` value for it. */
export const CONTAINER_MODES: Record<ContainerMode, string> = {
  'event-audience-api': 'eventAudienceApi',
  'event-api': 'eventApi',
  'conversion-get': 'conversionGet',
};

/** The two import files, parsed. */
export interface ImportFiles {
  web: GtmExport;
  server: GtmExport;
}

/** A missing build says how to make it. */
function readJson(path: string): GtmExport {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`${path} is missing: run "npm run build" first`);
  }
  return JSON.parse(text) as GtmExport;
}

/** Reads dist/gtm/web-container.json and dist/gtm/server-container.json. */
export function readImportFiles(distDir: string): ImportFiles {
  return {
    web: readJson(join(distDir, 'gtm', 'web-container.json')),
    server: readJson(join(distDir, 'gtm', 'server-container.json')),
  };
}

/** The text of the web container's Custom HTML tag: what GTM would inject into the page. */
export function customHtmlOf(web: GtmExport): string {
  const tag = web.containerVersion.tag.find((candidate) => candidate.type === 'html');
  if (!tag) throw new Error('web-container.json has no Custom HTML tag');
  return String(decodeParameters(tag.parameter).html ?? '');
}

/** What the built-in variables of a trigger condition return for an event of the GA4 client. */
function builtInValue(name: string, eventData: EventData): string | undefined {
  if (name === 'Client Name') return 'GA4';
  if (name === 'Event Name') return String(eventData.event_name ?? '');
  return undefined;
}

/** One condition of a server trigger, evaluated as sGTM does for the operators the import file uses. */
function conditionHolds(condition: GtmCondition, eventData: EventData): boolean {
  const args = decodeParameters(condition.parameter) as { arg0?: string; arg1?: string };
  const reference = /^\{\{(.+)\}\}$/.exec(args.arg0 ?? '');
  const left = reference ? builtInValue(reference[1], eventData) : args.arg0;
  const right = args.arg1 ?? '';
  if (left === undefined) throw new Error(`preview: trigger condition on unsupported variable ${args.arg0}`);
  switch (condition.type) {
    case 'EQUALS':
      return left === right;
    case 'CONTAINS':
      return left.includes(right);
    case 'STARTS_WITH':
      return left.startsWith(right);
    case 'ENDS_WITH':
      return left.endsWith(right);
    case 'MATCH_REGEX':
      return new RegExp(right).test(left);
  }
}

/** A server trigger fires when every condition of its filter holds. */
function triggerFires(trigger: GtmTrigger, eventData: EventData): boolean {
  return (trigger.filter ?? []).every((condition) => conditionHolds(condition, eventData));
}

/** Templates of the file by the type a tag or variable names them with (`cvt_<containerId>_<templateId>`). */
const parsedTemplates = new WeakMap<GtmExport, Map<string, Tpl>>();
function templatesOf(server: GtmExport): Map<string, Tpl> {
  let found = parsedTemplates.get(server);
  if (!found) {
    found = new Map(
      (server.containerVersion.customTemplate ?? []).map((t) => [
        `cvt_${t.containerId}_${t.templateId}`,
        parseTpl(t.templateData),
      ]),
    );
    parsedTemplates.set(server, found);
  }
  return found;
}

/** Replaces each `{{Constant}}` inside strings of `value` by the constant's value. */
function withConstants(value: unknown, constants: Map<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(/\{\{([^}]+)\}\}/g, (whole, name: string) => constants.get(name) ?? whole);
  if (Array.isArray(value)) return value.map((inner) => withConstants(inner, constants));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, withConstants(inner, constants)]));
  }
  return value;
}

/**
 * The container version of the server import file, for `mode`. The tag fields that hold credentials point at
 * Constants; those Constants get the preview's values. Dry run is off, and `mode` sets the Rokt tag's API field, as
 * an installer would in the tag's settings.
 */
export function containerSetup(server: GtmExport, mode: ContainerMode): ContainerSetup {
  const version = server.containerVersion;
  const templates = templatesOf(server);
  const constants = new Map(
    version.variable
      .filter((v) => v.type === 'c')
      .map((v) => [v.name, String(decodeParameters(v.parameter).value ?? '')]),
  );
  for (const tag of version.tag) {
    const data = decodeParameters(tag.parameter);
    for (const [field, previewValue] of Object.entries(PREVIEW_ACCOUNT)) {
      const reference = /^\{\{(.+)\}\}$/.exec(String(data[field] ?? ''));
      if (reference && constants.has(reference[1])) constants.set(reference[1], previewValue);
    }
  }
  const template = (type: string, name: string) => {
    const found = templates.get(type);
    if (!found) throw new Error(`server-container.json: "${name}" uses ${type}, which no customTemplate defines`);
    return found;
  };

  const variables: Record<string, VariableSetup> = {};
  for (const variable of version.variable.filter((v) => v.type.startsWith('cvt_'))) {
    variables[variable.name] = {
      template: template(variable.type, variable.name),
      data: withConstants(decodeParameters(variable.parameter), constants) as Record<string, unknown>,
    };
  }
  const tags: TagSetup[] = version.tag
    .filter((tag) => !tag.paused)
    .map((tag) => {
      const tpl = template(tag.type, tag.name);
      const data = withConstants(decodeParameters(tag.parameter), constants) as Record<string, unknown>;
      if ('dryRun' in data) data.dryRun = false;
      if ('apiMode' in data) data.apiMode = CONTAINER_MODES[mode];
      const triggers = version.trigger.filter((trigger) => tag.firingTriggerId.includes(trigger.triggerId));
      return {
        name: tag.name,
        type: tag.type,
        template: tpl,
        firesOn: [],
        firesWhen: (eventData: EventData) => triggers.some((trigger) => triggerFires(trigger, eventData)),
        data,
      };
    });
  return { variables, tags, transformations: transformationsOf(version.transformation), ga4Tag: PREVIEW_GA4_TAG };
}
