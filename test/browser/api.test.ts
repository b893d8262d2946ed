// The public API as wiring: the queue, push(), loading twice, clear(), bad calls.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { EMAIL_KEY, ID_KEY } from '../../src/browser/identity';
import { cookies, dataLayer, freshPage, identityEvents, load, page, sha } from './page';

beforeEach(() => freshPage());

describe('API, queue and safety', () => {
  it('replays calls queued before load, in order, with one identity event', () => {
    freshPage('https://www.shop.test/?rtid=queued1');
    page.roktBridge = [
      ['setEmail', 'queued@example.com'],
      ['conversion', 'purchase', { value: 5 }],
    ];
    const bridge = load();
    expect(page.roktBridge).toBe(bridge);
    expect(identityEvents()).toEqual([
      { event: 'rokt_identity', rtid: 'queued1', emailsha256: sha('queued@example.com') },
    ]);
    expect(dataLayer().at(-1)).toEqual({
      event: 'purchase',
      value: 5,
      rtid: 'queued1',
      emailsha256: sha('queued@example.com'),
    });
  });

  it('a malformed queued call is reported and the rest of the queue still runs; inherited names are not calls', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    page.roktBridge = [
      { 0: 'setRoktId', 1: 'x' },
      ['toString'],
      ['hasOwnProperty'],
      ['setRoktId', 'afterBad1'],
    ] as never;
    expect(load().get()).toEqual({ rtid: 'afterBad1' });
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
    ]);
  });

  it('the raw email never reaches the console: not from a mistyped queued call, not from a debug line', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line) => lines.push(line));
    vi.spyOn(console, 'log').mockImplementation((line) => lines.push(line));
    page.roktBridge = [['setEmial', 'jane.doe@example.com']];
    const bridge = load({ debug: true });
    bridge.setEmail('jane.doe@example.com');
    bridge.conversion('purchase', { user_data: { email: 'jane.doe@example.com' } });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.join('\n')).not.toContain('jane.doe');
  });

  it('push() keeps working after load', () => {
    const bridge = load();
    bridge.push(['setRoktId', 'pushed1']);
    expect(bridge.get().rtid).toBe('pushed1');
  });

  it('loading twice leaves one instance, one hook and one identity event', () => {
    freshPage('https://www.shop.test/?rtid=twice1');
    const first = load();
    const hookedPush = dataLayer().push;
    expect(load()).toBe(first);
    expect(dataLayer().push).toBe(hookedPush);
    first.conversion('purchase');
    expect(identityEvents()).toHaveLength(1);
    expect(dataLayer().filter((e) => e.event === 'purchase')).toHaveLength(1);
  });

  it('clear() forgets both identifiers everywhere', () => {
    freshPage('https://www.shop.test/?rtid=clear1');
    const bridge = load();
    bridge.setEmail('someone@example.com');
    bridge.clear();
    expect(bridge.params()).toEqual({});
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(localStorage.getItem(EMAIL_KEY)).toBeNull();
    expect(dataLayer().at(-1)).toEqual({ rtid: null, emailsha256: null });
  });

  it('bad calls are reported and never throw into the page', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bridge = load();
    expect(() => bridge.conversion(undefined as unknown as string)).not.toThrow();
    expect(() => bridge.consent('maybe' as 'granted')).not.toThrow();
    expect(() => bridge.push(['noSuchCall'])).not.toThrow();
    expect(() => bridge.setEmail({} as string)).not.toThrow();
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      '[rokt-sgtm-bridge] conversion() takes an event name',
      '[rokt-sgtm-bridge] consent() takes granted or denied',
      '[rokt-sgtm-bridge] push(): unknown call; calls are setRoktId, setEmail, capture, get, params, conversion, consent, clear, push',
    ]);
  });

  it('1,000 conversion() and capture() calls add no listener and grow nothing but the dataLayer', () => {
    freshPage('https://www.shop.test/?rtid=many1');
    const added = vi.spyOn(window, 'addEventListener');
    const bridge = load();
    const before = dataLayer().length;
    for (let i = 0; i < 1000; i++) {
      bridge.conversion('purchase', { i });
      bridge.capture();
    }
    expect(added).not.toHaveBeenCalled();
    expect(dataLayer().length - before).toBe(1000);
    expect(identityEvents()).toHaveLength(1);
    expect(document.cookie.split(`${ID_KEY}=`).length - 1).toBe(1);
  });
});
