import { beforeEach, describe, expect, it } from 'vitest';
import { cookieStore } from '../../src/browser/storage/cookie-store';
import { localStore } from '../../src/browser/storage/local-store';
import { firstValue, guarded, type Store } from '../../src/browser/storage/store';
import { blockCookies, blockLocalStorage, cookies, freshPage, spyOnStorageWrites } from './page';

const throwing: Store = {
  read() {
    throw new Error('blocked');
  },
  write() {
    throw new Error('blocked');
  },
  remove() {
    throw new Error('blocked');
  },
};

describe('firstValue (the priority rule)', () => {
  it('takes the first non-empty value, in the stores’ priority order', () => {
    expect(firstValue(['🍪', '💾'])).toBe('🍪');
    expect(firstValue(['', '💾'])).toBe('💾');
    expect(firstValue([undefined, '💾'])).toBe('💾');
    expect(firstValue([undefined, undefined])).toBeUndefined();
  });
});

describe('guarded', () => {
  it('a store that throws is reported and reads as missing; nothing escapes', () => {
    const reports: string[] = [];
    const store = guarded(throwing, 'cookie', (line) => reports.push(line));
    expect(store.read('k')).toBeUndefined();
    expect(() => store.write('k', 'v', new Date())).not.toThrow();
    expect(() => store.remove('k')).not.toThrow();
    expect(reports).toEqual(['cookie: Error: blocked', 'cookie: Error: blocked', 'cookie: Error: blocked']);
  });
});

describe('cookieStore', () => {
  beforeEach(() => freshPage('https://www.shop.test/'));

  it('writes on the registrable domain with SameSite=Lax and Secure on https, reads, and removes', () => {
    const writes = spyOnStorageWrites();
    const store = cookieStore('');
    store.write('k', 'v1', new Date(Date.now() + 864e5));
    expect(writes.at(-1)?.what).toMatch(/^k=v1; path=\/; domain=shop\.test; expires=.+; SameSite=Lax; Secure$/);
    expect(store.read('k')).toBe('v1');
    store.remove('k');
    expect(cookies().k).toBeUndefined();
    expect(store.read('k')).toBeUndefined();
  });

  it('uses the configured domain instead of probing', () => {
    const writes = spyOnStorageWrites();
    cookieStore('www.shop.test').write('k', 'v', new Date(Date.now() + 864e5));
    expect(writes.map((w) => w.what)).toEqual([expect.stringMatching(/^k=v; path=\/; domain=www\.shop\.test;/)]);
  });

  it('reading writes nothing, not even the domain probe, and an empty cookie reads as missing', () => {
    document.cookie = 'k=present; path=/; domain=shop.test';
    document.cookie = 'blank=; path=/';
    const writes = spyOnStorageWrites();
    expect(cookieStore('').read('k')).toBe('present');
    expect(cookieStore('').read('absent')).toBeUndefined();
    expect(cookieStore('').read('blank')).toBeUndefined();
    expect(writes).toEqual([]);
  });

  it('a stale host-only duplicate is removed and the domain cookie read', () => {
    document.cookie = 'k=staleHostOnly; path=/';
    document.cookie = 'k=current; path=/; domain=shop.test';
    expect(cookieStore('').read('k')).toBe('current');
    expect(document.cookie.split('k=').length - 1).toBe(1);
  });

  it('throws when cookies are blocked, for guarded to catch', () => {
    blockCookies();
    expect(() => cookieStore('').read('k')).toThrow();
  });
});

describe('localStore', () => {
  beforeEach(() => freshPage());

  it('writes, reads and removes', () => {
    localStore.write('k', 'v', new Date());
    expect(localStorage.getItem('k')).toBe('v');
    expect(localStore.read('k')).toBe('v');
    localStore.remove('k');
    expect(localStorage.getItem('k')).toBeNull();
    expect(localStore.read('k')).toBeUndefined();
  });

  it('throws when localStorage does, for guarded to catch', () => {
    blockLocalStorage();
    expect(() => localStore.write('k', 'v', new Date())).toThrow();
  });
});
