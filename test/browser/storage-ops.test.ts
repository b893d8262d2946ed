// How much storage work each kind of visit costs, counted on the real interfaces: the document.cookie getter and
// setter, and Storage.prototype. In Chromium each document.cookie access is a synchronous round trip to the browser
// process, so these counts are the bundle's main cost on a page load (bench/README.md). The counts are the contract:
// a change that adds an operation to a scenario must change this file too.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLEARED_KEY, ID_KEY, KEPT_KEY, REFRESHED_KEY, SEEN_KEY } from '../../src/browser/identity';
import { cookies, freshPage, load, navigate, overrideCookie, page, realCookie } from './page';

const HOUR = 36e5;
const PROBE = 'RoktTransactionId_probe';

interface Ops {
  cookieReads: number;
  /** name=value of each cookie write, the probe's left out. */
  cookieWrites: string[];
  /** Probe cookie writes (set and remove, per candidate domain). */
  probeWrites: number;
  localReads: number;
  /** setItem(key) / removeItem(key). */
  localWrites: string[];
}

// Storage.prototype is patched once, for the whole file: happy-dom hands each Storage its methods on first use and
// keeps them, so a patch made after a page first touched its localStorage would not be seen there. Counting is on only
// between countOps() and the end of the test.
let counting: Ops | undefined;
const storage = Storage.prototype;
const { getItem, setItem, removeItem } = storage;
storage.getItem = function (key) {
  if (counting) counting.localReads++;
  return getItem.call(this, key);
};
storage.setItem = function (key, value) {
  counting?.localWrites.push(`setItem(${key})`);
  setItem.call(this, key, value);
};
storage.removeItem = function (key) {
  counting?.localWrites.push(`removeItem(${key})`);
  removeItem.call(this, key);
};

/** Counts every storage operation from now on. */
function countOps(): Ops {
  const ops: Ops = { cookieReads: 0, cookieWrites: [], probeWrites: 0, localReads: 0, localWrites: [] };
  const real = realCookie();
  overrideCookie(
    () => {
      ops.cookieReads++;
      return real.get?.call(document);
    },
    (value) => {
      if (value.startsWith(PROBE)) ops.probeWrites++;
      else ops.cookieWrites.push(value.split(';')[0]);
      real.set?.call(document, value);
    },
  );
  counting = ops;
  return ops;
}

const NOW = Date.UTC(2026, 0, 1);

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ['Date'] }));
afterEach(() => {
  counting = undefined;
  delete (document as unknown as Record<string, unknown>).cookie;
  vi.useRealTimers();
});

/** What a landing with a new ID costs, at once or when consent arrives later. */
const LANDING_OPS = {
  // One snapshot of the jar, then the probe's own check.
  cookieReads: 2,
  cookieWrites: [`${ID_KEY}=R1`, `${SEEN_KEY}=${NOW}`, `${REFRESHED_KEY}=${NOW}`],
  // Set and remove on shop's registrable domain, accepted at the first candidate.
  probeWrites: 2,
  localReads: 5,
  localWrites: [`setItem(${ID_KEY})`, `setItem(${SEEN_KEY})`],
};

/** A visitor who landed with `rtid` at NOW, then comes back `hoursLater` to a page of the same site. */
function landedThenBack(host: string, hoursLater: number, between?: () => void): void {
  freshPage(`https://www.${host}/?rtid=R1`);
  load();
  between?.();
  vi.setSystemTime(NOW + hoursLater * HOUR);
  navigate(`https://www.${host}/`);
}

describe('storage operations per visit', () => {
  it('landing with a new ID: one probe, then each cookie and localStorage key written once', () => {
    freshPage('https://www.landing.test/?rtid=R1');
    const ops = countOps();
    load();
    expect(ops).toEqual(LANDING_OPS);
  });

  it('repeat visit within 24 hours, nothing new: one cookie read, no write, no probe', () => {
    landedThenBack('repeat.test', 23);
    const ops = countOps();
    expect(load().get()).toEqual({ rtid: 'R1' });
    expect(ops).toEqual({ cookieReads: 1, cookieWrites: [], probeWrites: 0, localReads: 6, localWrites: [] });
  });

  it('repeat visit after 25 hours: the cookies are rewritten once (the rolling refresh), localStorage is not', () => {
    landedThenBack('later.test', 25);
    const ops = countOps();
    load();
    expect(ops).toEqual({
      cookieReads: 2,
      cookieWrites: [`${ID_KEY}=R1`, `${SEEN_KEY}=${NOW}`, `${REFRESHED_KEY}=${NOW + 25 * HOUR}`],
      probeWrites: 2,
      localReads: 6,
      localWrites: [],
    });
    // The refresh is remembered: the next visit the same day writes nothing.
    navigate('https://www.later.test/');
    const next = countOps();
    load();
    expect(next.cookieWrites).toEqual([]);
  });

  it('localStorage copy missing (another subdomain, or dropped): only localStorage is written', () => {
    landedThenBack('lsgone.test', 1, () => localStorage.clear());
    const ops = countOps();
    load();
    expect(ops).toEqual({
      cookieReads: 1,
      cookieWrites: [],
      probeWrites: 0,
      localReads: 6,
      localWrites: [`setItem(${ID_KEY})`, `setItem(${SEEN_KEY})`],
    });
  });

  it('cookie missing, localStorage kept: the cookie is restored (one probe), localStorage left alone', () => {
    landedThenBack('cookiegone.test', 1, () => {
      document.cookie = `${ID_KEY}=; path=/; domain=cookiegone.test; expires=Thu, 01 Jan 1970 00:00:00 GMT`;
    });
    const ops = countOps();
    expect(load().get()).toEqual({ rtid: 'R1' });
    expect(ops).toEqual({
      cookieReads: 2,
      cookieWrites: [`${ID_KEY}=R1`, `${REFRESHED_KEY}=${NOW + HOUR}`],
      probeWrites: 2,
      localReads: 6,
      localWrites: [],
    });
  });

  it('consent arriving late: nothing at all until the grant, then the landing writes', () => {
    freshPage('https://www.late.test/?rtid=R1');
    const ops = countOps();
    const bridge = load({ consent: 'denied' });
    expect(ops).toEqual({ cookieReads: 0, cookieWrites: [], probeWrites: 0, localReads: 0, localWrites: [] });
    bridge.consent('granted');
    expect(ops).toEqual(LANDING_OPS);
  });

  it('revoke: each stored key removed (domain and host-only copies), and the clear marked for other subdomains', () => {
    freshPage('https://www.revoke.test/?rtid=R1');
    const bridge = load();
    const ops = countOps();
    bridge.consent('denied');
    expect(ops).toEqual({
      cookieReads: 0,
      cookieWrites: [
        `${ID_KEY}=`,
        `${ID_KEY}=`,
        `${SEEN_KEY}=`,
        `${SEEN_KEY}=`,
        `${REFRESHED_KEY}=`,
        `${REFRESHED_KEY}=`,
        `RoktTransactionIdCleared=${NOW}`,
      ],
      probeWrites: 0,
      localReads: 3,
      localWrites: [`removeItem(${ID_KEY})`, `removeItem(${SEEN_KEY})`, 'setItem(RoktTransactionIdCleared)'],
    });
  });

  it('a visitor with no identifier: one cookie read, nothing written', () => {
    freshPage('https://www.nobody.test/?utm_source=news');
    const ops = countOps();
    load();
    expect(page.roktBridge).toBeDefined();
    expect(ops).toEqual({ cookieReads: 1, cookieWrites: [], probeWrites: 0, localReads: 2, localWrites: [] });
  });
});

// The server-side "Rokt ID Keeper" sets the ID cookies from the server (full lifetime in Safari) and marks them with
// RoktTransactionIdKept; a script rewrite would replace them with script-written ones, which Safari deletes after 7 days
// of browser use without an interaction.
describe('cookies the server set (RoktTransactionIdKept)', () => {
  const SERVER_SEEN = NOW - 40 * 24 * HOUR;
  function serverSetCookies(host: string, id: string): void {
    for (const [name, value] of [
      [ID_KEY, id],
      [SEEN_KEY, `${SERVER_SEEN}`],
      [KEPT_KEY, `${NOW - 30 * HOUR}`],
    ])
      document.cookie = `${name}=${value}; path=/; domain=${host}; max-age=7776000; SameSite=Lax; Secure`;
  }

  it('a refresh never rewrites them, however long ago the bundle last refreshed', () => {
    freshPage('https://www.kept.test/');
    serverSetCookies('kept.test', 'S1');
    localStorage.setItem(ID_KEY, 'S1');
    localStorage.setItem(SEEN_KEY, `${SERVER_SEEN}`);
    const ops = countOps();
    expect(load().get()).toEqual({ rtid: 'S1' });
    expect(ops.cookieWrites).toEqual([]);
    expect(ops.localWrites).toEqual([]);
  });

  it('a missing localStorage copy is still written, the cookies still not', () => {
    freshPage('https://www.kept.test/');
    serverSetCookies('kept.test', 'S2');
    const ops = countOps();
    load();
    expect(ops.cookieWrites).toEqual([]);
    expect(ops.localWrites).toEqual([`setItem(${ID_KEY})`, `setItem(${SEEN_KEY})`]);
  });

  it('a new click is written, and the mark removed (it no longer describes the ID cookie)', () => {
    freshPage('https://www.kept.test/?rtid=NewClick');
    serverSetCookies('kept.test', 'S3');
    const ops = countOps();
    load();
    expect(ops.cookieWrites).toEqual([
      `${ID_KEY}=NewClick`,
      `${SEEN_KEY}=${NOW}`,
      `${KEPT_KEY}=`,
      `${KEPT_KEY}=`,
      `${REFRESHED_KEY}=${NOW}`,
    ]);
    expect(cookies()).toMatchObject({ [ID_KEY]: 'NewClick', [SEEN_KEY]: `${NOW}` });
    expect(cookies()[KEPT_KEY]).toBeUndefined();
  });

  it('clear() deletes all three cookies', () => {
    freshPage('https://www.kept.test/');
    serverSetCookies('kept.test', 'S4');
    load().clear();
    expect(Object.keys(cookies())).toEqual([CLEARED_KEY]);
  });
});
