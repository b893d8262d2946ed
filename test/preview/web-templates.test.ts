// The preview's templates install path: what it reads from the template-only web import file, and the served script
// (the embedded templates over the GTM stand-in's browser-backed web APIs) run over a happy-dom page.
import { readFileSync } from 'node:fs';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { WEB_TEMPLATES_NAMES } from '../../src/gtm-export/web-templates-container';
import { type WebTemplatesSetup, webTemplatesScript, webTemplatesSetup } from '../../src/preview/web-templates';
import { cookies, freshPage, page, sha } from '../browser/page';

let setup: WebTemplatesSetup;
beforeAll(() => {
  setup = webTemplatesSetup(JSON.parse(readFileSync('dist/gtm/web-container-templates.json', 'utf8')));
});

/** Loads the served script into this page, as the shop's `<script src>` does. */
function runServedScript(region: string): void {
  // The test loads the served file as the browser runs it; the page itself evaluates no string.
  new Function(webTemplatesScript(setup, region))();
}

/** The shop's region-scoped defaults (src/preview/shop/shop-ui.ts): denied in Spain, granted elsewhere. */
function regionScopedDefaults(): unknown[] {
  const dataLayer: unknown[] = [];
  const gtag = (...args: unknown[]) => dataLayer.push(Object.assign({}, args));
  gtag('consent', 'default', { ad_storage: 'denied', region: ['ES'] });
  gtag('consent', 'default', { ad_storage: 'granted' });
  return dataLayer;
}

describe('the template-only web import file, as the preview reads it', () => {
  it('runs the Capture tag on Initialization and the GA4 tag on purchase, the conversion email tag first', () => {
    const byName = Object.fromEntries(setup.tags.map((tag) => [tag.name, tag]));
    expect(byName[WEB_TEMPLATES_NAMES.captureTag].trigger).toBe('init');
    expect(byName[WEB_TEMPLATES_NAMES.exampleTag]).toMatchObject({
      type: 'gaawe',
      trigger: { eventPattern: '^(purchase)$' },
      setupTag: WEB_TEMPLATES_NAMES.conversionCaptureTag,
    });
    expect(Object.keys(setup.code)).toEqual(
      expect.arrayContaining([
        byName[WEB_TEMPLATES_NAMES.captureTag].type,
        setup.variables[WEB_TEMPLATES_NAMES.rtid].type,
      ]),
    );
  });
});

describe('the served script over a page', () => {
  beforeEach(() => {
    freshPage('https://www.shop.test/?rtid=click-1');
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
  });

  it('visitor in a region granted by default: the ID is stored at once', () => {
    page.dataLayer = regionScopedDefaults();
    runServedScript('US');
    expect(cookies().RoktTransactionId).toBe('click-1');
  });

  it('visitor in a region denied by default: nothing stored until an update grants', () => {
    page.dataLayer = regionScopedDefaults();
    runServedScript('ES');
    expect(cookies().RoktTransactionId).toBeUndefined();
    expect(page.dataLayer).toContainEqual({ rtid: 'click-1', event: 'rokt_identity' });
    page.dataLayer.push(Object.assign({}, ['consent', 'update', { ad_storage: 'granted' }]));
    expect(cookies().RoktTransactionId).toBe('click-1');
  });

  it('a subdivision default wins over its country’s', () => {
    // Before the country's default, so that a later default does not win by coming last.
    page.dataLayer = [
      Object.assign({}, ['consent', 'default', { ad_storage: 'granted', region: ['ES-CT'] }]),
      ...regionScopedDefaults(),
    ];
    runServedScript('ES-CT');
    expect(cookies().RoktTransactionId).toBe('click-1');
  });

  it('purchase: the setup tag hashes the user_data email, then the GA4 tag gets both rows', async () => {
    const sent: unknown[][] = [];
    (page as unknown as Record<string, unknown>).__ga4StandInSend = (...args: unknown[]) => sent.push(args);
    page.dataLayer = [];
    runServedScript('');
    const email = 'Jane@Example.com';
    page.dataLayer.push({ event: 'purchase', transaction_id: 'T-1', user_data: { email } });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0][0]).toBe('purchase');
    expect(sent[0][2]).toEqual({ rtid: 'click-1', emailsha256: sha(email.toLowerCase()) });
  });
});
