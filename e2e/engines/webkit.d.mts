/** Types of e2e/engines/webkit.mjs (plain ESM, shared with the WebKit cookie measurement). */

/** A cookie as W3C WebDriver returns it; `expiry` in seconds since the epoch, absent for a session cookie. */
export interface WebDriverCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string;
  expiry?: number;
}

export interface WebKitOptions {
  /** Forward proxy URL for MiniBrowser's `--proxy` (how made-up hosts are reached). */
  proxy?: string;
  /** `MiniBrowser --enable-itp`: WebKit's Intelligent Tracking Prevention. */
  itp?: boolean;
  /** More MiniBrowser arguments. */
  args?: string[];
}

/** WebKitWebDriver on its own Xvfb display; `close()` stops both. */
export interface WebKitDriver {
  /** What WebKitWebDriver and MiniBrowser wrote to stdout and stderr (for diagnostics). */
  output: string[];
  newSession(options?: WebKitOptions): Promise<WebKitSession>;
  close(): Promise<void>;
}

/** One fresh MiniBrowser under WebKitWebDriver; `close()` ends the session and the browser. */
export interface WebKitSession {
  /** The WebKitGTK version MiniBrowser runs. */
  version: string;
  goto(url: string): Promise<void>;
  url(): Promise<string>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  /** Runs a function body (`return …`) in the page. */
  execute(body: string, args?: unknown[]): Promise<unknown>;
  /** The cookies the current page's URL would be sent. */
  cookies(): Promise<WebDriverCookie[]>;
  close(): Promise<void>;
}

export declare const WEBKIT_WEBDRIVER_PATH: string;
export declare function miniBrowserPath(): string | undefined;
export declare function webkitMissing(): string | undefined;
export declare function startWebKitDriver(): Promise<WebKitDriver>;
