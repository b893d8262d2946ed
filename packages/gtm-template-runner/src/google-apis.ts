/**
 * Google Cloud APIs of server templates, offline: `BigQuery`, `Firestore`, `getGoogleAuth`, `hmacSha256`.
 * Signatures, permissions and results follow https://developers.google.com/tag-platform/tag-manager/server-side/api
 * and …/server-side/permissions; the cloud itself is replaced by in-memory stand-ins (see README.md).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { ApiEnv } from './server-apis.js';

type Dict = Record<string, unknown>;

const asDict = (v: unknown): Dict => (v !== null && typeof v === 'object' ? (v as Dict) : {});

/** A deep copy through JSON, as the APIs take and give data by value. */
const copy = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** `collection/doc/collection/doc…`: an even number of segments names a document, an odd one a collection. */
function segments(path: unknown): string[] {
  return String(path)
    .split('/')
    .filter((s) => s !== '');
}

/** Firestore paths must not start or end with `/` (API reference). */
function checkPath(api: string, path: unknown): void {
  const text = String(path);
  if (text === '' || text.startsWith('/') || text.endsWith('/')) {
    throw new Error(`Firestore.${api}: the path must not be empty or start or end with "/": "${text}"`);
  }
}

/** Firestore query operators of the documented `queryConditions` triples. */
const QUERY_OPERATORS: Record<string, (field: unknown, value: unknown) => boolean> = {
  '==': (a, b) => JSON.stringify(a) === JSON.stringify(b),
  '!=': (a, b) => JSON.stringify(a) !== JSON.stringify(b),
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
  'array-contains': (a, b) => Array.isArray(a) && a.some((x) => JSON.stringify(x) === JSON.stringify(b)),
  in: (a, b) => Array.isArray(b) && b.some((x) => JSON.stringify(x) === JSON.stringify(a)),
  'not-in': (a, b) => Array.isArray(b) && !b.some((x) => JSON.stringify(x) === JSON.stringify(a)),
  'array-contains-any': (a, b) =>
    Array.isArray(a) && Array.isArray(b) && a.some((x) => b.some((y) => JSON.stringify(x) === JSON.stringify(y))),
};

function fieldValue(data: Dict, path: string): unknown {
  let cur: unknown = data;
  for (const part of path.split('.')) cur = asDict(cur)[part];
  return cur;
}

/** Builds the Google Cloud part of the API table. */
export function createGoogleApis(env: ApiEnv): Record<string, unknown> {
  const { realm, promises } = env;
  /** A sandboxed promise that settles with `work()`'s value (or its throw) after the current code. */
  const settleLater = (work: () => unknown): unknown => {
    const { promise, resolve, reject } = promises.deferred();
    env.later(() => {
      try {
        resolve(realm.toSandbox(work()));
      } catch (e) {
        reject(realm.toSandbox(e instanceof Error ? { reason: e.message } : e));
      }
    });
    return promise;
  };
  const projectOf = (options: unknown): string => String(asDict(options).projectId ?? 'GOOGLE_CLOUD_PROJECT');

  const firestoreDocs = env.firestore;
  /** Document IDs written within each open transaction, by transaction ID. */
  const transactionWrites = new Map<string, string[]>();
  const firestoreRead = (path: unknown, options: unknown): unknown => {
    env.demand('access_firestore', 'read', { projectId: projectOf(options), path: String(path) });
    const key = segments(path).join('/');
    return settleLater(() => {
      checkPath('read', path);
      if (segments(path).length % 2 !== 0) throw new Error(`Firestore.read: "${String(path)}" is not a document path`);
      const data = Object.hasOwn(firestoreDocs, key) ? firestoreDocs[key] : undefined;
      if (data === undefined) throw new Error(`Firestore.read: no document at "${key}"`);
      return { id: key, data: copy(data) };
    });
  };
  const firestoreWrite = (path: unknown, input: unknown, options: unknown): unknown => {
    env.demand('access_firestore', 'write', { projectId: projectOf(options), path: String(path) });
    const parts = segments(path);
    return settleLater(() => {
      checkPath('write', path);
      // A collection path gets a document with a random id, as in Firestore.
      const key = parts.length % 2 === 0 ? parts.join('/') : [...parts, randomBytes(10).toString('hex')].join('/');
      const merge = asDict(options).merge === true;
      firestoreDocs[key] = merge ? { ...asDict(firestoreDocs[key]), ...copy(asDict(input)) } : copy(asDict(input));
      const transaction = asDict(options).transaction;
      if (typeof transaction === 'string') transactionWrites.get(transaction)?.push(key);
      return key;
    });
  };
  const firestoreQuery = (collection: unknown, conditions: unknown, options: unknown): unknown => {
    env.demand('access_firestore', 'read', { projectId: projectOf(options), path: String(collection) });
    const prefix = segments(collection).join('/');
    return settleLater(() => {
      checkPath('query', collection);
      const depth = segments(collection).length + 1;
      const triples = (Array.isArray(conditions) ? Array.from(conditions as unknown[]) : []).map((c) =>
        Array.from(c as unknown[]),
      );
      for (const [, op] of triples) {
        if (!Object.hasOwn(QUERY_OPERATORS, String(op)))
          throw new Error(`Firestore.query: unknown operator ${String(op)}`);
      }
      const hits: { id: string; data: Dict }[] = [];
      for (const [key, data] of Object.entries(firestoreDocs)) {
        if (!key.startsWith(prefix + '/') || key.split('/').length !== depth) continue;
        const ok = triples.every(([field, op, value]) =>
          QUERY_OPERATORS[String(op)]!(fieldValue(data, String(field)), value),
        );
        if (ok) hits.push({ id: key, data: copy(data) });
      }
      // The limit defaults to 5 documents (API reference).
      const limit = asDict(options).limit;
      return hits.slice(0, typeof limit === 'number' ? limit : 5);
    });
  };

  return {
    BigQuery: {
      insert: (connectionInfo: unknown, rows: unknown, options: unknown) => {
        const info = asDict(connectionInfo);
        const table = {
          projectId: String(info.projectId ?? 'GOOGLE_CLOUD_PROJECT'),
          datasetId: String(info.datasetId ?? ''),
          tableId: String(info.tableId ?? ''),
        };
        env.demand('access_bigquery', 'write', table);
        return settleLater(() => {
          if (!Array.isArray(rows)) throw new Error('BigQuery.insert: rows must be an array of objects');
          const list = Array.from(rows as unknown[]);
          if (list.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
            throw new Error('BigQuery.insert: every row must be an object');
          }
          env.result.bigQuery.push({ ...table, rows: copy(list), options: copy(asDict(options)) });
          return undefined;
        });
      },
    },
    Firestore: {
      read: firestoreRead,
      write: firestoreWrite,
      query: firestoreQuery,
      // The callback gets a transaction ID to pass as `{transaction}` to read/write/query and must return a promise;
      // runTransaction resolves to the IDs of the documents written in it (API reference).
      runTransaction: (callback: unknown, options: unknown) => {
        env.demand('access_firestore', 'read_write', { projectId: projectOf(options) });
        if (typeof callback !== 'function') throw new Error('Firestore.runTransaction needs a callback');
        const id = `transaction-${transactionWrites.size + 1}`;
        transactionWrites.set(id, []);
        return promises
          .from(Reflect.apply(callback, undefined, [id]))
          .then(() => realm.array(transactionWrites.get(id) ?? []));
      },
    },
    // getGoogleAuth({scopes: [...]}) (API reference).
    getGoogleAuth: (request: unknown) => {
      const scopes = asDict(request).scopes;
      const list = Array.isArray(scopes) ? Array.from(scopes as unknown[]).map(String) : [];
      env.demand('use_google_credentials', list);
      // An opaque credential for sendHttpRequest's `authorization` option; never a real token offline.
      return realm.toSandbox({ scopes: list });
    },
    hmacSha256: (input: unknown, keyId: unknown, options: unknown) => {
      env.demand('use_custom_private_keys', String(keyId));
      const key = env.privateKeys[String(keyId)];
      if (key === undefined) throw new Error(`hmacSha256: no private key "${String(keyId)}" (RunOptions.privateKeys)`);
      const enc = asDict(options).outputEncoding ?? 'base64url';
      if (enc !== 'base64url' && enc !== 'base64' && enc !== 'hex') {
        throw new Error(`hmacSha256: outputEncoding must be 'base64url', 'base64' or 'hex', got ${String(enc)}`);
      }
      // The SGTM_CREDENTIALS key file holds base64-encoded keys; the digest defaults to base64url (API reference).
      return createHmac('sha256', Buffer.from(key, 'base64')).update(String(input), 'utf8').digest(enc);
    },
  };
}
