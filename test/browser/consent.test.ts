// The consent state machine as one table: every row of the table in src/browser/consent.ts's TSDoc, checked here.
import { describe, expect, it } from 'vitest';
import {
  CONSENT_EFFECTS,
  type ConsentEffect,
  type ConsentEvent,
  type ConsentState,
  type ConsentSteps,
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

describe('consent effects', () => {
  /** Steps that record their names, in the order the effect takes them. */
  function recorded(effect: ConsentEffect): string[] {
    const taken: string[] = [];
    const step = (name: string) => () => {
      taken.push(name);
    };
    const steps: ConsentSteps = {
      restore: step('restore'),
      store: step('store'),
      unstore: step('unstore'),
      markCleared: step('markCleared'),
      forget: step('forget'),
      announce: step('announce'),
      announceNone: step('announceNone'),
    };
    CONSENT_EFFECTS[effect](steps);
    return taken;
  }

  // The table of src/browser/consent.ts, row by row.
  it.each([
    ['none', []],
    ['revoke', ['unstore', 'markCleared', 'forget', 'announceNone']],
    ['take back', ['unstore']],
    ['restore and store', ['restore', 'store', 'announce']],
    ['store', ['store', 'announce']],
    ['forget', ['forget', 'announceNone']],
  ] as [ConsentEffect, string[]][])('%s: %j', (effect, steps) => {
    expect(recorded(effect)).toEqual(steps);
  });

  it('every effect the transitions name has a row, and memory is emptied only with the dataLayer told', () => {
    for (const effect of Object.keys(CONSENT_EFFECTS) as ConsentEffect[]) {
      const taken = recorded(effect);
      expect(taken.includes('forget')).toBe(taken.includes('announceNone'));
    }
    expect(Object.keys(CONSENT_EFFECTS).sort()).toEqual(
      ['forget', 'none', 'restore and store', 'revoke', 'store', 'take back'].sort(),
    );
  });
});
