/**
 * A throw-away self-signed certificate for the preview's https variant, made at start with the `openssl` command
 * (node:crypto cannot sign certificates). Browsers must be told to ignore its errors (Playwright's
 * `ignoreHTTPSErrors`, or clicking through the warning).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A PEM key and certificate pair for node:https. */
export interface Certificate {
  key: string;
  cert: string;
}

/**
 * Makes a one-day certificate for `hostnames` (wildcards allowed) and 127.0.0.1.
 * @returns undefined when `openssl` is not installed, so the caller can run without https and say why.
 */
export function selfSignedCertificate(hostnames: string[]): Certificate | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'rokt-preview-cert-'));
  try {
    const names = [...hostnames.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=rokt-sgtm-bridge preview',
        '-addext',
        `subjectAltName=${names}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
