import { beforeEach, describe, expect, it, vi } from 'vitest';
import * as esm from '../../src/browser/index';
import { dataLayer, freshPage, page } from './page';

describe('ES module exports', () => {
  beforeEach(() => freshPage('https://www.shop.test/?rtid=esm1'));

  it('the first call installs window.roktBridge; later calls use the same bridge', () => {
    expect(esm.get()).toEqual({ rtid: 'esm1' });
    const installed = page.roktBridge;
    expect(esm.setEmail('a@example.com')).toBe(true);
    expect(page.roktBridge).toBe(installed);
    expect(esm.conversion('purchase')).toMatchObject({ event: 'purchase', rtid: 'esm1' });
  });

  it('never throws into the caller when the bridge cannot start', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    page.dataLayer = Object.assign([], {
      push() {
        throw new Error('another tag broke push');
      },
    });
    // The start-up identity push throws inside the bridge: the caller still gets an answer.
    expect(() => esm.setEmail('a@example.com')).not.toThrow();
    expect(warn.mock.calls.flat().join('\n')).toContain('another tag broke push');
    expect(dataLayer()).toHaveLength(0);
  });
});

describe('ES module version', () => {
  it('is the version window.roktBridge reports', () => {
    freshPage();
    esm.get();
    expect(esm.version).toBe((page.roktBridge as { version: string }).version);
  });
});
