import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where Chrome, Chromium and Edge (also Chromium) install themselves, by platform, most common first. */
function usualPaths(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean) as string[];
    return roots.flatMap((root) => [
      join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
      join(root, 'Chromium', 'Application', 'chrome.exe'),
      join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    ]);
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
  ];
}

/** No browser to drive: the message lists where we looked and how to get one. */
export class BrowserNotFound extends Error {}

/**
 * The browser executable to launch: `--browser` when given (it must exist), else `CHROME_PATH`, else the first of the
 * usual install locations that exists.
 */
export function findBrowser(
  given: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  exists: (path: string) => boolean = existsSync,
): string {
  if (given !== undefined) {
    if (exists(given)) return given;
    throw new BrowserNotFound(`--browser ${given}: no such file. Give the path of a Chrome or Chromium executable.`);
  }
  const candidates = [env.CHROME_PATH, ...usualPaths(platform, env)].filter(Boolean) as string[];
  const found = candidates.find(exists);
  if (found) return found;
  throw new BrowserNotFound(
    [
      'No Chrome or Chromium found. Looked in:',
      ...candidates.map((path) => `  ${path}`),
      'Install one (Debian/Ubuntu: sudo apt-get install chromium; macOS/Windows: https://www.google.com/chrome/),',
      'or pass its path with --browser <path> (or the CHROME_PATH environment variable).',
    ].join('\n'),
  );
}
