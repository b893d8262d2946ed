/**
 * The template's declared permissions (`___SERVER_PERMISSIONS___`) and the checks the sandboxed APIs make.
 * Semantics follow https://developers.google.com/tag-platform/tag-manager/server-side/permissions; where the docs
 * leave details open (URL pattern matching, key wildcards) the choices are noted inline.
 */

type Param = string | boolean | Param[] | { [key: string]: Param } | undefined;

interface RawValue {
  type?: number;
  string?: string;
  boolean?: boolean;
  listItem?: RawValue[];
  mapKey?: RawValue[];
  mapValue?: RawValue[];
}

/** Decodes GTM's typed permission value (1 string, 2 list, 3 map, 8 boolean). */
function decodeValue(v: RawValue | undefined): Param {
  if (!v) return undefined;
  switch (v.type) {
    case 1:
      return v.string ?? '';
    case 2:
      return (v.listItem ?? []).map(decodeValue);
    case 3: {
      const out: { [key: string]: Param } = {};
      (v.mapKey ?? []).forEach((k, i) => {
        out[String(decodeValue(k))] = decodeValue(v.mapValue?.[i]);
      });
      return out;
    }
    case 8:
      return v.boolean === true;
    default:
      return v.string ?? v.boolean;
  }
}

/** Thrown (via the runner) when an API call is outside the declared permissions. */
export interface PermissionDenial {
  permission: string;
  detail: string;
}

const asList = (p: Param): Param[] => (Array.isArray(p) ? p : []);
const asString = (p: Param): string => (typeof p === 'string' ? p : '');

/** `*` matches any run of characters; everything else literally. Case-sensitive. */
function wildcard(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' +
      pattern
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*') +
      '$',
  );
  return re.test(value);
}

/**
 * URL match pattern of `send_http` and the other URL permissions. GTM's permission docs
 * (https://developers.google.com/tag-platform/tag-manager/server-side/permissions, and the web "URL match patterns")
 * give the pattern as scheme, host with an optional leading `*.`, and path; they are silent on the details, so each
 * open point takes the stricter reading (README.md):
 * - https only, on both sides; the port must be the same (the default when neither names one);
 * - `*.example.com` matches sub-domains of example.com, not example.com itself;
 * - a path ending in `/` or `*` allows that path and everything below it, query string included: the form published
 *   templates use for URLs with a query (`https://graph.facebook.com/` for `…?access_token=`);
 * - any other path allows exactly that URL: no other path, no query string, no fragment;
 * - a pattern without a path means the root, `/`, exactly;
 * - `*` anywhere but at the very end of the path is an ordinary character; credentials in the URL never match.
 */
export function urlMatches(pattern: string, url: string): boolean {
  const m = /^https:\/\/([^/?#]+)(\/[^?#]*)?$/i.exec(pattern.trim());
  if (!m) return false;
  let target: URL;
  let patternHost: URL;
  try {
    target = new URL(url);
    patternHost = new URL(`https://${m[1]!.replace(/^\*\./, 'wildcard.')}`);
  } catch {
    return false;
  }
  if (target.protocol !== 'https:' || target.username !== '' || target.password !== '') return false;
  if (target.port !== patternHost.port) return false;
  const host = target.hostname;
  if (m[1]!.startsWith('*.')) {
    const base = patternHost.hostname.slice('wildcard.'.length);
    if (!host.endsWith('.' + base)) return false;
  } else if (host !== patternHost.hostname) {
    return false;
  }
  const path = m[2];
  if (path === undefined) return target.pathname === '/' && target.search === '' && target.hash === '';
  if (path.endsWith('*')) return target.pathname.startsWith(path.slice(0, -1));
  if (path.endsWith('/')) return target.pathname.startsWith(path);
  return target.pathname === path && target.search === '' && target.hash === '' && !url.includes('?');
}

/**
 * A row-list permission (`access_globals`, `access_local_storage`, `access_consent`): some row names `name` (`*` a
 * wildcard) and has every flag `access` asks for (`readwrite` asks for both).
 */
function accessRow(rows: Param, nameKey: string, name: string, access: string): boolean {
  const flags = access === 'readwrite' ? ['read', 'write'] : [access];
  return asList(rows).some((row) => {
    const r = row as Record<string, Param>;
    return wildcard(asString(r[nameKey]), name) && flags.every((f) => r[f] === true);
  });
}

/** The permission instances of one template, queryable like GTM's `queryPermission`. */
export class Permissions {
  private readonly byId = new Map<string, Record<string, Param>>();

  constructor(raw: unknown[]) {
    for (const entry of raw) {
      const instance = (
        entry as { instance?: { key?: { publicId?: string }; param?: { key: string; value: RawValue }[] } }
      ).instance;
      const id = instance?.key?.publicId;
      if (!id) continue;
      const params: Record<string, Param> = {};
      for (const p of instance.param ?? []) params[p.key] = decodeValue(p.value);
      this.byId.set(id, params);
    }
  }

  /** True when the template declares the permission at all. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The decision for one access; `null` = allowed, otherwise why not. */
  check(id: string, ...args: unknown[]): PermissionDenial | null {
    const p = this.byId.get(id);
    if (!p) return { permission: id, detail: `the template does not declare the "${id}" permission` };
    const ok = this.allows(id, p, args);
    return ok ? null : { permission: id, detail: `"${id}" does not allow ${JSON.stringify(args)}` };
  }

  private allows(id: string, p: Record<string, Param>, args: unknown[]): boolean {
    switch (id) {
      case 'send_http': {
        if (asString(p.allowedUrls) === 'any') return true;
        return asList(p.urls).some((u) => urlMatches(asString(u), String(args[0])));
      }
      case 'get_cookies': {
        if (asString(p.cookieAccess) === 'any') return true;
        return asList(p.cookieNames).some((n) => wildcard(asString(n), String(args[0])));
      }
      case 'read_event_data': {
        const access = asString(p.eventDataAccess);
        if (access === 'any' || access === '') return access === 'any';
        // Key patterns: a pattern allows its own path and everything below it; `*` is a wildcard.
        const key = args[0] === undefined ? undefined : String(args[0]);
        if (key === undefined) return false; // getAllEventData needs "any"
        return asList(p.keyPatterns).some((k) => {
          const pat = asString(k);
          return wildcard(pat, key) || key.startsWith(pat + '.') || wildcard(pat + '.*', key);
        });
      }
      case 'read_request': {
        const what = String(args[0] ?? '');
        if (what === 'header') {
          if (asString(p.headerAccess) === 'any' || asString(p.requestAccess) === 'any') return true;
          if (p.headersAllowed === false) return false;
          const name = String(args[1] ?? '').toLowerCase();
          return asList(p.headerWhitelist).some((h) => {
            const entry = h as Record<string, Param>;
            return asString(entry.headerName).toLowerCase() === name;
          });
        }
        if (what === 'query') {
          return asString(p.queryParameterAccess) === 'any' || asString(p.requestAccess) === 'any';
        }
        // body, path, method, remote address, query string as a whole: "any" request access or the specific flag.
        if (asString(p.requestAccess) === 'any') return true;
        const flag = {
          body: 'bodyAllowed',
          path: 'pathAllowed',
          method: 'methodAllowed',
          remote_address: 'remoteAddressAllowed',
          query_string: 'queryStringAllowed',
        }[what];
        return flag !== undefined && p[flag] === true;
      }
      case 'logging': {
        const env = asString(p.environments) || 'debug';
        return env === 'all' || args[0] === true;
      }
      case 'set_cookies': {
        const name = String(args[0]);
        return asList(p.allowedCookies).some((c) => wildcard(asString((c as Record<string, Param>).name), name));
      }
      case 'access_bigquery': {
        // allowedTables rows {projectId, datasetId, tableId, operation}, `*` a wildcard (as published templates
        // export them, e.g. stape-io/tiktok-tag); an omitted project ID is GOOGLE_CLOUD_PROJECT.
        const [operation, table] = args as [string, Record<string, string>];
        return asList(p.allowedTables).some((row) => {
          const allowed = row as Record<string, Param>;
          return (
            asString(allowed.operation) === operation &&
            (['projectId', 'datasetId', 'tableId'] as const).every((k) =>
              wildcard(asString(allowed[k]), table[k] ?? ''),
            )
          );
        });
      }
      // Web permissions (https://developers.google.com/tag-platform/tag-manager/templates/permissions), as published
      // web templates export them: rows of keys with read / write / execute flags, consent types with read / write.
      case 'access_globals':
        return accessRow(p.keys, 'key', String(args[1]), String(args[0]));
      case 'access_local_storage':
        return accessRow(p.keys, 'key', String(args[1]), String(args[0]));
      case 'access_consent':
        return accessRow(p.consentTypes, 'consentType', String(args[0]), String(args[1]));
      case 'get_url':
      case 'get_referrer': {
        // A component needs urlParts "any" or its own flag; the whole URL needs "any"; a query key needs
        // queriesAllowed "any" or the key in queryKeys; the whole query string, every key.
        const [component, key] = args as [string, string | undefined];
        const anyPart = asString(p.urlParts) === 'any';
        if (component === 'any') return anyPart && asString(p.queriesAllowed) !== 'specific';
        if (!anyPart && p[component] !== true) return false;
        if (component !== 'query') return true;
        if (asString(p.queriesAllowed) === 'any' || asString(p.queriesAllowed) === '') return true;
        return key !== undefined && asList(p.queryKeys).some((k) => wildcard(asString(k), key));
      }
      case 'read_data_layer': {
        if (asString(p.allowedKeys) === 'any') return true;
        const key = String(args[0]);
        return asList(p.keyPatterns).some((k) => {
          const pat = asString(k);
          return wildcard(pat, key) || key.startsWith(pat + '.');
        });
      }
      case 'inject_script':
      case 'inject_hidden_iframe':
      case 'send_pixel':
        if (asString(p.allowedUrls) === 'any') return true;
        return asList(p.urls).some((u) => urlMatches(asString(u), String(args[0])));
      case 'access_template_storage':
      case 'read_container_data':
      case 'access_response':
        return true;
      default:
        return true;
    }
  }
}
