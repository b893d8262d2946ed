/**
 * GTM's sandboxed `Promise` (`require('Promise')`: `create`, `all`; instances: `then`, `catch`, `finally`),
 * implemented on the host instead of with native promises so that a rejection nobody handles is reported in the
 * run's log rather than as a process-wide unhandled rejection.
 */

/** A sandboxed promise instance. */
export interface SandboxPromise {
  then(onFulfilled?: unknown, onRejected?: unknown): SandboxPromise;
  catch(onRejected?: unknown): SandboxPromise;
  finally(onFinally?: unknown): SandboxPromise;
}

type Settle = (value: unknown) => void;

const isThenable = (v: unknown): v is { then: (a: Settle, b: Settle) => unknown } =>
  (typeof v === 'object' || typeof v === 'function') &&
  v !== null &&
  typeof (v as { then?: unknown }).then === 'function';

/** Creates and tracks the sandboxed promises of one run. */
export class PromiseFactory {
  /** Rejections that no handler has taken (yet); the runner logs the ones left at the end. */
  readonly unhandled = new Set<{ reason: unknown }>();

  /** @param makeArray builds arrays in the sandbox realm (for `Promise.all` results). */
  constructor(private readonly makeArray: (items: readonly unknown[]) => unknown[] = (i) => [...i]) {}

  /** Marks a value as one of ours, so that `isPromise` can recognise it. */
  private readonly made = new WeakSet<object>();

  /** `Promise.create(resolver)`: the resolver gets `(resolve, reject)`; a throw rejects. */
  create(executor: unknown): SandboxPromise {
    if (typeof executor !== 'function') throw new TypeError('Promise.create needs a function');
    const { promise, resolve, reject } = this.deferred();
    try {
      Reflect.apply(executor, undefined, [resolve, reject]);
    } catch (e) {
      reject(e);
    }
    return promise;
  }

  /** `Promise.all(list)`: fulfils with the values in order; rejects with the first rejection. */
  all(items: unknown): SandboxPromise {
    const { promise, resolve, reject } = this.deferred();
    const list = Array.isArray(items) ? Array.from(items as unknown[]) : [];
    const results: unknown[] = new Array(list.length);
    let left = list.length;
    if (left === 0) resolve(this.makeArray(results));
    list.forEach((item, i) => {
      this.from(item).then((v: unknown) => {
        results[i] = v;
        if (--left === 0) resolve(this.makeArray(results));
      }, reject);
    });
    return promise;
  }

  /** Wraps a value or thenable (also a host promise) into a sandboxed promise. */
  from(value: unknown): SandboxPromise {
    if (this.isPromise(value)) return value;
    const { promise, resolve } = this.deferred();
    resolve(value);
    return promise;
  }

  /** True for promises made by this factory. */
  isPromise(value: unknown): value is SandboxPromise {
    return typeof value === 'object' && value !== null && this.made.has(value);
  }

  /** A new pending promise with its settle functions. */
  deferred(): { promise: SandboxPromise; resolve: Settle; reject: Settle } {
    let state: 'pending' | 'fulfilled' | 'rejected' = 'pending';
    let result: unknown;
    let reactions: Array<() => void> = [];
    let handled = false;
    const record = { reason: undefined as unknown };
    const settle = (s: 'fulfilled' | 'rejected', v: unknown): void => {
      if (state !== 'pending') return;
      state = s;
      result = v;
      if (s === 'rejected' && !handled) {
        record.reason = v;
        this.unhandled.add(record);
      }
      const run = reactions;
      reactions = [];
      for (const reaction of run) queueMicrotask(reaction);
    };
    let locked = false;
    const resolve: Settle = (v) => {
      if (locked) return;
      locked = true;
      if (v === promise) return settle('rejected', new TypeError('a promise cannot resolve to itself'));
      if (isThenable(v)) {
        queueMicrotask(() => {
          try {
            v.then(settleResolved, (e) => settle('rejected', e));
          } catch (e) {
            settle('rejected', e);
          }
        });
        return;
      }
      settle('fulfilled', v);
    };
    // A thenable's value may itself be a thenable: resolve again without the lock.
    const settleResolved = (x: unknown): void => {
      if (isThenable(x)) {
        queueMicrotask(() => x.then(settleResolved, (e) => settle('rejected', e)));
      } else {
        settle('fulfilled', x);
      }
    };
    const reject: Settle = (e) => {
      if (locked) return;
      locked = true;
      settle('rejected', e);
    };
    const then = (onFulfilled?: unknown, onRejected?: unknown): SandboxPromise => {
      handled = true;
      this.unhandled.delete(record);
      const next = this.deferred();
      const react = (): void => {
        const handler = state === 'fulfilled' ? onFulfilled : onRejected;
        if (typeof handler !== 'function') {
          (state === 'fulfilled' ? next.resolve : next.reject)(result);
          return;
        }
        try {
          next.resolve(Reflect.apply(handler, undefined, [result]));
        } catch (e) {
          next.reject(e);
        }
      };
      if (state === 'pending') reactions.push(react);
      else queueMicrotask(react);
      return next.promise;
    };
    const promise: SandboxPromise = {
      then,
      catch: (onRejected?: unknown) => then(undefined, onRejected),
      finally: (onFinally?: unknown) => {
        const call = (): void => {
          if (typeof onFinally === 'function') Reflect.apply(onFinally, undefined, []);
        };
        return then(
          (v: unknown) => {
            call();
            return v;
          },
          (e: unknown) => {
            call();
            throw e;
          },
        );
      },
    };
    this.made.add(promise);
    return { promise, resolve, reject };
  }
}
