/**
 * The structural rules a container import file must keep, learned from published exports (src/formats/gtm-export.ts
 * cites them) and GTM's own constraints. Returns every broken rule as one line, so a test can show them all.
 */
import { parse } from 'acorn';
import { parseTpl } from 'gtm-template-runner';
import type { GtmExport, GtmParameter } from '../../src/formats/gtm-export';
import { BUILT_IN_TRIGGERS, FORBIDDEN_NAME_CHARACTERS } from '../../src/formats/gtm-export';
import {
  allowedValues,
  decodeParameters,
  defaultValues,
  type TemplateField,
  templateFields,
} from '../../src/formats/template-fields';

/** Every string value inside a parameter tree. */
function strings(parameters: readonly GtmParameter[] | undefined): string[] {
  return (parameters ?? []).flatMap((p) => [
    ...(p.value !== undefined ? [p.value] : []),
    ...strings(p.list),
    ...strings(p.map),
  ]);
}

const REFERENCE = /\{\{([^}]+)\}\}/g;

/** The `{{…}}` references GTM resolves without a variable in the file (`_event` is the custom-event trigger's own). */
const IMPLICIT = new Set(['_event']);

/**
 * Account and container ids as real exports write them: decimal, never `0` (10-digit accounts such as `6253942064`,
 * 9-digit containers such as `199416058`; older containers have fewer digits).
 */
const REAL_ID = /^[1-9]\d{5,10}$/;

/**
 * "a brief (200 characters or less) description": Google's template guide, *Create a custom variable*
 * (https://developers.google.com/tag-platform/tag-manager/templates/create-a-custom-variable). GTM parses every
 * embedded template on import and fails the whole import on a bad section, so a file keeps the documented limit.
 */
export const TEMPLATE_DESCRIPTION_MAX = 200;

/** Entity kinds a later file may add (a server file's clients); they share the id sequence. */
interface LaterKinds {
  client?: { clientId: string; name: string }[];
}

/** Every entity of the file with an account and container id, with a label for messages. */
function everyEntity(file: GtmExport): { where: string; accountId: string; containerId: string }[] {
  const version = file.containerVersion;
  const later = version as unknown as LaterKinds;
  const named = (kind: string, list: readonly { name: string; accountId?: string; containerId?: string }[]) =>
    list.map((e) => ({ where: `${kind} "${e.name}"`, accountId: e.accountId ?? '', containerId: e.containerId ?? '' }));
  return [
    { where: 'containerVersion', accountId: version.accountId, containerId: version.containerId },
    { where: 'container', accountId: version.container.accountId, containerId: version.container.containerId },
    ...named('tag', version.tag),
    ...named('trigger', version.trigger),
    ...named('variable', version.variable),
    ...named('folder', version.folder),
    ...named('built-in variable', version.builtInVariable),
    ...named('template', version.customTemplate ?? []),
    ...named('client', later.client ?? []),
    ...named('transformation', version.transformation ?? []),
  ];
}

export function containerProblems(file: GtmExport): string[] {
  const problems: string[] = [];
  const version = file.containerVersion;
  if (file.exportFormatVersion !== 2) problems.push('exportFormatVersion is not 2');

  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) problems.push(`${kind} ${id} is used twice`);
      seen.add(id);
    }
  };
  const idsByKind: [string, string[]][] = [
    ['tagId', version.tag.map((t) => t.tagId)],
    ['triggerId', version.trigger.map((t) => t.triggerId)],
    ['variableId', version.variable.map((v) => v.variableId)],
    ['folderId', version.folder.map((f) => f.folderId)],
    ['templateId', (version.customTemplate ?? []).map((t) => t.templateId)],
    ['transformationId', (version.transformation ?? []).map((t) => t.transformationId)],
  ];
  const later = version as unknown as LaterKinds;
  idsByKind.push(['clientId', (later.client ?? []).map((c) => c.clientId)]);
  for (const [kind, ids] of idsByKind) unique(kind, ids);
  // One id sequence per container: no id names two entities of different kinds.
  const kindOfId = new Map<string, string>();
  for (const [kind, ids] of idsByKind) {
    for (const id of new Set(ids)) {
      const other = kindOfId.get(id);
      if (other) problems.push(`id ${id} is both a ${other} and a ${kind}`);
      else kindOfId.set(id, kind);
    }
  }
  for (const kind of ['tag', 'trigger', 'variable'] as const)
    unique(
      `${kind} name`,
      version[kind].map((e) => e.name),
    );
  const names = [
    ...version.tag,
    ...version.trigger,
    ...version.variable,
    ...version.folder,
    ...(version.customTemplate ?? []),
    ...(later.client ?? []),
    ...(version.transformation ?? []),
  ].map((e) => e.name);
  for (const name of names) {
    if (FORBIDDEN_NAME_CHARACTERS.test(name)) problems.push(`the name "${name}" holds one of : , ;`);
  }

  // Real, consistent account and container ids, and the features block real exports with templates carry.
  for (const entity of everyEntity(file)) {
    if (!REAL_ID.test(entity.accountId) || !REAL_ID.test(entity.containerId))
      problems.push(
        `${entity.where} has account/container id ${entity.accountId}/${entity.containerId}, not a real one`,
      );
    else if (entity.accountId !== version.accountId || entity.containerId !== version.containerId)
      problems.push(`${entity.where} has other account/container ids than the container version`);
  }
  const features = version.container.features;
  if (!features) problems.push('container.features is missing');
  else {
    if ((version.customTemplate ?? []).length > 0 && features.supportTemplates !== true)
      problems.push('the file has custom templates, but container.features.supportTemplates is not true');
    if (version.container.usageContext[0] === 'SERVER' && features.supportClients !== true)
      problems.push('a server container, but container.features.supportClients is not true');
  }
  for (const variable of version.variable.filter((v) => v.type === 'gtes' || v.type === 'gtcs')) {
    if ('formatValue' in variable)
      problems.push(
        `variable "${variable.name}" (${variable.type}) has formatValue, which no real export writes there`,
      );
  }
  for (const template of version.customTemplate ?? []) {
    const description = String(parseTpl(template.templateData).info.description ?? '');
    if (description.length > TEMPLATE_DESCRIPTION_MAX)
      problems.push(
        `template "${template.name}" has a ${description.length}-character description (at most ${TEMPLATE_DESCRIPTION_MAX})`,
      );
  }

  const variableNames = new Set([
    ...version.variable.map((v) => v.name),
    ...version.builtInVariable.map((b) => b.name),
  ]);
  const references: { where: string; values: string[] }[] = [
    ...version.tag
      .filter((t) => t.type !== 'html')
      .map((t) => ({ where: `tag "${t.name}"`, values: strings(t.parameter) })),
    ...version.variable.map((v) => ({ where: `variable "${v.name}"`, values: strings(v.parameter) })),
    ...(version.transformation ?? []).map((t) => ({
      where: `transformation "${t.name}"`,
      values: strings(t.parameter),
    })),
    ...version.trigger.map((t) => ({
      where: `trigger "${t.name}"`,
      values: [...(t.filter ?? []), ...(t.customEventFilter ?? [])].flatMap((c) => strings(c.parameter)),
    })),
  ];
  for (const { where, values } of references) {
    for (const value of values) {
      for (const [, name] of value.matchAll(REFERENCE)) {
        if (!variableNames.has(name) && !IMPLICIT.has(name))
          problems.push(`${where} refers to {{${name}}}, which is not in the file`);
      }
    }
  }

  const triggerIds = new Set([...version.trigger.map((t) => t.triggerId), ...Object.values(BUILT_IN_TRIGGERS)]);
  const folderIds = new Set(version.folder.map((f) => f.folderId));
  for (const entity of [...version.tag, ...version.trigger, ...version.variable, ...(version.transformation ?? [])]) {
    if (entity.parentFolderId && !folderIds.has(entity.parentFolderId))
      problems.push(`"${entity.name}" is in a missing folder`);
  }
  // A published exporter reports GTM accepting one customEventFilter entry per Custom Event trigger, and every real
  // export has one; further conditions go into `filter`.
  for (const trigger of version.trigger) {
    if (trigger.type === 'CUSTOM_EVENT' && (trigger.customEventFilter ?? []).length !== 1)
      problems.push(
        `Custom Event trigger "${trigger.name}" has ${(trigger.customEventFilter ?? []).length} customEventFilter entries, not 1`,
      );
  }
  // A tag without a trigger fires only as another tag's setup tag (tag sequencing).
  const setupTags = new Set(version.tag.flatMap((tag) => (tag.setupTag ?? []).map((setup) => setup.tagName)));
  for (const tag of version.tag) {
    for (const setup of tag.setupTag ?? [])
      if (!version.tag.some((other) => other.name === setup.tagName))
        problems.push(`tag "${tag.name}" has the missing setup tag "${setup.tagName}"`);
    if (tag.firingTriggerId.length === 0 && !setupTags.has(tag.name))
      problems.push(`tag "${tag.name}" has no firing trigger`);
    for (const id of tag.firingTriggerId)
      if (!triggerIds.has(id)) problems.push(`tag "${tag.name}" fires on missing trigger ${id}`);
  }

  const constants = new Map(
    version.variable
      .filter((v) => v.type === 'c')
      .map((v) => [v.name, String(decodeParameters(v.parameter).value ?? '')]),
  );
  const templates = new Map(
    (version.customTemplate ?? []).map((t) => [`cvt_${t.containerId}_${t.templateId}`, parseTpl(t.templateData)]),
  );
  for (const entity of [...version.tag, ...version.variable]) {
    if (!entity.type.startsWith('cvt_')) continue;
    const tpl = templates.get(entity.type);
    if (!tpl) {
      problems.push(`"${entity.name}" uses ${entity.type}, which no customTemplate defines`);
      continue;
    }
    problems.push(...fieldProblems(entity.name, tpl.parameters as TemplateField[], entity.parameter, constants));
  }

  for (const tag of version.tag.filter((t) => t.type === 'html')) {
    const html = String(decodeParameters(tag.parameter).html ?? '');
    if (html.includes('{{')) problems.push(`Custom HTML "${tag.name}" contains {{, which GTM reads as a variable`);
    for (const [, code] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
      try {
        parse(code, { ecmaVersion: 5 });
      } catch (error) {
        problems.push(`Custom HTML "${tag.name}" does not parse as ES5: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

/** A custom-template tag or variable: every field it sets exists, holds a value the field accepts, and none is missing. */
function fieldProblems(
  name: string,
  parameters: readonly TemplateField[],
  set: readonly GtmParameter[],
  constants: Map<string, string>,
): string[] {
  const problems: string[] = [];
  const fields = templateFields(parameters);
  const data = { ...defaultValues(parameters), ...decodeParameters(set) };
  // A Constant's value is what the field receives; any other variable's value is only known at run time.
  const resolved = (value: unknown) =>
    typeof value === 'string' ? value.replace(REFERENCE, (whole, ref: string) => constants.get(ref) ?? whole) : value;
  const enabled = (field: TemplateField, parent?: TemplateField) =>
    [...(parent?.enablingConditions ?? []), ...(field.enablingConditions ?? [])].every((c) =>
      c.type === 'EQUALS' ? data[c.paramName] === c.paramValue : data[c.paramName] !== c.paramValue,
    );
  for (const parameter of set) {
    const field = fields.get(parameter.key ?? '');
    if (!field) {
      problems.push(`"${name}" sets "${parameter.key}", which its template does not have`);
      continue;
    }
    const expectedType = field.type === 'CHECKBOX' ? 'BOOLEAN' : field.type === 'SIMPLE_TABLE' ? 'LIST' : 'TEMPLATE';
    if (parameter.type !== expectedType)
      problems.push(`"${name}" writes ${field.name} as ${parameter.type}, not ${expectedType}`);
    const allowed = allowedValues(field);
    // A SELECT that offers variables may hold a reference; a Constant's value must then be one of the items.
    const value = field.macrosInSelect ? resolved(parameter.value) : parameter.value;
    if (allowed && !allowed.includes(String(value)))
      problems.push(`"${name}": ${field.name} = "${parameter.value}" is not one of ${allowed}`);
    if (field.type === 'SIMPLE_TABLE') {
      const columns = new Set((field.simpleTableColumns ?? []).map((c) => c.name));
      for (const row of parameter.list ?? []) {
        for (const cell of row.map ?? [])
          if (!columns.has(cell.key ?? '')) problems.push(`"${name}": ${field.name} has no column ${cell.key}`);
      }
    }
  }
  const visit = (list: readonly TemplateField[], parent?: TemplateField) => {
    for (const field of list) {
      if (field.type === 'GROUP') {
        if (enabled(field, parent)) visit(field.subParams ?? [], field);
        continue;
      }
      if (!enabled(field, parent)) continue;
      const value = resolved(data[field.name]);
      for (const validator of field.valueValidators ?? []) {
        if (validator.type === 'NON_EMPTY' && (value === undefined || value === ''))
          problems.push(`"${name}": ${field.name} is required`);
        if (
          validator.type === 'REGEX' &&
          typeof value === 'string' &&
          !new RegExp(validator.args?.[0] ?? '').test(value)
        ) {
          problems.push(`"${name}": ${field.name} = "${value}" fails ${validator.args?.[0]}`);
        }
      }
    }
  };
  visit(parameters);
  return problems;
}
