import type { EventData } from 'gtm-template-runner/ga4-hit';
import type { ServingSetUp } from './durability.js';
import type { PageState } from './page-probes.js';

/** How a navigation ended: an HTTP status, or the browser's error (DNS, refused connection, timeout). */
export type Navigation = { status: number } | { error: string };

/** A cookie as the browser stores it. */
export interface SeenCookie {
  value: string;
  /** `.shop.test` for a domain cookie; `www.shop.test` (no dot) for a host-only one. */
  domain: string;
  sameSite: string;
  secure: boolean;
  /** Seconds since the epoch; -1 for a session cookie. */
  expires: number;
}

/** One GA4 `/g/collect` request seen on the network. */
export interface Ga4Hit {
  url: string;
  /** Its events as the server container's GA4 client reads them. */
  events: EventData[];
  /** The HTTP status, once answered. */
  status?: number;
  /** The browser's error when the request failed. */
  failure?: string;
  /** Sent after the conversion was made. */
  afterConversion: boolean;
  /** The page that sent it (its frame's URL), when known. */
  pageUrl?: string;
  /** Its answer set the `RoktTransactionId` cookie: the server container runs the ID Keeper. */
  setsIdCookie?: boolean;
}

/** Everything the check saw; the checklist is derived from it (verdicts.ts), so it can be tested without a browser. */
export interface Observation {
  /** The landing URL with the test ID. */
  url: string;
  testId: string;
  /** Lowercase hex SHA-256 of the normalised `--email`, when given. */
  emailSha256?: string;
  landing: Navigation;
  /** `--accept-consent`: whether the click happened, or why not. */
  consentClick?: { clicked: true } | { clicked: false; error: string };
  /** What `roktBridge.setEmail` answered (`--email`). */
  emailAccepted?: unknown;
  /** The landing page after consent and email; absent when it did not load. */
  page?: PageState;
  /** How many scripts holding the bundle's code ran on the landing page. */
  bundleCopies: number;
  landingHost: string;
  /** The widest cookie domain of the landing host (null: host-only is all there is). */
  registrableDomain?: string | null;
  /** Every `RoktTransactionId` cookie the browser holds. */
  cookies: SeenCookie[];
  conversion?: {
    how: 'url' | 'push';
    /** The conversion page URL, or the event pushed. */
    target: string;
    event: string;
    /** `transaction_id` of a pushed conversion. */
    transactionId?: string;
    /** The conversion page's load (`--conversion-url`). */
    navigation?: Navigation;
    /** `roktBridge.get().rtid` on the conversion page (`--conversion-url`). */
    carriedId?: string;
    carriedHost?: string;
    /** The conversion page's registrable domain, as the browser found it (`--conversion-url`). */
    registrableDomain?: string | null;
  };
  /** The page and server container hosts of the GA4 hit, resolved in DNS, for Safari's cookie rules (durability.ts). */
  serving?: ServingSetUp;
  hits: Ga4Hit[];
  /** The run ran out of `--timeout` while doing `during` (e.g. "reading the landing page"); what came before stands. */
  stopped?: { during: string; afterSeconds: number };
  /** Probes that failed in a page (it threw, or navigated away), each as "<what>: <error's first line>". */
  pageErrors?: string[];
  /** The bundle's own console warnings (`[rokt-sgtm-bridge] …`). */
  warnings: string[];
}
