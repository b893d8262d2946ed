/**
 * A custom template's fields (`___TEMPLATE_PARAMETERS___`) and how a tag or variable of that template stores a value
 * for each of them in a container export. Both the generator and the preview go through here: the generator to
 * write field values, the preview to read them back, the structural test to check them.
 */
import type { GtmParameter } from './gtm-export.js';

/** One field definition of a `.tpl` file, with the keys this project reads. */
export interface TemplateField {
  type: string;
  name: string;
  displayName?: string;
  defaultValue?: unknown;
  selectItems?: { value: string; displayValue: string }[];
  /** A SELECT that also offers the container's variables: its value may be a `{{Variable}}` reference. */
  macrosInSelect?: boolean;
  radioItems?: { value: string; displayValue: string }[];
  simpleTableColumns?: { name: string }[];
  valueValidators?: { type: string; args?: string[] }[];
  subParams?: TemplateField[];
  enablingConditions?: { paramName: string; paramValue: unknown; type: string }[];
}

/** A field value as the template's code sees it in `data`. */
export type FieldValue = string | boolean | number | Record<string, string>[];

/**
 * Every field that holds a value, by name. A GROUP holds none itself; its sub-fields appear flat in `data`, so they
 * are listed flat here too. LABEL fields hold nothing.
 */
export function templateFields(parameters: readonly TemplateField[]): Map<string, TemplateField> {
  const out = new Map<string, TemplateField>();
  const visit = (fields: readonly TemplateField[]) => {
    for (const field of fields) {
      if (field.type === 'GROUP') visit(field.subParams ?? []);
      else if (field.type !== 'LABEL') out.set(field.name, field);
    }
  };
  visit(parameters);
  return out;
}

/** The values a field accepts when it offers a fixed list (SELECT, RADIO), else undefined. */
export function allowedValues(field: TemplateField): string[] | undefined {
  const items = field.selectItems ?? field.radioItems;
  return items?.map((item) => item.value);
}

/** The fields whose template gives a default, with that default: what the GTM UI fills in for a new tag. */
export function defaultValues(parameters: readonly TemplateField[]): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const [name, field] of templateFields(parameters)) {
    if (field.defaultValue !== undefined && field.type !== 'SIMPLE_TABLE') out[name] = field.defaultValue as FieldValue;
  }
  return out;
}

/**
 * Writes one field value as an export parameter: a CHECKBOX as BOOLEAN, a SIMPLE_TABLE as a LIST of MAPs (one per
 * row), anything else as TEMPLATE text.
 * @throws Error when the template has no such field, or a SELECT / RADIO value is not one of its items, so a
 *   renamed field breaks the build instead of shipping a file GTM would silently drop a value from.
 */
export function encodeField(fields: Map<string, TemplateField>, name: string, value: FieldValue): GtmParameter {
  const field = fields.get(name);
  if (!field) throw new Error(`gtm-export: the template has no field "${name}"`);
  const allowed = allowedValues(field);
  const reference = field.macrosInSelect === true && /^\{\{[^{}]+\}\}$/.test(String(value));
  if (allowed && !reference && !allowed.includes(String(value))) {
    throw new Error(`gtm-export: field "${name}" must be one of ${allowed.join(', ')}, not "${String(value)}"`);
  }
  if (field.type === 'CHECKBOX') return { type: 'BOOLEAN', key: name, value: String(value === true) };
  if (field.type === 'SIMPLE_TABLE') {
    const rows = Array.isArray(value) ? value : [];
    return {
      type: 'LIST',
      key: name,
      list: rows.map((row) => ({
        type: 'MAP',
        map: Object.entries(row).map(([key, cell]) => ({ type: 'TEMPLATE', key, value: cell })),
      })),
    };
  }
  return { type: 'TEMPLATE', key: name, value: String(value) };
}

/** Reads export parameters back into the `data` a template's code sees (the inverse of {@link encodeField}). */
export function decodeParameters(parameters: readonly GtmParameter[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const parameter of parameters) if (parameter.key !== undefined) out[parameter.key] = decodeValue(parameter);
  return out;
}

function decodeValue(parameter: GtmParameter): unknown {
  switch (parameter.type) {
    case 'BOOLEAN':
      return parameter.value === 'true';
    case 'INTEGER':
      return Number(parameter.value);
    case 'LIST':
      return (parameter.list ?? []).map(decodeValue);
    case 'MAP':
      return decodeParameters(parameter.map ?? []);
    default:
      return parameter.value ?? '';
  }
}
