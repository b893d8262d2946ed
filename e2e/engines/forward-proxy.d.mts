/** Types of e2e/engines/forward-proxy.mjs (plain ESM, shared with the WebKit cookie measurement). */

/** One plain-http request that went through the proxy. */
export interface ProxiedRequest {
  method: string;
  url: string;
  body: string;
}

/** A running forward proxy. */
export interface ForwardProxy {
  host: string;
  port: number;
  /** `http://127.0.0.1:<port>`, as MiniBrowser's `--proxy` takes it. */
  url: string;
  /** Every plain-http request forwarded so far (https tunnels are opaque). */
  requests: ProxiedRequest[];
  close(): Promise<void>;
}

export declare const PROXIED_HOSTS: RegExp;
export declare function startForwardProxy(): Promise<ForwardProxy>;
