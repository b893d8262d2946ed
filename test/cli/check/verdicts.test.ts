import { describe, expect, it } from 'vitest';
import type { Observation, SeenCookie } from '../../../src/cli/check/observation';
import type { PageState } from '../../../src/cli/check/page-probes';
import { formatText, toResult } from '../../../src/cli/check/report';
import { verdicts } from '../../../src/cli/check/verdicts';

const ID = 'rokt-check-0123456789abcdef';
const YEAR = Date.now() / 1000 + 365 * 86400;

function page(overrides: Partial<PageState> = {}): PageState {
  return {
    present: true,
    version: '1.2.3',
    memory: { rtid: ID },
    consentCommands: [],
    identityPushes: [{ rtid: ID }],
    localStorageId: ID,
    readers: [],
    ...overrides,
  };
}

function cookie(domain: string): SeenCookie {
  return { value: ID, domain, sameSite: 'Lax', secure: true, expires: YEAR };
}

function seen(overrides: Partial<Observation> = {}): Observation {
  return {
    url: `https://www.shop.example/?rtid=${ID}`,
    testId: ID,
    landing: { status: 200 },
    page: page(),
    bundleCopies: 1,
    landingHost: 'www.shop.example',
    registrableDomain: 'shop.example',
    cookies: [cookie('.shop.example')],
    hits: [],
    warnings: [],
    ...overrides,
  };
}

const statusOf = (observation: Observation, id: string) => verdicts(observation).find((step) => step.id === id)?.status;

describe('verdicts', () => {
  it('a cookie on the registrable domain passes; host-only or on a subdomain fails', () => {
    expect(statusOf(seen(), 'cookie')).toBe('pass');
    expect(statusOf(seen({ cookies: [cookie('www.shop.example')] }), 'cookie')).toBe('fail');
    expect(statusOf(seen({ cookies: [cookie('.www.shop.example')] }), 'cookie')).toBe('fail');
  });

  it('host-only passes where nothing wider exists (an IP address, localhost)', () => {
    expect(statusOf(seen({ registrableDomain: null, cookies: [cookie('127.0.0.1')] }), 'cookie')).toBe('pass');
  });

  it('the ID in memory but stored nowhere is consent denied; the storage steps then do not fail twice', () => {
    const denied = seen({ cookies: [], page: page({ localStorageId: null, consentCommands: ['default denied'] }) });
    expect(statusOf(denied, 'consent')).toBe('fail');
    expect(statusOf(denied, 'cookie')).toBe('skip');
    expect(statusOf(denied, 'local-storage')).toBe('skip');
  });

  it('a hit to Google fails the endpoint step and skips the server status', () => {
    const hit = {
      url: 'https://region1.google-analytics.com/g/collect?v=2&en=purchase',
      events: [{ event_name: 'purchase', rtid: ID }],
      status: 204,
      afterConversion: true,
    };
    const observation = seen({ hits: [hit], conversion: { how: 'push', target: 'purchase', event: 'purchase' } });
    expect(statusOf(observation, 'endpoint')).toBe('fail');
    expect(statusOf(observation, 'server-status')).toBe('skip');
    expect(statusOf(observation, 'rtid')).toBe('pass');
  });

  it('a server container error status fails', () => {
    const hit = {
      url: 'https://sgtm.shop.example/g/collect?v=2&en=purchase',
      events: [{ event_name: 'purchase', rtid: ID }],
      status: 500,
      afterConversion: true,
    };
    const observation = seen({ hits: [hit], conversion: { how: 'push', target: 'purchase', event: 'purchase' } });
    expect(statusOf(observation, 'endpoint')).toBe('pass');
    expect(statusOf(observation, 'server-status')).toBe('fail');
  });

  it('the text names every failed step with its fix and docs anchor, and says how many failed', () => {
    const observation = seen({ page: page({ present: false }) });
    const text = formatText(toResult(observation, verdicts(observation)));
    expect(text).toContain('✖ Bundle present — window.roktBridge not found');
    expect(text).toContain('(docs/verify.md#no-bundle)');
    expect(text).toContain('1 step failed.');
  });
});
