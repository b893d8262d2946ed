// How the tests drive WebKit: WebKitGTK's MiniBrowser (Debian's libwebkit2gtk-4.1-0) through WebKitWebDriver
// (webkit2gtk-driver) over classic W3C WebDriver, on a private Xvfb display. Plain ESM so that the end-to-end suite
// and the cookie measurement (e2e/engines/webkit-cookie-lifetimes.mjs) share it.
//
// The "webkitgtk:browserOptions" capability (`binary`, `args`; MiniBrowser needs `--automation`):
// https://selenium.dev/selenium/docs/api/py/webdriver_webkitgtk/selenium.webdriver.webkitgtk.options.html and
// https://blogs.igalia.com/carlosgc/2017/09/09/webdriver-support-in-webkitgtk-2-18/; the endpoints are W3C
// WebDriver's (https://www.w3.org/TR/webdriver2/). WebKitWebDriver 2.50 refuses `webSocketUrl` (no BiDi) and
// MiniBrowser ignores --enable-write-console-messages-to-stdout under automation, so this driver has neither page
// errors nor console lines: the shop page records its own errors (src/preview/shop/shop-ui.ts).
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** WebKitWebDriver; WEBKIT_WEBDRIVER_PATH overrides. */
export const WEBKIT_WEBDRIVER_PATH = process.env.WEBKIT_WEBDRIVER_PATH ?? '/usr/bin/WebKitWebDriver';

/** MiniBrowser lives in an architecture-specific directory (/usr/lib/<triplet>/webkit2gtk-4.1/); MINIBROWSER_PATH overrides. */
export function miniBrowserPath() {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  const lib = '/usr/lib';
  for (const dir of existsSync(lib) ? readdirSync(lib) : []) {
    for (const api of ['webkit2gtk-4.1', 'webkitgtk-6.0', 'webkit2gtk-4.0']) {
      const candidate = `${lib}/${dir}/${api}/MiniBrowser`;
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Why WebKit cannot run here (what to install), or undefined when it can. */
export function webkitMissing() {
  const missing = [];
  if (!existsSync(WEBKIT_WEBDRIVER_PATH)) missing.push(`${WEBKIT_WEBDRIVER_PATH} (apt-get install webkit2gtk-driver)`);
  if (!miniBrowserPath()) missing.push('MiniBrowser (apt-get install webkit2gtk-driver libwebkit2gtk-4.1-0)');
  if (!existsSync('/usr/bin/Xvfb')) missing.push('/usr/bin/Xvfb (apt-get install xvfb)');
  return missing.length ? `missing ${missing.join(', ')}` : undefined;
}

/**
 * Starts Xvfb on a free display (it picks the number itself and writes it to fd 3), then WebKitWebDriver on a free
 * port of 127.0.0.1. Each `newSession()` is a fresh, ephemeral MiniBrowser (no cookies, no storage).
 * @returns {Promise<import('./webkit.d.mts').WebKitDriver>}
 */
export async function startWebKitDriver() {
  const binary = miniBrowserPath();
  if (!binary) throw new Error(webkitMissing());
  const children = [];
  const stopAll = () => {
    for (const child of [...children].reverse()) if (child.exitCode === null) child.kill('SIGKILL');
    process.off('exit', stopAll);
  };
  // No Xvfb or driver outlives the test run, even when the run ends without closing them.
  process.on('exit', stopAll);
  try {
    const xvfb = spawn('/usr/bin/Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x800x24'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    children.push(xvfb);
    const display = `:${(await firstLine(xvfb, xvfb.stdio[3], 'Xvfb')).trim()}`;

    const output = [];
    const driver = spawn(WEBKIT_WEBDRIVER_PATH, ['--host=127.0.0.1', '--port=0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DISPLAY: display, WAYLAND_DISPLAY: '' },
    });
    children.push(driver);
    for (const stream of [driver.stdout, driver.stderr]) {
      stream.setEncoding('utf8');
      stream.on('data', (text) => output.push(...text.split('\n').filter(Boolean)));
    }
    const base = `http://127.0.0.1:${await listeningPort(driver)}`;
    return {
      output,
      newSession: (options = {}) => newSession(base, binary, options),
      async close() {
        stopAll();
      },
    };
  } catch (error) {
    stopAll();
    throw error;
  }
}

/**
 * @param {string} base
 * @param {string} binary
 * @param {import('./webkit.d.mts').WebKitOptions} options
 * @returns {Promise<import('./webkit.d.mts').WebKitSession>}
 */
async function newSession(base, binary, options) {
  const args = [
    '--automation',
    ...(options.proxy ? [`--proxy=${options.proxy}`, '--ignore-host='] : []),
    ...(options.itp ? ['--enable-itp'] : []),
    ...(options.args ?? []),
  ];
  const created = await call(base, 'POST', '/session', {
    capabilities: { alwaysMatch: { acceptInsecureCerts: true, 'webkitgtk:browserOptions': { binary, args } } },
  });
  const session = `${base}/session/${created.sessionId}`;
  const at = (method, path, body) => call(session, method, path, body);
  const element = async (selector) => {
    const found = await at('POST', '/element', { using: 'css selector', value: selector });
    return Object.values(found)[0];
  };
  return {
    version: created.capabilities.browserVersion,
    goto: (url) => at('POST', '/url', { url }).then(() => undefined),
    url: () => at('GET', '/url'),
    click: async (selector) => {
      await at('POST', `/element/${await element(selector)}/click`, {});
    },
    type: async (selector, text) => {
      await at('POST', `/element/${await element(selector)}/value`, { text });
    },
    execute: (body, args = []) => at('POST', '/execute/sync', { script: body, args }),
    cookies: () => at('GET', '/cookie'),
    close: () => at('DELETE', '').then(() => undefined),
  };
}

/** One WebDriver command; a WebDriver error becomes an Error that names the command. */
async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({ value: null }));
  if (!response.ok || answer.value?.error) {
    throw new Error(
      `WebDriver ${method} ${path}: ${answer.value?.error ?? response.status} ${answer.value?.message ?? ''}`,
    );
  }
  return answer.value;
}

/** Resolves with the first line written to `stream`; rejects if `child` exits before. */
function firstLine(child, stream, name) {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
    child.once('error', reject);
  });
}

/**
 * The TCP port `child` listens on. WebKitWebDriver takes --port=0 but does not print the port it got, so it is read
 * from /proc: the listening socket of 127.0.0.1 whose inode is one of the child's file descriptors.
 */
async function listeningPort(child) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited with ${child.exitCode}`);
    const inodes = new Set();
    for (const fd of safe(() => readdirSync(`/proc/${child.pid}/fd`), [])) {
      const link = safe(() => readlinkSync(`/proc/${child.pid}/fd/${fd}`), '');
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodes.add(inode);
    }
    for (const line of safe(() => readFileSync(`/proc/${child.pid}/net/tcp`, 'utf8'), '')
      .split('\n')
      .slice(1)) {
      const fields = line.trim().split(/\s+/);
      // local_address is HEXIP:HEXPORT, state 0A is LISTEN, field 9 is the inode.
      if (fields[3] === '0A' && inodes.has(fields[9])) return Number.parseInt(fields[1].split(':')[1], 16);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('WebKitWebDriver did not start listening');
}

function safe(read, fallback) {
  try {
    return read();
  } catch {
    return fallback;
  }
}
