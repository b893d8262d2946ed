import { beforeEach, describe, expect, it } from 'vitest';
import { cookieStore } from '../../src/browser/storage/cookie-store';
import { layeredStore } from '../../src/browser/storage/layered-store';
import { localStore } from '../../src/browser/storage/local-store';
import type { Store } from '../../src/browser/storage/store';
import { blockCookies, blockLocalStorage, cookies, freshPage, spyOnStorageWrites } from './page';

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

  it('writes on the registrable domain with SameSite=Lax and Secure on https, reads, and removes on an empty value', () => {
    const writes = spyOnStorageWrites();
    const store = cookieStore('');
    store('k', 'v1', new Date(Date.now() + 864e5));
    expect(writes.at(-1)?.what).toMatch(/^k=v1; path=\/; domain=shop\.test; sameSite=Lax; secure; expires=.+$/);
    expect(store('k')).toBe('v1');
    store('k', '');
    expect(cookies().k).toBeUndefined();
  });

  it('uses the configured domain instead of probing', () => {
    const writes = spyOnStorageWrites();
    cookieStore('www.shop.test')('k', 'v');
    expect(writes.map((w) => w.what)).toEqual([expect.stringMatching(/^k=v; path=\/; domain=www\.shop\.test;/)]);
  });

  it('reading a single cookie writes nothing, not even the domain probe', () => {
    document.cookie = 'k=present; path=/; domain=shop.test';
    const writes = spyOnStorageWrites();
    expect(cookieStore('')('k')).toBe('present');
    expect(cookieStore('')('absent')).toBeUndefined();
    expect(writes).toEqual([]);
  });

  it('throws when cookies are blocked, for the layered store to catch', () => {
    blockCookies();
    expect(() => cookieStore('')('k')).toThrow();
  });
});

describe('localStore', () => {
  beforeEach(() => freshPage());

  it('writes, reads and removes; an empty value removes', () => {
    localStore('k', 'v');
    expect(localStorage.getItem('k')).toBe('v');
    expect(localStore('k')).toBe('v');
    localStore('k', '');
    expect(localStorage.getItem('k')).toBeNull();
  });

  it('throws when localStorage does, for the layered store to catch', () => {
    blockLocalStorage();
    expect(() => localStore('k', 'v')).toThrow();
  });
});
