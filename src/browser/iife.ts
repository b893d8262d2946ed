// The script-tag and GTM Custom HTML entry point.
import { install } from './install';

try {
  install(window);
} catch (error) {
  // Never break the host page, even if the browser is hostile in a way we did not foresee.
  try {
    console.warn('[rokt-sgtm-bridge] not started:', error);
  } catch {}
}
