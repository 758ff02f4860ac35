// A browser tab running the sync engine, for tests that kill it: its own
// database connection, timers and network, which all stop dead on kill().
import { createLeaseLock } from '../leaseLock';
import { openDatabase, type ShouhuDatabase } from '../../storage/db';
import type { FetchLike, SyncConfig } from '../transport';
import { TEST_SIGNING_KEYS } from '../../contract/testing/agencySigningTestKey';
import { createSyncEngine, type SyncEngine } from '../syncEngine';
import type { FakeClock } from './fakeClock';

export interface SimulatedPage {
  db: ShouhuDatabase;
  engine: SyncEngine;
  /** The tab crashes: no timer fires, no answer arrives, the connection closes. */
  kill(): void;
}

export interface PageOptions {
  databaseName: string;
  clock: FakeClock;
  fetch: FetchLike;
  getConfig: () => Promise<SyncConfig | null>;
  random?: () => number;
  owner: string;
  requestTimeoutMs?: number;
  concurrency?: number;
  /** Called for each report in a request of this page when the request ends (answered, failed, or cut off by kill()). */
  onRequestEnd?: (id: string) => void;
}

export function openPage(options: PageOptions): SimulatedPage {
  const db = openDatabase(options.databaseName);
  const clock = options.clock.view();
  let dead = false;
  const inFlight = new Set<string>();
  const fetch: FetchLike = (url, init) => {
    if (dead) return new Promise(() => undefined);
    const body = init.body === undefined ? undefined : (JSON.parse(String(init.body)) as { id?: string; reports?: { id: string }[] });
    const ids = body?.reports?.map((report) => report.id) ?? (body?.id === undefined ? [] : [body.id]);
    for (const id of ids) inFlight.add(id);
    const end = () => {
      for (const id of ids) if (inFlight.delete(id)) options.onRequestEnd?.(id);
    };
    return new Promise((resolve, reject) => {
      options.fetch(url, init).then(
        (response) => {
          if (dead) return;
          end();
          resolve(response);
        },
        (error: unknown) => {
          if (dead) return;
          end();
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  };
  const engine = createSyncEngine({
    db,
    getConfig: options.getConfig,
    // The tablet of the tests pins the test signing key, which the receiver of the tests signs with.
    getSigningKeys: async () => TEST_SIGNING_KEYS,
    fetch,
    clock,
    random: options.random ?? Math.random,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    concurrency: options.concurrency ?? 4,
    lock: createLeaseLock({ db, clock, owner: options.owner }),
  });
  return {
    db,
    engine,
    kill() {
      dead = true;
      engine.stop();
      clock.kill();
      for (const id of inFlight) options.onRequestEnd?.(id);
      inFlight.clear();
      db.close();
    },
  };
}
