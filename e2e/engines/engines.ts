/**
 * The three browser engines behind one small interface, so that one scenario (journey.spec.ts) runs unchanged in
 * each: Chromium over the DevTools protocol and Firefox over WebDriver BiDi (both with puppeteer-core), WebKit
 * (WebKitGTK's MiniBrowser) over classic WebDriver (webkit.mjs). Only what the scenario needs is here.
 */
import { existsSync } from 'node:fs';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.mjs';
import type { ForwardProxy } from './forward-proxy.mjs';
import { startWebKitDriver, webkitMissing } from './webkit.mjs';

export type EngineName = 'chromium' | 'firefox' | 'webkit';

/** A cookie, whichever engine reported it. `expires` is in seconds since the epoch, undefined for a session cookie. */
export interface EngineCookie {
  name: string;
  value: string;
  domain: string;
  secure: boolean;
  sameSite: string;
  expires?: number;
}

/** One fresh, isolated browsing session (no cookies, no storage) with one page. */
export interface EngineSession {
  goto(url: string): Promise<void>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page; the result must survive JSON. */
  evaluate<T>(expression: string): Promise<T>;
  /** The cookies the current page's URL would be sent. */
  cookies(): Promise<EngineCookie[]>;
  /** Console lines the engine reported (Chromium and Firefox; classic WebDriver has no console). */
  readonly console: string[];
  /** Uncaught errors the engine reported through its driver (Chromium and Firefox). */
  readonly errors: string[];
  close(): Promise<void>;
}

/** A launched engine; WebKit starts a new MiniBrowser for every session, the others a new browser context. */
export interface EngineBrowser {
  newSession(): Promise<EngineSession>;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** Why the engine cannot run on this machine (what to install), or undefined. */
  missing(): string | undefined;
  /** Starts the engine; made-up hosts go through `proxy` (Chromium maps them with its resolver rules instead). */
  launch(proxy: ForwardProxy): Promise<EngineBrowser>;
}

const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

/** How long a browser may take to start; puppeteer's default (30 s) is too short on a loaded two-core machine. */
export const LAUNCH_TIMEOUT = 120_000;

export const ENGINES: Engine[] = [
  {
    name: 'chromium',
    missing: () => (existsSync(CHROMIUM_PATH) ? undefined : `missing ${CHROMIUM_PATH} (apt-get install chromium)`),
    launch: async () =>
      puppeteerEngine(
        await puppeteer.launch({
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
          headless: true,
          acceptInsecureCerts: true,
          timeout: LAUNCH_TIMEOUT,
        }),
      ),
  },
  {
    name: 'firefox',
    missing: () => (existsSync(FIREFOX_PATH) ? undefined : `missing ${FIREFOX_PATH} (apt-get install firefox-esr)`),
    launch: async (proxy) =>
      puppeteerEngine(
        await puppeteer.launch({
          browser: 'firefox',
          executablePath: FIREFOX_PATH,
          headless: true,
          acceptInsecureCerts: true,
          timeout: LAUNCH_TIMEOUT,
          // Manual proxy for http and https, also for 127.0.0.1 (Firefox bypasses the proxy for localhost otherwise).
          // https://firefox-source-docs.mozilla.org/networking/ (network.proxy.* preferences)
          extraPrefsFirefox: {
            'network.proxy.type': 1,
            'network.proxy.http': proxy.host,
            'network.proxy.http_port': proxy.port,
            'network.proxy.ssl': proxy.host,
            'network.proxy.ssl_port': proxy.port,
            'network.proxy.no_proxies_on': '',
            'network.proxy.allow_hijacking_localhost': true,
          },
        }),
      ),
  },
  {
    name: 'webkit',
    missing: webkitMissing,
    launch: async (proxy) => {
      const driver = await startWebKitDriver();
      return {
        async newSession() {
          const webkit = await driver.newSession({ proxy: proxy.url, args: ['--ignore-tls-errors'] });
          return {
            console: [],
            errors: [],
            goto: webkit.goto,
            click: webkit.click,
            type: webkit.type,
            evaluate: async <T>(expression: string) => (await webkit.execute(`return (${expression});`)) as T,
            cookies: async () =>
              (await webkit.cookies()).map(({ name, value, domain, secure, sameSite, expiry }) => ({
                name,
                value,
                domain,
                secure,
                sameSite,
                expires: expiry,
              })),
            close: webkit.close,
          };
        },
        close: driver.close,
      };
    },
  },
];

function puppeteerEngine(browser: Browser): EngineBrowser {
  return {
    async newSession() {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      const session = puppeteerSession(page);
      return { ...session, close: () => context.close() };
    },
    close: () => browser.close(),
  };
}

function puppeteerSession(page: Page): Omit<EngineSession, 'close'> {
  const console: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => errors.push(String(error)));
  return {
    console,
    errors,
    goto: async (url) => {
      await page.goto(url);
    },
    click: (selector) => page.click(selector),
    type: (selector, text) => page.type(selector, text),
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    cookies: async () =>
      (await page.cookies()).map(({ name, value, domain, secure, sameSite, expires }) => ({
        name,
        value,
        domain,
        secure,
        sameSite: sameSite ?? 'None',
        expires: expires > 0 ? expires : undefined,
      })),
  };
}
