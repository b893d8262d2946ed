/**
 * What the check prints never shows a secret it was given: the user name and password of a URL
 * (`https://user:pass@staging.example.com/`, common for a password-protected staging site) and the `--email` address.
 * Applied to every line written, so a secret echoed back by the browser, an error or the page is covered too.
 */

/** The user-info part of any URL in a text: `scheme://` up to the `@` before the host. */
const USER_INFO = /\b([a-z][a-z\d+.-]*:\/\/)[^\s/?#"'<>`]*@/gi;

/** Only secrets this long are replaced wherever they appear: a shorter one would also match ordinary words. */
const MIN_SECRET = 4;

/** The secrets in the given URLs (user name, password, as typed and decoded) and the email, to {@link redact}. */
export function secretsOf(urls: (string | undefined)[], email?: string): string[] {
  const secrets = new Set<string>();
  const add = (value: string) => {
    if (value.length >= MIN_SECRET) secrets.add(value);
  };
  for (const value of urls) {
    if (value === undefined) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      continue;
    }
    for (const part of [url.username, url.password]) {
      add(part);
      try {
        add(decodeURIComponent(part));
      } catch {}
    }
  }
  if (email !== undefined) {
    add(email);
    add(email.trim().toLowerCase());
  }
  return [...secrets].sort((a, b) => b.length - a.length);
}

/** `text` with the user info of every URL replaced by `***@` and every secret by `***`. */
export function redact(text: string, secrets: string[] = []): string {
  let out = text.replace(USER_INFO, '$1***@');
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
