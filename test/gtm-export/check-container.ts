/**
 * The structural rules a container import file must keep, learned from published exports (src/gtm-export/format.ts
 * cites them) and GTM's own constraints. Returns every broken rule as one line, so a test can show them all.
 */
import { parse } from 'acorn';
import type { GtmExport, GtmParameter } from '../../src/gtm-export/format';
import { BUILT_IN_TRIGGERS } from '../../src/gtm-export/format';
import {
  allowedValues,
  decodeParameters,
  defaultValues,
  type TemplateField,
  templateFields,
} from '../../src/gtm-export/template-fields';
import { parseTpl } from '../../src/sandbox/index';

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
  for (const [kind, ids] of idsByKind) unique(kind, ids);
  for (const kind of ['tag', 'trigger', 'variable'] as const)
    unique(
      `${kind} name`,
      version[kind].map((e) => e.name),
    );

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
  for (const tag of version.tag) {
    if (tag.firingTriggerId.length === 0) problems.push(`tag "${tag.name}" has no firing trigger`);
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
    if (allowed && !allowed.includes(String(parameter.value)))
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
