// Measures the lifetime WebKitGTK's MiniBrowser gives a 90-day cookie, set by script (document.cookie) and by the
// server (Set-Cookie), without and with `--enable-itp` (Intelligent Tracking Prevention), after landing directly and
// after following a decorated link (?rtid=) from another site. Prints a Markdown table for docs/browser-engines.md.
//
//   node e2e/engines/webkit-cookie-lifetimes.mjs
//
// Needs what the WebKit end-to-end tests need (webkit2gtk-driver, xvfb). Safari's documented rules, for comparison:
// script-set cookies are deleted after 7 days of browser use without an interaction (since 2022, replacing ITP 2.1's
// fixed 7-day expiry cap: https://github.com/WebKit/WebKit/pull/571), and expire 24 hours after a decorated link from
// a site classified as a tracker (ITP 2.2, https://webkit.org/blog/8828/intelligent-tracking-prevention-2-2/).
// docs/safari.md has them all.
import { createServer } from 'node:http';
import { startForwardProxy } from './forward-proxy.mjs';
import { startWebKitDriver, webkitMissing } from './webkit.mjs';

const REQUESTED_DAYS = 90;
const DAY = 24 * 60 * 60;

const missing = webkitMissing();
if (missing) {
  console.error(`WebKit cannot run here: ${missing}`);
  process.exit(1);
}

// www.shop.test/land sets both cookies on the registrable domain; offers.ads.test/ad links to it with ?rtid=.
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://any');
  const via = url.searchParams.get('via') ?? 'direct';
  const maxAge = REQUESTED_DAYS * DAY;
  if (url.pathname === '/land') {
    res.writeHead(200, {
      'content-type': 'text/html',
      'set-cookie': `server_${via}=1; Max-Age=${maxAge}; Path=/; Domain=shop.test; SameSite=Lax`,
    });
    res.end(
      `<script>document.cookie = 'script_${via}=1; max-age=${maxAge}; path=/; domain=shop.test; samesite=lax';</script>`,
    );
  } else if (url.pathname === '/embeds-tracker') {
    const frame = `http://tracker.ads.test:${req.headers.host?.split(':')[1]}/frame`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe id="tracker" src="${frame}"></iframe>`);
  } else if (url.pathname === '/frame') {
    // SameSite=None: the only way a cookie is meant to work in a third-party frame.
    res.writeHead(200, {
      'content-type': 'text/html',
      'set-cookie': 'third_party=1; Max-Age=3600; Path=/; SameSite=None',
    });
    res.end('<p>tracker</p>');
  } else if (url.pathname === '/ad') {
    const target = `http://www.shop.test:${url.port || req.headers.host?.split(':')[1]}/land?via=link&rtid=abc123`;
    res.writeHead(200, { 'content-type': 'text/html' }).end(`<a id="offer" href="${target}">offer</a>`);
  } else res.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const port = /** @type {import('node:net').AddressInfo} */ (server.address()).port;
const proxy = await startForwardProxy();
const driver = await startWebKitDriver();

const rows = [];
const controls = [];
let version = '';
try {
  for (const itp of [false, true]) {
    const session = await driver.newSession({ proxy: proxy.url, itp });
    version = session.version;
    try {
      await session.goto(`http://www.shop.test:${port}/land?via=direct`);
      await session.goto(`http://offers.ads.test:${port}/ad`);
      await session.click('#offer');
      await waitFor(async () => (await session.url()).includes('via=link'));
      await session.goto(`http://www.shop.test:${port}/`);
      const now = Date.now() / 1000;
      for (const cookie of await session.cookies()) {
        const [setBy, via] = cookie.name.split('_');
        const days = cookie.expiry === undefined ? 'session' : ((cookie.expiry - now) / DAY).toFixed(2);
        rows.push({ itp: itp ? 'on' : 'off', via, setBy, days });
      }
    } finally {
      await session.close();
    }
    // Control: is tracking prevention active at all? With every cookie accepted, ITP alone should keep a third-party
    // frame from storing its cookie (WebKit blocks all third-party cookies under ITP since Safari 13.1,
    // https://webkit.org/blog/10218/full-third-party-cookie-blocking-and-more/).
    const control = await driver.newSession({ proxy: proxy.url, itp, args: ['--cookies-policy=always'] });
    try {
      await control.goto(`http://www.shop.test:${port}/embeds-tracker`);
      await control.goto(`http://tracker.ads.test:${port}/`);
      const stored = (await control.cookies()).some((cookie) => cookie.name === 'third_party');
      controls.push(`--enable-itp ${itp ? 'on' : 'off'}: third-party frame cookie ${stored ? 'stored' : 'blocked'}`);
    } finally {
      await control.close();
    }
  }
} finally {
  await driver.close();
  await proxy.close();
  server.close();
}

rows.sort((a, b) => `${a.itp}${a.via}${a.setBy}`.localeCompare(`${b.itp}${b.via}${b.setBy}`));
console.log(
  `WebKitGTK ${version} MiniBrowser, ${new Date().toISOString().slice(0, 10)}; requested ${REQUESTED_DAYS} days\n`,
);
console.log('| --enable-itp | landing | set by | lifetime (days) |');
console.log('| --- | --- | --- | --- |');
for (const row of rows) {
  const via = row.via === 'link' ? 'decorated link from another site' : 'direct';
  const setBy = row.setBy === 'script' ? 'script (document.cookie)' : 'server (Set-Cookie)';
  console.log(`| ${row.itp} | ${via} | ${setBy} | ${row.days} |`);
}
console.log(`\nControl, with --cookies-policy=always:\n${controls.map((line) => `- ${line}`).join('\n')}`);

async function waitFor(condition) {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the decorated link did not navigate');
}
