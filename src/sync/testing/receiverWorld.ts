// One sync engine on a fresh database, under a fake clock, sending through a
// scripted fetch to the receiver's own intake: the world most sync tests start from.
import type { SenderLock } from '../senderLock';
import type { SyncConfig } from '../transport';
import { TEST_SIGNING_KEYS } from '../../contract/testing/agencySigningTestKey';
import { createSyncEngine, type SyncEngineOptions } from '../syncEngine';
import { createFakeClock } from './fakeClock';
import { freshDatabase } from '../../storage/testing/fixtures';
import { scriptedFetch, type Responder, type ScriptedFetchOptions } from './scriptedFetch';
import { createTestReceiver, type TestReceiver } from './testReceiver';

export const TEST_CONFIG: SyncConfig = { endpoint: 'https://receiver.test/api/reports', token: 'token-1' };

/** Always granted: for tests about one engine (the lease lock has tests of its own). */
export const noLock: SenderLock = { runExclusive: async (task) => ({ acquired: true, value: await task({ held: true }) }) };

export interface WorldOptions extends Partial<SyncEngineOptions> {
  /** What the receiver's GET answer says of batches (see scriptedFetch). */
  batches?: ScriptedFetchOptions['batches'];
}

/** `script` decides each request's answer, usually by handing it to the receiver. */
export function receiverWorld(databaseName: string, script: (receiver: TestReceiver) => Responder, { batches, ...engineOptions }: WorldOptions = {}) {
  const { db, name } = freshDatabase(databaseName);
  const clock = createFakeClock();
  const receiver = createTestReceiver({ token: TEST_CONFIG.token, now: clock.now });
  const server = scriptedFetch(script(receiver), { batches, statuses: (request) => receiver.statuses(request) });
  const engine = createSyncEngine({
    db,
    getConfig: async () => TEST_CONFIG,
    // The tablet of the tests pins the test signing key, which the receiver's intake signs with.
    getSigningKeys: async () => TEST_SIGNING_KEYS,
    fetch: server.fetch,
    clock,
    random: () => 0.5,
    lock: noLock,
    ...engineOptions,
  });
  return { db, name, clock, receiver, server, engine };
}
