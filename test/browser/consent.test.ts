// The consent state machine as one table: every row of the table in src/browser/consent.ts's TSDoc, checked here.
import { describe, expect, it } from 'vitest';
import {
  type ConsentEffect,
  type ConsentEvent,
  type ConsentState,
  initialConsent,
  nextConsent,
} from '../../src/browser/consent';

const state = (allowed: boolean, defaultDenied = false, forgotten = false): ConsentState => ({
  allowed,
  defaultDenied,
  forgotten,
});
const ALLOWED = state(true);
const DENIED = state(false);

// from, event, to, effect — in the order of the TSDoc table.
const TABLE: [ConsentState, ConsentEvent, ConsentState, ConsentEffect][] = [
  [ALLOWED, 'granted', ALLOWED, 'none'],
  [ALLOWED, 'default granted', ALLOWED, 'none'],
  [state(true, true), 'default granted', state(true, true), 'none'],
  [ALLOWED, 'denied', DENIED, 'revoke'],
  [ALLOWED, 'default denied', state(false, true), 'take back'],
  [ALLOWED, 'clear', ALLOWED, 'revoke'],
  [DENIED, 'granted', ALLOWED, 'restore and store'],
  [state(false, true), 'granted', state(true, true), 'restore and store'],
  [state(false, false, true), 'granted', ALLOWED, 'store'],
  [DENIED, 'default granted', ALLOWED, 'restore and store'],
  [state(false, true), 'default granted', state(false, true), 'none'],
  [DENIED, 'denied', DENIED, 'none'],
  [DENIED, 'default denied', state(false, true), 'none'],
  [state(false, false, true), 'denied', state(false, false, true), 'none'],
  [DENIED, 'clear', state(false, false, true), 'forget'],
  [state(false, true), 'clear', state(false, true, true), 'forget'],
];

describe('consent state machine', () => {
  it.each(
    TABLE.map(([from, event, to, effect]) => [JSON.stringify(from), event, JSON.stringify(to), effect, from] as const),
  )('%s + %s → %s, effect %s', (_from, event, to, effect, from) => {
    expect(nextConsent(from, event)).toEqual([JSON.parse(to), effect]);
  });

  it('covers every state and event: no combination is left to chance', () => {
    const events: ConsentEvent[] = ['granted', 'denied', 'default granted', 'default denied', 'clear'];
    for (const allowed of [true, false])
      for (const defaultDenied of [true, false])
        for (const forgotten of allowed ? [false] : [true, false])
          for (const event of events) {
            const [next, effect] = nextConsent(state(allowed, defaultDenied, forgotten), event);
            // Storage is allowed afterwards exactly when the visitor granted, or a default granted with no denied one.
            const grants = event === 'granted' || (event === 'default granted' && (allowed || !defaultDenied));
            expect(next.allowed, `${allowed} ${defaultDenied} ${forgotten} ${event}`).toBe(
              event === 'clear' ? allowed : grants,
            );
            // A denied default is never forgotten, and nothing but a grant ever stores.
            expect(next.defaultDenied).toBe(defaultDenied || event === 'default denied');
            if (!next.allowed) expect(['none', 'revoke', 'take back', 'forget']).toContain(effect);
          }
  });

  it("starts from the site's option: auto and granted allow, denied waits", () => {
    expect(initialConsent('auto')).toEqual(ALLOWED);
    expect(initialConsent('granted')).toEqual(ALLOWED);
    expect(initialConsent('denied')).toEqual(DENIED);
  });
});
