/**
 * The demo shop's own page code, as an advertiser's site would have it: a consent banner that drives gtag consent
 * mode, "Buy now" on the landing page, the checkout form (email handed to the bridge, never put in a URL) and the
 * purchase push on the thank-you page. Everything Rokt-related goes through the built bundle's public API.
 *
 * Both functions are serialised with `toString()` into the page, so they must not refer to anything outside
 * themselves.
 */

/** An order as the shop pushes it to the dataLayer (GA4's recommended `purchase` fields). */
export interface ShopOrder {
  transaction_id: string;
  value: number;
  currency: string;
  items: { item_id: string; item_name: string; price: number; quantity: number }[];
}

/** What one page needs to know. */
export interface ShopPageOptions {
  page: 'landing' | 'product' | 'checkout' | 'thank-you';
  /** The order this page completes (thank-you) or offers (landing "Buy now", checkout). */
  order?: ShopOrder;
  /** Where the checkout form goes on success, without the query string. */
  thankYouUrl?: string;
  /**
   * The page runs the web templates instead of the bundle: the checkout pushes the purchase with the email in
   * `user_data` (where the template-only import file's setup tag reads it) and goes on once GTM's tags have run.
   */
  templates?: boolean;
}

/**
 * Runs first in `<head>`: records CSP violations and uncaught errors for the tests, defines `gtag` and sets consent-mode defaults from
 * the shop's own consent cookie (denied until the visitor decides). With `deniedRegions`, the defaults are
 * region-scoped as Google recommends (denied there, granted elsewhere; a stored decision comes as an update):
 * https://developers.google.com/tag-platform/security/guides/consent#region-specific-behavior
 */
export function shopHead(deniedRegions: string[] | null): void {
  const win = window as unknown as Record<string, unknown>;
  const violations: string[] = [];
  win.__cspViolations = violations;
  document.addEventListener('securitypolicyviolation', (event) => {
    violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
  });
  // Uncaught errors, for engines whose driver has no page-error event (WebKit over classic WebDriver).
  const errors: string[] = [];
  win.__pageErrors = errors;
  addEventListener('error', (event) => errors.push(`${event.message} ${event.filename}:${event.lineno}`));
  addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${String(event.reason)}`));
  win.dataLayer = win.dataLayer || [];
  const dataLayer = win.dataLayer as unknown[];
  win.gtag = function gtag() {
    // biome-ignore lint/complexity/noArguments: gtag pushes its arguments object; GTM and the bundle read it as a command
    dataLayer.push(arguments);
  };
  const decided = /(?:^|;\s*)shop_consent=(granted|denied)/.exec(document.cookie);
  const state = decided ? decided[1] : 'denied';
  const gtag = win.gtag as (...args: unknown[]) => void;
  if (!deniedRegions) {
    gtag('consent', 'default', { ad_storage: state, analytics_storage: state });
    return;
  }
  gtag('consent', 'default', { ad_storage: 'denied', analytics_storage: 'denied', region: deniedRegions });
  gtag('consent', 'default', { ad_storage: 'granted', analytics_storage: 'granted' });
  if (decided) gtag('consent', 'update', { ad_storage: state, analytics_storage: state });
}

/** Runs at the end of `<body>`: wires the banner, the buttons and the forms of the page. */
export function shopPage(options: ShopPageOptions): void {
  const win = window as unknown as Record<string, unknown>;
  const $ = (selector: string) => document.querySelector(selector) as HTMLElement | null;
  const gtag = win.gtag as (...args: unknown[]) => void;
  const dataLayer = win.dataLayer as unknown[];

  // Calls the bridge's public API, or queues the call if the bundle has not loaded yet (its documented queue).
  const bridge = (method: string, ...args: unknown[]): unknown => {
    const api = win.roktBridge as Record<string, unknown> | unknown[] | undefined;
    if (api && typeof (api as Record<string, unknown>)[method] === 'function') {
      return (api as Record<string, (...a: unknown[]) => unknown>)[method](...args);
    }
    win.roktBridge = api || [];
    (win.roktBridge as unknown[]).push([method, ...args]);
    return undefined;
  };
  const showState = () => {
    const panel = $('#bridge-state');
    if (!panel) return;
    const api = win.roktBridge as { get?: () => unknown } | undefined;
    panel.textContent =
      api && typeof api.get === 'function'
        ? JSON.stringify(api.get())
        : options.templates
          ? 'no bundle: the web templates run'
          : 'bundle not loaded';
  };

  // After a consent decision: what of Rokt's this browser now keeps, read back from the cookies and localStorage.
  const showStored = (state: 'granted' | 'denied') => {
    const box = $('#consent-result');
    if (!box) return;
    const rokt = (name: string) => name.indexOf('Rokt') === 0;
    const cookies = document.cookie
      .split('; ')
      .filter((pair) => rokt(pair))
      .map((pair) => `cookie ${pair}`);
    let local: string[] = [];
    try {
      local = Object.keys(localStorage)
        .filter(rokt)
        .map((key) => `localStorage ${key}=${localStorage.getItem(key)}`);
    } catch {
      // localStorage blocked: nothing to list from it.
    }
    const stored = cookies.concat(local);
    box.textContent = `${state === 'granted' ? 'Accepted' : 'Declined'}. Stored for Rokt now: ${
      stored.length ? stored.join(', ') : 'nothing'
    }${state === 'denied' ? ' (the bridge keeps what it captured in this page only)' : ''}.`;
  };
  const banner = $('#consent-banner');
  const host = location.hostname;
  const domain =
    /^[\d.]+$/.test(host) || host.indexOf('.') < 0 ? '' : `; domain=${host.split('.').slice(-2).join('.')}`;
  const decide = (state: 'granted' | 'denied') => {
    // biome-ignore lint/suspicious/noDocumentCookie: a site's consent banner, as most are written
    document.cookie = `shop_consent=${state}; path=/; max-age=31536000; samesite=lax${domain}`;
    gtag('consent', 'update', { ad_storage: state, analytics_storage: state });
    if (banner) banner.hidden = true;
    setTimeout(() => {
      showState();
      showStored(state);
    }, 0);
  };
  if (banner) banner.hidden = /(?:^|;\s*)shop_consent=/.test(document.cookie);
  $('#consent-accept')?.addEventListener('click', () => decide('granted'));
  $('#consent-decline')?.addEventListener('click', () => decide('denied'));
  $('#consent-settings')?.addEventListener('click', (event) => {
    event.preventDefault();
    if (banner) banner.hidden = false;
  });

  const order = options.order;
  const confirm = (text: string) => {
    const box = $('#order-confirmation');
    if (box) box.textContent = text;
  };
  if (options.page === 'landing' && order) {
    $('#buy-now')?.addEventListener('click', () => {
      dataLayer.push({ event: 'purchase', ...order });
      confirm(`Thank you! Order ${order.transaction_id} is placed.`);
    });
  }
  if (options.page === 'checkout' && order) {
    $('#checkout-form')?.addEventListener('submit', (event) => {
      event.preventDefault();
      const email = ($('#email') as HTMLInputElement).value;
      const next = `${options.thankYouUrl}?order=${encodeURIComponent(order.transaction_id)}&sku=${encodeURIComponent(order.items[0].item_id)}`;
      if (options.templates) {
        // The conversion carries the email as GA4's user_data; GTM calls eventCallback once its tags have run.
        const go = () => location.assign(`${next}&reported=1`);
        const fallback = setTimeout(go, 3000);
        dataLayer.push({
          event: 'purchase',
          ...order,
          user_data: email ? { email } : undefined,
          eventCallback: () => {
            clearTimeout(fallback);
            go();
          },
        });
        return;
      }
      // setEmail may hash asynchronously; go on once it has finished so the digest is stored before the page unloads.
      Promise.resolve(email ? bridge('setEmail', email) : undefined).then(
        () => location.assign(next),
        () => location.assign(next),
      );
    });
  }
  // The thank-you page says "confirmed" in its own markup; the script only reports the purchase.
  // (Unless the checkout already reported it, as the templates install path does.)
  if (options.page === 'thank-you' && order && !/[?&]reported=1/.test(location.search))
    dataLayer.push({ event: 'purchase', ...order });
  showState();
  addEventListener('load', showState);
}
