// The code `check` runs inside the site's page, run here in happy-dom against the real bundle and against pages that
// try to pass for it or to break the probe.
import { beforeEach, describe, expect, it } from 'vitest';
import { PAGE_NAMES, readPageState } from '../../../src/cli/check/page-probes';
import { freshPage, load, page } from '../../browser/page';

/** The window as a page sees it, where anything may sit under any name. */
const anyPage = page as unknown as Record<string, unknown>;

const NAMES = PAGE_NAMES;

beforeEach(() => freshPage('https://www.shop.test/?rtid=rokt-check-1'));

/** An object with every method of the API, each answering like `answers` says (default: a harmless stub). */
function lookalike(answers: Record<string, unknown> = {}): Record<string, unknown> {
  const methods = ['setRoktId', 'setEmail', 'capture', 'get', 'params', 'conversion', 'consent', 'clear', 'push'];
  return {
    version: '0.1.0',
    ...Object.fromEntries(methods.map((name) => [name, () => (name in answers ? answers[name] : {})])),
  };
}

describe('readPageState: is window.roktBridge this bundle?', () => {
  it('the real bundle is recognised, with its version and what it holds', () => {
    load({ consent: 'granted' });
    const state = readPageState(NAMES);
    expect(state).toMatchObject({ present: true, memory: { rtid: 'rokt-check-1' }, unreadable: [] });
    expect(typeof state.version).toBe('string');
    expect(state.found).toBeUndefined();
  });

  it('probing the real bundle changes nothing it holds', () => {
    const bridge = load({ consent: 'granted' });
    const before = bridge.get();
    readPageState(NAMES);
    expect(bridge.get()).toEqual(before);
  });

  it.each([
    ['a name and a version only', { version: '0.1.0', get: () => ({}) }, /no setRoktId, setEmail, capture/],
    ['an old integration with its own API', { version: '2.3.1', track: () => undefined }, /no setRoktId/],
    ['a stub with every method that accepts anything', lookalike({ get: {}, params: {} }), /setRoktId\(\) accepts/],
    ['a stub whose get() returns other things', lookalike({ get: { id: 'x' } }), /get\(\) returns an unknown key/],
    [
      'a stub with the whole API but no version',
      { ...lookalike({ setRoktId: false, setEmail: false }), version: undefined },
      /version is undefined/,
    ],
    ['a stub whose methods throw', lookalike({ get: undefined, setRoktId: false }), /get\(\) returns not an object/],
  ])('%s is not the bundle, and says what gave it away', (_name, stub, why) => {
    anyPage.roktBridge = stub;
    const state = readPageState(NAMES);
    expect(state.present).toBe(false);
    expect(state.found).toBe('other');
    expect(state.mismatches?.join('; ')).toMatch(why);
    expect(state.memory).toEqual({});
  });

  it('an object whose every property read throws is not the bundle, and the probe does not throw', () => {
    anyPage.roktBridge = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile');
        },
      },
    );
    const state = readPageState(NAMES);
    expect(state).toMatchObject({ present: false, found: 'other' });
  });

  it('tells a missing bridge from calls queued for a bundle that never ran', () => {
    expect(readPageState(NAMES).found).toBe('missing');
    page.roktBridge = [['setEmail', 'a@b.example']];
    expect(readPageState(NAMES).found).toBe('queue');
  });
});

describe('readPageState on a hostile page', () => {
  it('getters that throw are reported as unreadable, never thrown', () => {
    load({ consent: 'granted' });
    for (const name of ['roktBridgeConfig', 'dataLayer']) {
      Object.defineProperty(window, name, {
        configurable: true,
        get() {
          throw new Error(`no ${name} for you`);
        },
      });
    }
    const state = readPageState(NAMES);
    expect(state.present).toBe(true);
    expect(state.unreadable).toEqual(expect.arrayContaining(['window.roktBridgeConfig', 'window.dataLayer']));
    delete page.roktBridgeConfig;
    delete page.dataLayer;
  });

  it('dataLayer entries that throw or hold objects where text is expected are skipped or turned into text', () => {
    page.dataLayer = [
      Object.defineProperty({}, 'event', {
        get() {
          throw new Error('x');
        },
      }),
      ['consent', { toString: () => 'default' }, { ad_storage: Symbol('denied') }],
      { event: 'rokt_identity', rtid: { evil: true }, emailsha256: 'abc' },
    ];
    const state = readPageState(NAMES);
    expect(state.consentCommands).toEqual(['default Symbol(denied)']);
    expect(state.identityPushes).toEqual([{ emailsha256: 'abc' }]);
    expect(state.unreadable).toEqual(['an entry of dataLayer']);
  });
});

describe('readPageState on a site with the GTM web templates instead of the bundle', () => {
  it('no window.roktBridge, a rokt_identity push: the templates, holding what the pushes said', () => {
    anyPage.dataLayer = [
      { event: 'rokt_identity', rtid: 'rokt-check-1' },
      { event: 'rokt_identity', rtid: 'rokt-check-1', emailsha256: 'a'.repeat(64) },
    ];
    expect(readPageState(NAMES)).toMatchObject({
      present: false,
      found: 'missing',
      templates: true,
      memory: { rtid: 'rokt-check-1', emailsha256: 'a'.repeat(64) },
    });
  });

  it('neither the bundle nor a rokt_identity push: not the templates either', () => {
    anyPage.dataLayer = [{ event: 'gtm.js' }];
    const state = readPageState(NAMES);
    expect(state.templates).toBeUndefined();
    expect(state.memory).toEqual({});
  });
});
