// A value that changes and tells whoever follows it: what the app's stores
// (the session, connection status, updates, draft saving, sending progress)
// hand to React's useSyncExternalStore as get and subscribe.

export interface Observable<T> {
  get(): T;
  /** Replaces the value and tells every subscriber; the same value again tells nobody. */
  set(value: T): void;
  /** Calls the listener after each change; returns what stops it. */
  subscribe(listener: () => void): () => void;
}

export function createObservable<T>(initial: T): Observable<T> {
  let value = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (next) => {
      if (Object.is(next, value)) return;
      value = next;
      for (const listener of listeners) listener();
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
