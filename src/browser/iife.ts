// The script-tag and GTM Custom HTML entry point.
import { install } from './install.js';
import { warn } from './log.js';

try {
  install(window);
} catch (error) {
  // Never break the host page, even in a browser hostile in a way we did not foresee.
  warn('not started: ' + error);
}
