import type { HttpRequestRecord } from 'gtm-template-runner';
import type { RoktStandIn } from '../../src/preview/rokt-standin';

/** The server container's network answered by `rokt` in-process: what the tag sent is in `rokt.received`. */
export function inProcess(rokt: RoktStandIn) {
  return async (req: HttpRequestRecord) => {
    const url = new URL(req.url);
    const answer = rokt.answer({
      method: req.method,
      url: `${url.pathname}${url.search}`,
      host: url.host,
      headers: req.headers,
      body: req.body ?? '',
    });
    return { statusCode: answer.status, body: answer.body };
  };
}
