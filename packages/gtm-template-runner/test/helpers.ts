import type { Tpl } from '../src/index.js';

type Perm = string | boolean | Perm[] | { [k: string]: Perm };

/** Encodes a value the way the GTM editor writes permission params (1 string, 2 list, 3 map, 8 boolean). */
function encode(v: Perm): unknown {
  if (typeof v === 'string') return { type: 1, string: v };
  if (typeof v === 'boolean') return { type: 8, boolean: v };
  if (Array.isArray(v)) return { type: 2, listItem: v.map(encode) };
  return { type: 3, mapKey: Object.keys(v).map((k) => encode(k)), mapValue: Object.values(v).map(encode) };
}

/** A permission instance as exported in `___SERVER_PERMISSIONS___`. */
export function permission(publicId: string, params: Record<string, Perm> = {}): unknown {
  return {
    instance: {
      key: { publicId, versionId: '1' },
      param: Object.entries(params).map(([key, value]) => ({ key, value: encode(value) })),
    },
    isRequired: true,
  };
}

/** Permissions that allow everything the runner checks. */
export const ALL_PERMISSIONS = [
  permission('read_event_data', { eventDataAccess: 'any' }),
  permission('get_cookies', { cookieAccess: 'any' }),
  permission('send_http', { allowedUrls: 'any' }),
  permission('logging', { environments: 'all' }),
  permission('read_request', { requestAccess: 'any', headerAccess: 'any', queryParameterAccess: 'any' }),
  permission('read_container_data'),
  permission('access_template_storage'),
];

/** An in-memory template (no `.tpl` file) for runner tests. */
export function tpl(
  code: string,
  opts: {
    type?: 'TAG' | 'MACRO' | 'CLIENT';
    permissions?: unknown[];
    tests?: Tpl['tests'];
    context?: 'SERVER' | 'WEB';
  } = {},
): Tpl {
  return {
    info: { type: opts.type ?? 'MACRO', containerContexts: [opts.context ?? 'SERVER'] },
    parameters: [],
    code,
    codeStartLine: 0,
    permissions: opts.permissions ?? ALL_PERMISSIONS,
    tests: opts.tests ?? null,
    sections: {},
  };
}
