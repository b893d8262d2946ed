/**
 * Turns the cookies a server template set with `setCookie` into the `Set-Cookie` headers of the server container's
 * answer. In sGTM, `setCookie` adds a `Set-Cookie` header to the response of the request being handled; for a GA4
 * hit that is the GA4 client's answer to /g/collect, returned once the tags ran (setCookie in
 * https://developers.google.com/tag-platform/tag-manager/server-side/api; the Cookie Monster tag sets cookies in that
 * response: https://simoahava.com/gtm-tips/manipulate-response-headers-server-side-google-tag-manager).
 */

/** One `setCookie` call as the sandbox runner records it (the value already URI-encoded unless `noEncode`). */
export interface CookieSet {
  name: string;
  value: string;
  options: Record<string, unknown>;
}

/** The request a cookie answers: its host name and whether it came over https. */
export interface AnsweredRequest {
  hostname: string;
  secure: boolean;
}

/**
 * The `Set-Cookie` header for `cookie`. Option names are read as sGTM spells them (`domain`, `path`, `max-age`,
 * `samesite`, `secure`, `HttpOnly`); `domain: 'auto'` is the highest domain the browser accepts for the request host,
 * which for the preview's hosts is the last two labels (`www.shop.test` → `shop.test`), and none for an IP address.
 * `Secure` is left out when the preview is reached over plain http, where a browser would drop the whole cookie (a
 * real server container is always https).
 */
export function setCookieHeader(cookie: CookieSet, request: AnsweredRequest): string {
  const options = cookie.options;
  const parts = [`${cookie.name}=${cookie.value}`];
  const domain = options.domain === 'auto' ? autoDomain(request.hostname) : options.domain;
  if (typeof domain === 'string' && domain !== '' && domain !== 'none') parts.push(`Domain=${domain}`);
  if (typeof options.path === 'string') parts.push(`Path=${options.path}`);
  const maxAge = options['max-age'];
  if (typeof maxAge === 'number' || typeof maxAge === 'string') parts.push(`Max-Age=${maxAge}`);
  if (typeof options.expires === 'string') parts.push(`Expires=${options.expires}`);
  if (typeof options.samesite === 'string') parts.push(`SameSite=${options.samesite}`);
  if (options.secure === true && request.secure) parts.push('Secure');
  if (options.HttpOnly === true) parts.push('HttpOnly');
  return parts.join('; ');
}

function autoDomain(hostname: string): string | undefined {
  if (/^[\d.]+$/.test(hostname) || hostname.startsWith('[') || !hostname.includes('.')) return undefined;
  return hostname.split('.').slice(-2).join('.');
}
