import { randomBytes } from 'node:crypto';

/** The URL parameter the test Rokt ID travels in: the bundle's first default `idParams` name. */
const ID_PARAM = 'rtid';

/**
 * A fresh Rokt ID that says what it is (`rokt-check-` and 16 hex digits), so a test conversion is easy to tell
 * apart in Rokt's reports and the server container's logs. Within the bundle's rule: `[A-Za-z0-9._~-]`, 1–100.
 */
export function newTestId(): string {
  return `rokt-check-${randomBytes(8).toString('hex')}`;
}

/**
 * The landing URL with `rtid=<id>` appended. The existing parameters are kept byte for byte (a re-encoding could
 * change what the site sees); an `rtid` already there is dropped, because the bundle takes the first one.
 */
export function withTestId(landingUrl: string, id: string): string {
  const url = new URL(landingUrl);
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0] !== ID_PARAM);
  url.search = [...kept, `${ID_PARAM}=${id}`].join('&');
  return url.href;
}
