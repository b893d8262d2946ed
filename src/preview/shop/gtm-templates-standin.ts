import type { ConsentRegionRank } from './consent-region.js';

/**
 * GTM STAND-IN for the web templates install path, not Google's code. gtm.js cannot load offline; this runs the
 * sandboxed code of the web import file's custom templates in the page as a web container would, over browser-backed
 * implementations of the web APIs those templates use, as Google's web template API reference describes them
 * (https://developers.google.com/tag-platform/tag-manager/templates/api). It runs what the import file says: the
 * tags on Initialization, the tags whose custom-event trigger matches a pushed `event` (a setup tag first), their field
 * values with `{{…}}` references resolved to the file's variables.
 *
 * It is not GTM: no permission checks (the offline runner checks them), no other trigger types, no tag priority, and
 * a GA4 event tag is handed to the GA4 stand-in with its Event Settings rows resolved.
 *
 * Serialised with `toString()` into a served script (src/preview/web-templates.ts), so it must not refer to anything
 * outside itself; the template code arrives already wrapped as `function (require, data) { … }` by the server.
 */

/** A template's sandboxed code, wrapped at build time. */
export type TemplateCode = (require: (name: string) => unknown, data: Record<string, unknown>) => unknown;

/** One tag of the import file, reduced to what the stand-in runs. */
export interface StandInTag {
  name: string;
  /** `cvt_…` for a custom template, `gaawe` for a GA4 event tag. */
  type: string;
  /** Field values as the file gives them; strings may hold `{{Variable}}` references. */
  fields: Record<string, unknown>;
  /** `init` for Initialization – All Pages; otherwise the regular expression the event name must match. */
  trigger?: 'init' | { eventPattern: string };
  /** The name of the tag that must succeed first (tag sequencing). */
  setupTag?: string;
}

/** One variable of the import file. */
export interface StandInVariable {
  type: string;
  fields: Record<string, unknown>;
}

/** What the served script passes to {@link gtmTemplatesStandIn}. */
export interface GtmTemplatesStandInConfig {
  tags: StandInTag[];
  variables: Record<string, StandInVariable>;
  /** The visitor's region as GTM would geolocate it (ISO 3166-2, `ES` or `ES-MD`); empty when unknown. */
  region: string;
  dataLayerName: string;
}

/** Installs the stand-in; see the module comment. */
export function gtmTemplatesStandIn(
  code: Record<string, TemplateCode>,
  config: GtmTemplatesStandInConfig,
  consentRegionRank: ConsentRegionRank,
): void {
  try {
    const win = window as unknown as Record<string, unknown>;
    win[config.dataLayerName] = win[config.dataLayerName] || [];
    const dataLayer = win[config.dataLayerName] as unknown[];
    const model: Record<string, unknown> = {};
    const storages: Record<string, Record<string, unknown>> = {};
    let currentEvent = 'gtm.init';

    const report = (what: string, error: unknown) => {
      console.error(`[GTM templates stand-in] ${what}:`, error);
    };

    /*
     * Consent Mode state. Defaults may be scoped to regions; GTM applies the most specific default that matches the
     * visitor's region (subdivision over country over none), and an update applies whatever the region
     * (https://developers.google.com/tag-platform/security/guides/consent#region-specific-behavior). A type with no
     * state counts as granted (isConsentGranted in the API reference).
     */
    const defaults: Record<string, { value: string; rank: number }> = {};
    const updates: Record<string, string> = {};
    const regionRank = (regions: unknown) => consentRegionRank(config.region, regions);
    const consentValue = (type: string): string | undefined =>
      updates[type] !== undefined ? updates[type] : defaults[type] ? defaults[type].value : undefined;
    const isGranted = (type: string) => consentValue(type) !== 'denied';
    const listeners: { type: string; granted: boolean; listener: (type: string, granted: boolean) => void }[] = [];
    const consentCommand = (kind: string, values: Record<string, unknown>) => {
      const rank = kind === 'default' ? regionRank(values.region) : 0;
      if (rank < 0) return;
      for (const key of Object.keys(values)) {
        const value = values[key];
        if (key === 'region' || key === 'wait_for_update' || (value !== 'granted' && value !== 'denied')) continue;
        if (kind === 'update') updates[key] = value;
        else if (!defaults[key] || rank >= defaults[key].rank) defaults[key] = { value, rank };
      }
      for (const entry of listeners) {
        const now = isGranted(entry.type);
        if (now === entry.granted) continue;
        entry.granted = now;
        try {
          entry.listener(entry.type, now);
        } catch (error) {
          report('a consent listener failed', error);
        }
      }
    };

    /* The web APIs, browser-backed. */
    const cookieValues = (name: string, decode: boolean) =>
      document.cookie
        .split(';')
        .map((pair) => pair.trim())
        .filter((pair) => pair.slice(0, pair.indexOf('=')) === name)
        .map((pair) => {
          const value = pair.slice(pair.indexOf('=') + 1);
          if (!decode) return value;
          try {
            return decodeURIComponent(value);
          } catch {
            return value;
          }
        });
    // setCookie's 'auto' domain: the broadest domain a probe cookie sticks on, as gtag.js finds it; host-only on an IP.
    let autoDomainFound: string | null | undefined;
    const autoDomain = (): string | null => {
      if (autoDomainFound !== undefined) return autoDomainFound;
      const host = location.hostname;
      autoDomainFound = null;
      if (/^[\d.]+$|:/.test(host) || host.indexOf('.') < 0) return autoDomainFound;
      const labels = host.split('.');
      for (let i = labels.length - 2; i >= 0; i--) {
        const candidate = labels.slice(i).join('.');
        // biome-ignore lint/suspicious/noDocumentCookie: GTM's setCookie writes document.cookie
        document.cookie = `_gtm_standin_probe=1; path=/; domain=${candidate}`;
        const stuck = cookieValues('_gtm_standin_probe', false).length > 0;
        // biome-ignore lint/suspicious/noDocumentCookie: removes the probe
        document.cookie = `_gtm_standin_probe=; path=/; domain=${candidate}; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
        if (stuck) {
          autoDomainFound = candidate;
          break;
        }
      }
      return autoDomainFound;
    };
    const readPath = (root: unknown, key: string): unknown => {
      let value = root;
      for (const part of key.split('.')) {
        if (value === null || value === undefined || typeof value !== 'object') return undefined;
        value = (value as Record<string, unknown>)[part];
      }
      return value;
    };
    const getType = (value: unknown) =>
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'array'
          : typeof value === 'function'
            ? 'function'
            : typeof value;

    // SHA-256 in plain JS: WebCrypto exists only in secure contexts, and the shop also runs on plain http.
    const sha256Hex = (input: string): string => {
      const bytes = Array.from(new TextEncoder().encode(input));
      const k: number[] = [];
      const h: number[] = [];
      const frac = (x: number) => ((x - Math.floor(x)) * 4294967296) | 0;
      for (let n = 2, found = 0; found < 64; n++) {
        let prime = true;
        for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
        if (!prime) continue;
        if (found < 8) h[found] = frac(n ** (1 / 2));
        k[found] = frac(n ** (1 / 3));
        found++;
      }
      const bitLength = bytes.length * 8;
      bytes.push(0x80);
      while (bytes.length % 64 !== 56) bytes.push(0);
      for (let i = 7; i >= 0; i--) bytes.push(i > 3 ? 0 : (bitLength >>> (i * 8)) & 0xff);
      const w: number[] = [];
      for (let offset = 0; offset < bytes.length; offset += 64) {
        for (let i = 0; i < 64; i++) {
          if (i < 16) {
            const j = offset + i * 4;
            w[i] = (bytes[j] << 24) | (bytes[j + 1] << 16) | (bytes[j + 2] << 8) | bytes[j + 3];
          } else {
            const a = w[i - 15];
            const b = w[i - 2];
            const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
            const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
            w[i] = (w[i - 16] + s0 + w[i - 7] + s1) | 0;
          }
        }
        let [a, b, c, d, e, f, g, hh] = h;
        for (let i = 0; i < 64; i++) {
          const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
          const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + k[i] + w[i]) | 0;
          const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
          const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
          hh = g;
          g = f;
          f = e;
          e = (d + t1) | 0;
          d = c;
          c = b;
          b = a;
          a = (t1 + t2) | 0;
        }
        [a, b, c, d, e, f, g, hh].forEach((value, i) => {
          h[i] = (h[i] + value) | 0;
        });
      }
      return h.map((value) => (value >>> 0).toString(16).padStart(8, '0')).join('');
    };
    const hexToBase64 = (hex: string) => {
      let binary = '';
      for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
      return btoa(binary);
    };

    const apisFor = (type: string): Record<string, unknown> => {
      storages[type] = storages[type] || {};
      const storage = storages[type];
      return {
        addConsentListener: (consentType: string, listener: (type: string, granted: boolean) => void) => {
          if (typeof listener === 'function')
            listeners.push({ type: consentType, granted: isGranted(consentType), listener });
        },
        callLater: (fn: () => void) => {
          setTimeout(() => {
            try {
              fn();
            } catch (error) {
              report('callLater', error);
            }
          }, 0);
        },
        copyFromDataLayer: (key: string) => readPath(model, key),
        copyFromWindow: (key: string) => readPath(window, key),
        createQueue: (name: string) => {
          win[name] = win[name] || [];
          return (...items: unknown[]) => (win[name] as unknown[]).push(...items);
        },
        decodeUriComponent: (value: string) => {
          try {
            return decodeURIComponent(value);
          } catch {
            return undefined;
          }
        },
        getContainerVersion: () => ({
          containerId: 'GTM-PREVIEW',
          version: 'preview',
          environmentName: '',
          debugMode: false,
          previewMode: true,
        }),
        getCookieValues: (name: string, decode?: boolean) => cookieValues(name, decode !== false),
        getTimestampMillis: () => Date.now(),
        getType,
        getUrl: (component?: string) => {
          switch (component) {
            case 'protocol':
              return location.protocol.replace(/:$/, '');
            case 'host':
              return location.hostname;
            case 'port':
              return location.port || (location.protocol === 'https:' ? '443' : '80');
            case 'path':
              return location.pathname;
            case 'query':
              return location.search.replace(/^\?/, '');
            case 'fragment':
              return location.hash.replace(/^#/, '');
            default:
              return location.href;
          }
        },
        isConsentGranted: (consentType: string) => isGranted(consentType),
        JSON: {
          parse: (text: string) => {
            try {
              return JSON.parse(text);
            } catch {
              return undefined;
            }
          },
          stringify: (value: unknown) => {
            try {
              return JSON.stringify(value);
            } catch {
              return undefined;
            }
          },
        },
        localStorage: {
          getItem: (key: string) => {
            try {
              return window.localStorage.getItem(key);
            } catch {
              return null;
            }
          },
          setItem: (key: string, value: string) => {
            try {
              window.localStorage.setItem(key, String(value));
            } catch {
              // Blocked storage: GTM's localStorage.setItem fails quietly too.
            }
          },
          removeItem: (key: string) => {
            try {
              window.localStorage.removeItem(key);
            } catch {
              // As setItem.
            }
          },
        },
        logToConsole: (...args: unknown[]) => console.log(...args),
        makeNumber: (value: unknown) => Number(value),
        makeString: (value: unknown) => String(value),
        Math,
        setCookie: (name: string, value: string, options?: Record<string, unknown>, encode?: boolean) => {
          const o = options || {};
          const domain = o.domain === 'auto' ? autoDomain() : o.domain && o.domain !== 'none' ? String(o.domain) : null;
          let cookie = `${name}=${encode === false ? String(value) : encodeURIComponent(String(value))}`;
          if (domain) cookie += `; domain=${domain}`;
          if (o.path !== undefined) cookie += `; path=${String(o.path)}`;
          if (o.expires !== undefined) cookie += `; expires=${String(o.expires)}`;
          if (o['max-age'] !== undefined) cookie += `; max-age=${String(o['max-age'])}`;
          if (o.secure) cookie += '; secure';
          if (o.samesite !== undefined) cookie += `; samesite=${String(o.samesite)}`;
          // biome-ignore lint/suspicious/noDocumentCookie: GTM's setCookie writes document.cookie
          document.cookie = cookie;
        },
        // GTM's web sha256 calls back asynchronously; base64 unless options.outputEncoding is 'hex'.
        sha256: (
          input: string,
          onSuccess: (digest: string) => void,
          onFailure?: () => void,
          options?: { outputEncoding?: string },
        ) => {
          setTimeout(() => {
            let digest: string;
            try {
              const hex = sha256Hex(String(input));
              digest = options && options.outputEncoding === 'hex' ? hex : hexToBase64(hex);
            } catch (error) {
              report('sha256', error);
              if (typeof onFailure === 'function') onFailure();
              return;
            }
            onSuccess(digest);
          }, 0);
        },
        templateStorage: {
          getItem: (key: string) => storage[key],
          setItem: (key: string, value: unknown) => {
            storage[key] = value;
          },
          removeItem: (key: string) => {
            delete storage[key];
          },
          clear: () => {
            for (const key of Object.keys(storage)) delete storage[key];
          },
        },
      };
    };
    const requireFor = (type: string) => {
      const apis = apisFor(type);
      return (name: string) => {
        if (!(name in apis)) throw new Error(`the stand-in has no web API ${name}`);
        return apis[name];
      };
    };

    /* Variables and field values. */
    const resolve = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(resolve);
      if (value && typeof value === 'object') {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value)) out[key] = resolve((value as Record<string, unknown>)[key]);
        return out;
      }
      if (typeof value !== 'string') return value;
      const whole = /^\{\{([^}]+)\}\}$/.exec(value);
      if (whole) return variableValue(whole[1]);
      return value.replace(/\{\{([^}]+)\}\}/g, (_, name: string) => String(variableValue(name) ?? ''));
    };
    const variableValue = (name: string): unknown => {
      if (name === 'Event' || name === '_event') return currentEvent;
      const variable = config.variables[name];
      if (!variable) return undefined;
      const fields = resolve(variable.fields) as Record<string, unknown>;
      if (variable.type === 'c') return fields.value;
      if (variable.type === 'v') return readPath(model, String(fields.name));
      if (variable.type === 'gtes') return fields.eventSettingsTable;
      const run = code[variable.type];
      if (!run) return undefined;
      try {
        return run(requireFor(variable.type), fields);
      } catch (error) {
        report(`variable ${name}`, error);
        return undefined;
      }
    };

    /* Tags. */
    const ga4Send = () => win.__ga4StandInSend as ((name: string, entry: unknown, params: unknown) => void) | undefined;
    const fire = (tag: StandInTag, entry: Record<string, unknown>, done: (ok: boolean) => void) => {
      const runIt = () => {
        // {{Event}} is the event that fired the tag, even when a setup tag has pushed events since.
        currentEvent = typeof entry.event === 'string' ? entry.event : 'gtm.init';
        const fields = resolve(tag.fields) as Record<string, unknown>;
        if (tag.type === 'gaawe') {
          // The Event Settings rows become event parameters, as the GA4 event tag sends them.
          const params: Record<string, unknown> = {};
          const rows = Array.isArray(fields.eventSettingsVariable) ? fields.eventSettingsVariable : [];
          for (const row of rows as Record<string, unknown>[]) params[String(row.parameter)] = row.parameterValue;
          const send = ga4Send();
          if (send) send(String(fields.eventName), entry, params);
          return done(!!send);
        }
        const run = code[tag.type];
        if (!run) return done(false);
        let settled = false;
        const settle = (ok: boolean) => {
          if (settled) return;
          settled = true;
          done(ok);
        };
        try {
          run(requireFor(tag.type), { ...fields, gtmOnSuccess: () => settle(true), gtmOnFailure: () => settle(false) });
        } catch (error) {
          report(`tag ${tag.name}`, error);
          settle(false);
        }
      };
      const setup = tag.setupTag ? config.tags.find((candidate) => candidate.name === tag.setupTag) : undefined;
      if (setup) fire(setup, entry, () => runIt());
      else runIt();
    };
    const fireAll = (tags: StandInTag[], entry: Record<string, unknown>) => {
      let pending = tags.length;
      const callback = entry.eventCallback;
      const finished = () => {
        pending -= 1;
        if (pending === 0 && typeof callback === 'function') setTimeout(() => callback(), 0);
      };
      if (pending === 0 && typeof callback === 'function') setTimeout(() => callback(), 0);
      for (const tag of tags) fire(tag, entry, finished);
    };

    const process = (item: unknown) => {
      if (!item || typeof item !== 'object') return;
      const record = item as Record<string | number, unknown>;
      if (record[0] === 'consent' && record[2] && typeof record[2] === 'object') {
        consentCommand(String(record[1]), record[2] as Record<string, unknown>);
        return;
      }
      for (const key of Object.keys(record)) model[key] = record[key];
      const event = record.event;
      if (typeof event !== 'string') return;
      currentEvent = event;
      const matching = config.tags.filter((tag) => {
        const trigger = tag.trigger;
        return !!trigger && trigger !== 'init' && new RegExp(trigger.eventPattern).test(event);
      });
      fireAll(matching, record as Record<string, unknown>);
    };

    // Like gtm.js: replay what is queued (the consent defaults first), fire Initialization, then see every later push.
    dataLayer.forEach((item) => {
      try {
        process(item);
      } catch (error) {
        report('a dataLayer push', error);
      }
    });
    currentEvent = 'gtm.init';
    fireAll(
      config.tags.filter((tag) => tag.trigger === 'init'),
      {},
    );
    const previous = dataLayer.push;
    dataLayer.push = function (this: unknown[], ...items: unknown[]) {
      const result = previous.apply(this, items);
      for (const item of items) {
        try {
          process(item);
        } catch (error) {
          report('a dataLayer push', error);
        }
      }
      return result;
    };
  } catch (error) {
    console.error('[GTM templates stand-in] failed to start:', error);
  }
}
