/**
 * Consent to store identifiers (Google Consent Mode's `ad_storage`), as a state machine with no side effects: the
 * bridge runs the effect each transition names. Storage is either allowed or not; two flags remember what must
 * outlive a change: a denied Consent Mode default (it may be scoped to regions the bundle cannot see, so only an
 * update — the visitor's choice — lifts it), and a `clear()` made while storage was not allowed (a later grant must
 * delete, not restore, what was stored before).
 *
 * Events: `granted` / `denied` are the visitor's decision (`consent()`, or a Consent Mode `update`); `default granted`
 * / `default denied` a Consent Mode `default`; `clear` the `clear()` call.
 *
 * | from                         | event                              | to                          | effect            |
 * |------------------------------|------------------------------------|-----------------------------|-------------------|
 * | allowed                      | `granted`, `default granted`       | allowed                     | none              |
 * | allowed                      | `denied`                           | denied                      | `revoke`          |
 * | allowed                      | `default denied` (a late default)  | denied, default denied      | `take back`       |
 * | allowed                      | `clear`                            | allowed                     | `revoke`          |
 * | denied                       | `granted`                          | allowed                     | `restore and store` |
 * | denied, forgotten            | `granted`                          | allowed                     | `store`           |
 * | denied, no denied default    | `default granted`                  | allowed                     | as for `granted`  |
 * | denied, default denied       | `default granted`                  | denied                      | none              |
 * | denied                       | `denied`, `default denied`         | denied (+ default denied)   | none              |
 * | denied                       | `clear`                            | denied, forgotten           | `forget`          |
 *
 * What each effect does is the second table, {@link CONSENT_EFFECTS}, which the bridge runs.
 */
export interface ConsentState {
  allowed: boolean;
  defaultDenied: boolean;
  forgotten: boolean;
}

export type ConsentEvent = 'granted' | 'denied' | 'default granted' | 'default denied' | 'clear';
export type ConsentEffect = 'none' | 'revoke' | 'take back' | 'restore and store' | 'store' | 'forget';

/**
 * The steps an effect is made of. The identity keeper's: `restore` fills memory from storage, `store` mirrors memory
 * to storage (empty memory deletes), `unstore` deletes every stored copy, `markCleared` tells the other subdomains,
 * `forget` empties memory. The dataLayer's: `announce` pushes `rokt_identity` when the identifiers differ from the
 * last push, `announceNone` pushes `{rtid: null, emailsha256: null}` so that GTM's data model forgets them too.
 */
export interface ConsentSteps {
  restore(): void;
  store(): void;
  unstore(): void;
  markCleared(): void;
  forget(): void;
  announce(): void;
  announceNone(): void;
}

/**
 * What each effect of the transition table does, in order. `take back` leaves memory alone: the IDs still reach the
 * dataLayer while a late denied default holds. After a forgotten clear, memory is empty, so `store` deletes.
 */
export const CONSENT_EFFECTS: Record<ConsentEffect, (steps: ConsentSteps) => void> = {
  none() {},
  revoke(steps) {
    steps.unstore();
    steps.markCleared();
    steps.forget();
    steps.announceNone();
  },
  'take back'(steps) {
    steps.unstore();
  },
  'restore and store'(steps) {
    steps.restore();
    steps.store();
    steps.announce();
  },
  store(steps) {
    steps.store();
    steps.announce();
  },
  forget(steps) {
    steps.forget();
    steps.announceNone();
  },
};

/** Where a page starts: the site's `consent` option; `'auto'` allows until Consent Mode says otherwise. */
export function initialConsent(option: 'auto' | 'granted' | 'denied'): ConsentState {
  return { allowed: option !== 'denied', defaultDenied: false, forgotten: false };
}

/** One transition of the table above. */
export function nextConsent(state: ConsentState, event: ConsentEvent): [ConsentState, ConsentEffect] {
  const defaultDenied = state.defaultDenied || event === 'default denied';
  if (event === 'clear') {
    return state.allowed
      ? [state, 'revoke']
      : [{ allowed: false, defaultDenied: state.defaultDenied, forgotten: true }, 'forget'];
  }
  // A default never takes back what an update or consent() granted.
  const allowed = event === 'granted' || (event === 'default granted' && (state.allowed || !defaultDenied));
  const next = { allowed, defaultDenied, forgotten: !allowed && state.forgotten };
  if (allowed === state.allowed) return [next, 'none'];
  if (allowed) return [next, state.forgotten ? 'store' : 'restore and store'];
  return [next, event === 'default denied' ? 'take back' : 'revoke'];
}
