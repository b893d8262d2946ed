// The bundle and the web templates on one site, over one happy-dom window (one cookie jar, one localStorage): on
// different page loads and on the same one, neither undoes what the other stored, and both tell the same identity.

import { ConsentState, pageFromWindow, type WebPage } from 'gtm-template-runner';
import { beforeEach, describe, expect, it } from 'vitest';
import { CLEARED_KEY, EMAIL_KEY, ID_KEY, SEEN_KEY } from '../../src/browser/identity';
import type { RoktBridge } from '../../src/browser/types';
import { cookies, freshPage, page as host, load, navigate, sha, spyOnStorageWrites } from '../browser/page';
import { capture, identifier } from './fixtures';

/** This window as a web template sees it, with GTM's consent state for the visitor. */
const templatePage = (consent = new ConsentState()): WebPage =>
  pageFromWindow(window as unknown as Parameters<typeof pageFromWindow>[0], consent);

const storedLocally = () => ({
  rtid: localStorage.getItem(ID_KEY),
  seen: localStorage.getItem(SEEN_KEY),
  email: localStorage.getItem(EMAIL_KEY),
});

const EMAIL = 'jane@example.com';

// The browser bundle and the templates on one happy-dom page and cookie jar: GTM's test API runs no page script.
describe('the bundle and the web templates on one site', () => {
  beforeEach(() => freshPage('https://www.shop.test/landing?rtid=click-1'));

  it('bundle on the landing page, templates on the next: same ID, same first-seen time, nothing rewritten', async () => {
    const bridge = load() as RoktBridge;
    bridge.setEmail(EMAIL);
    const stored = { jar: cookies(), local: storedLocally() };
    navigate('https://www.shop.test/cart');
    const page = templatePage();
    const run = await capture(page);
    expect(run.cookiesSet).toEqual([]);
    expect({ jar: cookies(), local: storedLocally() }).toEqual(stored);
    expect(await identifier(page, 'roktId')).toBe('click-1');
    expect(await identifier(templatePage(), 'emailSha256')).toBe(sha(EMAIL));
    expect(host.dataLayer).toEqual([{ rtid: 'click-1', emailsha256: sha(EMAIL), event: 'rokt_identity' }]);
  });

  it('template on the landing page, bundle on the next: it restores the same values and writes nothing', async () => {
    await capture(templatePage(), { email: EMAIL });
    const stored = { jar: cookies(), local: storedLocally() };
    expect(stored.jar[ID_KEY]).toBe('click-1');
    navigate('https://www.shop.test/cart');
    const writes = spyOnStorageWrites();
    const bridge = load() as RoktBridge;
    expect(bridge.get()).toEqual({ rtid: 'click-1', emailsha256: sha(EMAIL) });
    expect(writes).toEqual([]);
    expect({ jar: cookies(), local: storedLocally() }).toEqual(stored);
  });

  it('both on the landing page: one ID, the first writer’s first-seen time, one set of copies', async () => {
    const bridge = load() as RoktBridge;
    const seen = cookies()[SEEN_KEY];
    await capture(templatePage());
    expect(cookies()[ID_KEY]).toBe('click-1');
    expect(cookies()[SEEN_KEY]).toBe(seen);
    expect(localStorage.getItem(SEEN_KEY)).toBe(seen);
    expect(document.cookie.split('; ').filter((c) => c.startsWith(`${ID_KEY}=`))).toHaveLength(1);
    expect(bridge.get()).toEqual({ rtid: 'click-1' });
  });

  it('a later click taken by the bundle replaces the template’s, and the variable reads the new one', async () => {
    await capture(templatePage());
    navigate('https://www.shop.test/offer?rtid=click-2');
    load();
    navigate('https://www.shop.test/cart');
    expect(cookies()[ID_KEY]).toBe('click-2');
    expect(await identifier(templatePage(), 'roktId')).toBe('click-2');
    await capture(templatePage());
    expect(cookies()[ID_KEY]).toBe('click-2');
  });

  it('a withdrawal the template applies is honoured by the bundle on the next page', async () => {
    const consent = new ConsentState();
    await capture(templatePage(consent), { email: EMAIL });
    consent.update({ ad_storage: 'denied' });
    expect(Object.keys(cookies())).toEqual([CLEARED_KEY]);
    navigate('https://www.shop.test/cart');
    const bridge = load() as RoktBridge;
    expect(bridge.get()).toEqual({});
    expect(cookies()[ID_KEY]).toBeUndefined();
  });

  it('a clear made by the bundle is honoured by the templates', async () => {
    await capture(templatePage());
    navigate('https://www.shop.test/account');
    (load() as RoktBridge).clear();
    navigate('https://www.shop.test/cart');
    const page = templatePage();
    await capture(page);
    expect(cookies()[ID_KEY]).toBeUndefined();
    expect(await identifier(page, 'roktId')).toBeUndefined();
  });
});
