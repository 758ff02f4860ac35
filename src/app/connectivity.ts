// Whether the receiver can be reached now, from evidence rather than the
// browser's word: the sync engine's successes and failures and, when there is
// no fresh success, a light GET of the endpoint (the check behind Settings'
// "Test connection"). navigator.onLine is used only when it says "offline",
// the one thing it knows for sure. Plain TypeScript; the shell shows the state.
import { createObservable } from '../lib/observable';

export type Reachability = 'checking' | 'online' | 'offline' | 'refused' | 'notConfigured' | 'endpointUnusable';

/**
 * What a probe found: as src/sync/transport.ts testConnection answers,
 * or no endpoint at all, or one that cannot be used (see endpointProblem).
 */
export type ProbeResult = 'ok' | 'tokenRejected' | 'noAnswer' | 'unexpected' | 'notConfigured' | 'endpointUnusable';

export interface ConnectivityState {
  readonly reachability: Reachability;
  /** When the evidence behind it was gathered, in ms since the epoch. */
  readonly at?: number;
}

export interface ConnectivityTimers {
  now: () => number;
  setTimeout: (run: () => void, ms: number) => unknown;
  clearTimeout: (timer: unknown) => void;
}

export interface ConnectivityMonitor {
  getState(): ConnectivityState;
  subscribe(listener: () => void): () => void;
  /** Starts checking with this probe; until then the state is "checking". */
  start(probe: () => Promise<ProbeResult>, browserOnline?: boolean): void;
  stop(): void;
  /** The receiver acknowledged a report at `at`. */
  reached(at: number): void;
  /** An attempt to send failed at `at`: for the network, or the receiver said no. A probe tells which. */
  failed(at: number): void;
  /** The browser lost the network: nothing can reach the receiver. */
  browserOffline(): void;
  /** The browser has a network again, or the settings changed: look now. */
  check(): Promise<void>;
}

/** Look again this often while the receiver does not answer (or refuses, or none is set)... */
export const OFFLINE_RECHECK_MS = 30_000;
/** ...and this often while it answers, unless a report got through meanwhile. */
export const ONLINE_RECHECK_MS = 120_000;

const browserTimers: ConnectivityTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

const REACHABILITY: Record<ProbeResult, Reachability> = {
  ok: 'online',
  noAnswer: 'offline',
  // The receiver answered, but will not take reports as things are set up.
  tokenRejected: 'refused',
  unexpected: 'refused',
  notConfigured: 'notConfigured',
  endpointUnusable: 'endpointUnusable',
};

export function createConnectivityMonitor(timers: ConnectivityTimers = browserTimers): ConnectivityMonitor {
  const state = createObservable<ConnectivityState>(Object.freeze({ reachability: 'checking' }));
  let probe: (() => Promise<ProbeResult>) | undefined;
  let probing: Promise<void> | undefined;
  let timer: unknown;
  let evidenceAt = 0;

  function set(reachability: Reachability, at: number): void {
    evidenceAt = at;
    const current = state.get();
    if (current.reachability !== reachability || current.at !== at) state.set(Object.freeze({ reachability, at }));
    schedule();
  }

  function schedule(): void {
    timers.clearTimeout(timer);
    timer = undefined;
    if (!probe) return;
    const delay = state.get().reachability === 'online' ? ONLINE_RECHECK_MS : OFFLINE_RECHECK_MS;
    timer = timers.setTimeout(() => {
      timer = undefined;
      void check();
    }, delay);
  }

  function check(): Promise<void> {
    if (!probe) return Promise.resolve();
    if (probing) return probing;
    const run = probe;
    const startedAt = timers.now();
    probing = run()
      .catch((): ProbeResult => 'noAnswer')
      .then((result) => {
        probing = undefined;
        // Newer evidence came in while the probe was out: it wins.
        if (evidenceAt > startedAt || probe !== run) return;
        set(REACHABILITY[result], timers.now());
      });
    return probing;
  }

  return {
    getState: state.get,
    subscribe: state.subscribe,
    start(nextProbe, browserOnline = true) {
      probe = nextProbe;
      if (!browserOnline) set('offline', timers.now());
      void check();
    },
    stop() {
      probe = undefined;
      timers.clearTimeout(timer);
      timer = undefined;
    },
    reached(at) {
      if (at >= evidenceAt) set('online', at);
    },
    failed(at) {
      if (at >= evidenceAt) void check();
    },
    browserOffline() {
      set('offline', timers.now());
    },
    check,
  };
}

/** The app's one monitor, started by startSync.ts. */
export const connectivity = createConnectivityMonitor();
