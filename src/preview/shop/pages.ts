/**
 * The demo shop's pages. The landing and product pages (www.) load the built bundle with a script tag; the checkout
 * and thank-you pages (checkout.) get it as the GTM Custom HTML tag text. `?install=tag|gtm|both` overrides that for
 * one page (both = the bundle loaded twice; none = server-only, the Rokt ID Keeper alone; templates = no bundle, the web
 * templates of the template-only import file run by the GTM templates stand-in). Every page is served under a strict
 * nonce-based CSP.
 */
import { IDENTITY_EVENT } from '../../vocabulary/index.js';
import { consentRegionRank } from './consent-region.js';
import { ga4StandIn } from './ga4-standin.js';
import { gtmInjectCustomHtml } from './gtm-standin.js';
import { type ShopOrder, type ShopPageOptions, shopHead, shopPage } from './shop-ui.js';

/** How a page loads the bundle. */
export type Install = 'tag' | 'gtm' | 'both' | 'none' | 'templates';

/** The shop's pages by path. */
export type ShopPath = '/' | '/product' | '/checkout' | '/thank-you';

/** Everything a page depends on besides its path. */
export interface PageContext {
  path: ShopPath;
  install: Install;
  /** The CSP nonce of this response. */
  nonce: string;
  /** The Custom HTML tag text of dist/gtm/web-container.json (the bundle as dist/gtm-custom-html.html). */
  customHtml: string;
  /** The host name this page was requested on (`www.shop.test`, `checkout.shop.test`, or `127.0.0.1`). */
  host: string;
  /** Absolute base URLs (`http://www.shop.test:8080`) of the landing and the checkout host. */
  wwwBase: string;
  checkoutBase: string;
  order: ShopOrder;
  /**
   * The visitor's region as GTM would geolocate it (`ES`, `US-CA`). When set, the shop's consent defaults are
   * region-scoped as Google recommends: denied in the EEA, granted elsewhere.
   */
  region?: string;
  /** Where the templates install path loads its script from (src/preview/web-templates.ts). */
  templatesScript?: string;
}

/**
 * The regions of the shop's denied default when region-scoped: the EEA, as in Google's example of region-specific
 * defaults (https://developers.google.com/tag-platform/security/guides/consent#region-specific-behavior).
 */
const DENIED_REGIONS = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IS',
  'IE',
  'IT',
  'LV',
  'LI',
  'LT',
  'LU',
  'MT',
  'NL',
  'NO',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
];

/** The Content-Security-Policy every shop page is served with. */
export function contentSecurityPolicy(nonce: string): string {
  return `script-src 'nonce-${nonce}' 'strict-dynamic'; object-src 'none'; base-uri 'none'`;
}

/** Which install path a page uses unless the query says otherwise. */
export function defaultInstall(path: ShopPath): Install {
  return path === '/' || path === '/product' ? 'tag' : 'gtm';
}

const PRODUCT = { item_id: 'SKU-MUG', item_name: 'Preview mug', price: 12.5, quantity: 1 };
const CURRENCY = 'EUR';

/** A price as a shopper reads it: `€12.50`. */
export function money(value: number, currency = CURRENCY): string {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(value);
}

/** Which of the shop's hosts serves the page, and what that host is for in the demo. */
function hostNote(requested: string): string {
  // The Host header is the client's to choose: only a host name's characters reach the page.
  const host = requested.replace(/[^\w.:[\]-]/g, '');
  if (host.startsWith('www.')) return `on <b>${host}</b>, the landing host`;
  if (host.startsWith('checkout.')) return `on <b>${host}</b>, the checkout host (another subdomain than the landing)`;
  return `on <b>${host}</b>, a single host: open the shop with the resolver rule for the cross-subdomain demo`;
}

/** The order a page offers or confirms; the id comes from the caller so that a test can find it on the page. */
export function orderFor(transactionId: string): ShopOrder {
  return { transaction_id: transactionId, value: PRODUCT.price, currency: CURRENCY, items: [PRODUCT] };
}

/** Renders one page. */
export function renderPage(context: PageContext): string {
  const { path, nonce } = context;
  const inline = (code: string) => `<script nonce="${nonce}">${code.replace(/<\//g, '<\\/')}</script>`;
  const call = (fn: (...args: never[]) => void, ...args: unknown[]) =>
    inline(
      `(${fn.toString()})(${args.map((arg) => (typeof arg === 'function' ? arg.toString() : JSON.stringify(arg))).join(',')});`,
    );
  const config = { consent: 'auto', conversionEvents: ['purchase'], debug: true };
  const loaders: string[] = [];
  if (context.install === 'tag' || context.install === 'both')
    loaders.push(`<script nonce="${nonce}" src="/rokt-sgtm-bridge.min.js"></script>`);
  if (context.install === 'gtm' || context.install === 'both')
    loaders.push(call(gtmInjectCustomHtml, context.customHtml, nonce));
  const templates = context.install === 'templates';
  if (templates && context.templatesScript)
    loaders.push(`<script nonce="${nonce}" src="${context.templatesScript.replace(/[^\w/.?=&%-]/g, '')}"></script>`);
  const options: ShopPageOptions = {
    page: path === '/' ? 'landing' : path === '/product' ? 'product' : path === '/checkout' ? 'checkout' : 'thank-you',
    order: context.order,
    thankYouUrl: `${context.checkoutBase}/thank-you`,
    templates,
  };
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${TITLES[path]} · Preview shop</title>
${call(shopHead, context.region ? DENIED_REGIONS : null)}
${inline(`window.roktBridgeConfig = ${JSON.stringify(config)};`)}
<!-- GA4 stand-in: gtag.js cannot load offline; this writes the same /g/collect wire format. -->
${call(ga4StandIn, { endpoint: '/g/collect', measurementId: 'G-PREVIEW', events: templates ? [IDENTITY_EVENT] : [IDENTITY_EVENT, 'purchase'], dataLayerName: 'dataLayer', region: context.region }, consentRegionRank)}
<!-- rokt-sgtm-bridge, installed as: ${INSTALLED_AS[context.install]} -->
${loaders.join('\n')}
<style>${STYLE}</style>
</head><body>
<header><a href="${context.wwwBase}/">Preview shop</a> <small id="shop-host">${hostNote(context.host)}</small></header>
<main>${BODIES[path](context)}
<p id="order-confirmation" role="status">${path === '/thank-you' ? `Thank you! Order <span id="order-id">${context.order.transaction_id}</span> is confirmed.` : ''}</p>
<section class="debug"><h2>This page</h2>
<p>Bundle installed as <b>${INSTALLED_AS[context.install]}</b>.
<code>roktBridge.get()</code> = <code id="bridge-state">…</code></p>
<p>What reached Rokt: <a href="/__rokt">/__rokt</a></p></section>
</main>
<div id="consent-banner" hidden><p>We use cookies to remember where you came from and to measure conversions.</p>
<button id="consent-accept">Accept</button> <button id="consent-decline">Decline</button></div>
<p id="consent-result" role="status"></p>
<footer><a href="#" id="consent-settings">Cookie settings</a> · <span class="standin">GA4 stand-in active: gtag.js cannot load offline</span>${
    templates
      ? ` · <span class="standin" id="gtm-templates-standin">GTM stand-in runs the web templates: gtm.js cannot load offline${
          context.region ? `; visitor's region ${context.region.replace(/[^\w-]/g, '')}` : ''
        }</span>`
      : ''
  }</footer>
${call(shopPage, options)}
</body></html>`;
}

const INSTALLED_AS: Record<Install, string> = {
  tag: 'script tag',
  gtm: 'GTM Custom HTML',
  both: 'script tag + GTM Custom HTML',
  none: 'nothing (server-only: the server container keeps the Rokt ID)',
  templates: 'GTM web templates (no bundle)',
};

const TITLES: Record<ShopPath, string> = {
  '/': 'Welcome',
  '/product': 'Preview mug',
  '/checkout': 'Checkout',
  '/thank-you': 'Thank you',
};

const BODIES: Record<ShopPath, (context: PageContext) => string> = {
  '/': (c) => `<h1>Welcome to the preview shop</h1>
<p>Visitors from a Rokt offer land here with <code>?rtid=…</code> in the address.</p>
<article><h2>${PRODUCT.item_name}</h2><p>${money(PRODUCT.price)}</p>
<a id="browse" href="${c.wwwBase}/product">Look closer</a> · <a id="to-checkout" href="${c.checkoutBase}/checkout">Checkout</a> ·
<button id="buy-now">Buy now</button> <small>(order <span id="order-id">${c.order.transaction_id}</span>)</small></article>`,
  '/product': (
    c,
  ) => `<h1>${PRODUCT.item_name}</h1><p>A mug that remembers where you came from. ${money(PRODUCT.price)}</p>
<a id="to-checkout" href="${c.checkoutBase}/checkout">Go to checkout</a>`,
  '/checkout': (
    c,
  ) => `<h1>Checkout</h1><p>Order <span id="order-id">${c.order.transaction_id}</span>: ${PRODUCT.item_name}, ${money(PRODUCT.price)}</p>
<form id="checkout-form" method="post" action="${c.checkoutBase}/thank-you"><label>Email (optional) <input id="email" type="email" autocomplete="email"></label>
<button id="place-order" type="submit">Place order</button></form>`,
  '/thank-you': () => '<h1>Thank you</h1>',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:44rem;padding:1rem}
header{font-weight:bold;margin-bottom:1rem}article{border:1px solid #ccc;border-radius:6px;padding:1rem}
.debug{margin-top:2rem;font-size:.9em;color:#444;border-top:1px dashed #aaa}
#consent-banner{position:fixed;bottom:0;left:0;right:0;background:#222;color:#fff;padding:1rem}
footer{margin-top:2rem;font-size:.85em}code{overflow-wrap:anywhere}.standin{background:#ffe9a8;padding:0 .3em}`;
