// @vitest-environment node
// How a template field's value is written into, and read back from, a container export.
import { describe, expect, it } from 'vitest';
import {
  decodeParameters,
  defaultValues,
  encodeField,
  type TemplateField,
  templateFields,
} from '../../src/formats/template-fields';

const FIELDS: TemplateField[] = [
  { type: 'TEXT', name: 'accountId' },
  {
    type: 'GROUP',
    name: 'group',
    subParams: [
      { type: 'SELECT', name: 'mode', defaultValue: 'a', selectItems: [{ value: 'a', displayValue: 'A' }] },
      { type: 'CHECKBOX', name: 'dryRun', defaultValue: false },
      { type: 'SIMPLE_TABLE', name: 'rows', simpleTableColumns: [{ name: 'name' }, { name: 'value' }] },
    ],
  },
  { type: 'LABEL', name: 'note' },
];
const fields = templateFields(FIELDS);

describe('template fields', () => {
  it('lists the fields of groups flat and leaves out groups and labels', () => {
    expect([...fields.keys()]).toEqual(['accountId', 'mode', 'dryRun', 'rows']);
    expect(defaultValues(FIELDS)).toEqual({ mode: 'a', dryRun: false });
  });

  it('writes a checkbox as BOOLEAN, a table as a LIST of MAPs, text as TEMPLATE, and reads them back', () => {
    const rows = [{ name: 'clientcustomerid', value: '{{Rokt – ID (rtid)}}' }];
    const parameters = [
      encodeField(fields, 'accountId', '{{Rokt – Account ID}}'),
      encodeField(fields, 'dryRun', true),
      encodeField(fields, 'rows', rows),
    ];
    expect(parameters.map((p) => p.type)).toEqual(['TEMPLATE', 'BOOLEAN', 'LIST']);
    expect(decodeParameters(parameters)).toEqual({ accountId: '{{Rokt – Account ID}}', dryRun: true, rows });
  });

  it('refuses a field the template does not have and a select value it does not offer', () => {
    expect(() => encodeField(fields, 'accountID', '1')).toThrow('the template has no field "accountID"');
    expect(() => encodeField(fields, 'mode', 'b')).toThrow('field "mode" must be one of a, not "b"');
  });
});
