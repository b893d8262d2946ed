import { beforeEach, describe, expect, it } from 'vitest';
import { cookieStore } from '../../src/browser/storage/cookie-store';
import { layeredStore } from '../../src/browser/storage/layered-store';
import { localStore } from '../../src/browser/storage/local-store';
import type { Store } from '../../src/browser/storage/store';
import { blockCookies, blockLocalStorage, cookies, freshPage } from './page';

/** A store holding one value, to see which store a read came from. */
const fixed =
  (value: string | null): Store =>
  (_key, next) =>
    next === undefined ? value : undefined;
const throwing: Store = () => {
  throw new Error('blocked');
};

describe('layeredStore', () => {
  it('reads the first store holding a non-empty value, in the given order', () => {
    expect(layeredStore([fixed('🍪'), fixed('💾')], () => {})('k')).toBe('🍪');
    expect(layeredStore([fixed(''), fixed('💾')], () => {})('k')).toBe('💾');
    expect(layeredStore([fixed(null), fixed(null)], () => {})('k')).toBeUndefined();
  });

  it('a throwing store is reported and skipped, for reads and writes', () => {
    const reports: string[] = [];
    const written: string[] = [];
    const recorder: Store = (key, value) => {
      if (value !== undefined) written.push(`${key}=${value}`);
      return value === undefined ? '💾' : undefined;
    };
    const store = layeredStore([throwing, recorder], (line) => reports.push(line));
    expect(store('k')).toBe('💾');
    store('k', 'v');
    expect(written).toEqual(['k=v']);
    expect(reports).toEqual(['k: Error: blocked', 'k: Error: blocked']);
  });

  it('writes every store, even when the first write succeeds', () => {
    const written: string[] = [];
    const recorder =
      (name: string): Store =>
      (key, value) => {
        if (value !== undefined) written.push(`${name}:${key}=${value}`);
      };
    layeredStore([recorder('cookie'), recorder('local')], () => {})('k', 'v');
    expect(written).toEqual(['cookie:k=v', 'local:k=v']);
  });
});

describe('cookieStore', () => {
  beforeEach(() => freshPage('https://www.shop.test/'));

  it('writes, reads and removes on the given domain; an empty value removes', () => {
    const store = cookieStore(document, () => 'shop.test', true);
    store('k', 'v1', new Date(Date.now() + 864e5));
    expect(cookies().k).toBe('v1');
    expect(store('k')).toBe('v1');
    store('k', '');
    expect(cookies().k).toBeUndefined();
  });

  it('does not ask for the domain (which probes) when only reading a single cookie', () => {
    let asked = 0;
    const store = cookieStore(
      document,
      () => {
        asked++;
        return 'shop.test';
      },
      true,
    );
    expect(store('absent')).toBeUndefined();
    expect(asked).toBe(0);
  });

  it('throws when cookies are blocked, for the layered store to catch', () => {
    blockCookies();
    expect(() => cookieStore(document, () => undefined, true)('k')).toThrow();
  });
});

describe('localStore', () => {
  beforeEach(() => freshPage());

  it('writes, reads and removes; an empty value removes', () => {
    const store = localStore(window);
    store('k', 'v');
    expect(localStorage.getItem('k')).toBe('v');
    expect(store('k')).toBe('v');
    store('k', '');
    expect(localStorage.getItem('k')).toBeNull();
  });

  it('throws when localStorage does, for the layered store to catch', () => {
    blockLocalStorage();
    expect(() => localStore(window)('k', 'v')).toThrow();
  });
});
