// The one observable value behind the app's stores: what subscribers are told, and when.
import { describe, expect, it } from 'vitest';
import { createObservable } from './observable';

describe('an observable value', () => {
  it('starts with its initial value and holds each value set', () => {
    const count = createObservable(0);
    expect(count.get()).toBe(0);
    count.set(3);
    expect(count.get()).toBe(3);
  });

  it('tells every subscriber of each change, after the value has changed', () => {
    const state = createObservable({ kind: 'idle' });
    const seen: string[] = [];
    state.subscribe(() => seen.push(`a:${state.get().kind}`));
    state.subscribe(() => seen.push(`b:${state.get().kind}`));
    state.set({ kind: 'saving' });
    expect(seen).toEqual(['a:saving', 'b:saving']);
  });

  it('tells nobody when the same value is set again', () => {
    const snapshot = { reachability: 'online' };
    const state = createObservable(snapshot);
    let calls = 0;
    state.subscribe(() => (calls += 1));
    state.set(snapshot);
    expect(calls).toBe(0);
    // An equal but new object is a change: snapshots are replaced, never mutated.
    state.set({ reachability: 'online' });
    expect(calls).toBe(1);
  });

  it('stops telling a listener once it unsubscribes, and keeps telling the others', () => {
    const count = createObservable(0);
    let first = 0;
    let second = 0;
    const stop = count.subscribe(() => (first += 1));
    count.subscribe(() => (second += 1));
    count.set(1);
    stop();
    count.set(2);
    expect([first, second]).toEqual([1, 2]);
  });

  it('works with its functions taken apart, as useSyncExternalStore takes them', () => {
    const { get, set, subscribe } = createObservable('none');
    let calls = 0;
    subscribe(() => (calls += 1));
    set('ready');
    expect([get(), calls]).toEqual(['ready', 1]);
  });
});
