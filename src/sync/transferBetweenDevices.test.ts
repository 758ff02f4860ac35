// Moving unsent reports between two devices (two databases) through the export file.
import { describe, expect, it } from 'vitest';
import type { OutboxItem, ShouhuDatabase } from '../storage/db';
import { TEST_SIGNING_KEYS } from '../contract/testing/agencySigningTestKey';
import { TEST_AGENCY_KEYS } from '../contract/testing/agencyTestKey';
import { contentHash } from '../contract/contentHash';
import { createSyncEngine } from './syncEngine';
import { createFakeClock } from './testing/fakeClock';
import { freshDatabase, makeItem, validReport } from '../storage/testing/fixtures';
import { scriptedFetch } from './testing/scriptedFetch';
import { createTestReceiver } from './testing/testReceiver';
import {
  EXPORT_FORMAT,
  ImportFileError,
  importReports,
  parseExport,
  serializeExport,
  transferable,
  unsentReports,
  type PinnedKeys,
  type TransferredReport,
} from '../vault/transfer/transferFile';
import { noLock } from './testing/receiverWorld';
import { signedAcknowledgement, unpinnedSigner } from './testing/signedAnswers';

/** What travels unchanged: everything but the state of sending on the old device. */
const travelling = ({ id, reference, createdAt, submittedAt, sealedForAgency, contentHash: hash }: OutboxItem) => ({
  id,
  reference,
  createdAt,
  submittedAt,
  sealedForAgency,
  contentHash: hash,
});

/** The keys the importing device's deployment pins. */
const PINNED: PinnedKeys = { agencyKeyIds: new Set(TEST_AGENCY_KEYS.map((key) => key.kid)), signingKeys: TEST_SIGNING_KEYS };

const inFile = (items: OutboxItem[]): TransferredReport[] => items.flatMap((item) => transferable(item, undefined) ?? []);

/** The file an export writes before it is encrypted (as src/vault/transfer/moveUnsent.ts does, here without opening any report). */
const unsentFileText = async (db: ShouhuDatabase, exportedAt = new Date()) => serializeExport(inFile(await unsentReports(db)), exportedAt);

async function deviceWithEveryStatus() {
  const device = freshDatabase('export');
  const items = [
    await makeItem({ status: 'queued' }),
    await makeItem({ status: 'queued', attempts: 3, nextAttemptAt: Date.now() + 60_000, lastError: { kind: 'network', at: '2026-11-22T08:00:00.000Z' } }),
    await makeItem({ status: 'sending', attempts: 1, lastAttemptAt: '2026-11-22T08:00:00.000Z' }),
    await makeItem({
      status: 'rejected',
      attempts: 1,
      lastError: { kind: 'rejected', status: 422, fields: [{ path: 'incident.discoveredAt', message: 'error.future' }], at: '2026-11-22T08:00:00.000Z' },
    }),
    await makeItem({ status: 'paused', lastError: { kind: 'auth', status: 401, at: '2026-11-22T08:00:00.000Z' } }),
    await makeItem({ status: 'conflict', lastError: { kind: 'conflict', status: 409, at: '2026-11-22T08:00:00.000Z' } }),
    await makeItem({ status: 'acknowledged', receiptId: 'R-1', receivedAt: '2026-11-22T08:00:01.000Z', acknowledgedAt: '2026-11-22T08:00:01.000Z' }),
  ];
  await device.db.outbox.bulkAdd(items);
  return { ...device, items, unsent: items.filter((item) => item.status !== 'acknowledged') };
}

describe('export and import of unsent reports', () => {
  it('round-trips every report not yet acknowledged, with its id and every field, queued afresh', async () => {
    const from = await deviceWithEveryStatus();
    const to = freshDatabase('import');

    const text = await unsentFileText(from.db, new Date('2026-11-22T09:00:00.000Z'));
    const file = JSON.parse(text) as { format: string; version: number; exportedAt: string; reports: OutboxItem[] };
    expect(file).toMatchObject({ format: EXPORT_FORMAT, version: 2, exportedAt: '2026-11-22T09:00:00.000Z' });
    expect(file.reports.map((item) => item.id).sort()).toEqual(from.unsent.map((item) => item.id).sort());

    expect(await importReports(to.db, text, PINNED)).toEqual({ imported: from.unsent.length, skipped: 0, invalid: 0 });
    const arrived = await to.db.outbox.orderBy('submittedAt').toArray();
    expect(arrived.map(travelling)).toEqual(from.unsent.map(travelling));
    for (const item of arrived) {
      expect(item).toEqual({ ...travelling(item), status: 'queued', attempts: 0, nextAttemptAt: 0 });
    }
    // The old device keeps its reports as they were.
    expect(await from.db.outbox.count()).toBe(from.items.length);
  });

  it('skips, and counts, reports already on the device', async () => {
    const from = await deviceWithEveryStatus();
    const to = freshDatabase('import');
    const text = await unsentFileText(from.db);
    await importReports(to.db, text, PINNED);
    expect(await importReports(to.db, text, PINNED)).toEqual({ imported: 0, skipped: from.unsent.length, invalid: 0 });
    // Back onto the device it came from: nothing changes there.
    const before = await from.db.outbox.toArray();
    expect(await importReports(from.db, text, PINNED)).toEqual({ imported: 0, skipped: from.unsent.length, invalid: 0 });
    expect(await from.db.outbox.toArray()).toEqual(before);
  });

  it('refuses reports that the schema refuses, that changed since they were filed, or whose sealed form would be refused, and imports the rest', async () => {
    const sealedOnly = async () => transferable(await makeItem(), undefined) as TransferredReport;
    const inClear = async () => {
      const report = validReport();
      return { ...(transferable(await makeItem({ report }), undefined) as TransferredReport), report };
    };
    const good = await inClear();
    const goodSealed = await sealedOnly();
    const changed = { ...(await inClear()), report: validReport('A narrative changed after filing.') };
    const { child: _child, ...withoutChild } = validReport();
    const incomplete = { ...(await inClear()), report: withoutChild };
    const wrongReference = { ...(await sealedOnly()), reference: 'AAAAAAAAA' };
    const anotherSealed = { ...(await sealedOnly()), sealedReport: (await sealedOnly()).sealedReport };
    // Sealed to a key of another deployment: its header names another kid, and still repeats the fields.
    const base = await sealedOnly();
    const [header = '', ...rest] = (base.sealedReport ?? '').split('.');
    const otherKid = { ...(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as object), kid: 'another-deployment' };
    const otherKey = { ...base, sealedReport: [Buffer.from(JSON.stringify(otherKid)).toString('base64url'), ...rest].join('.') };
    const neither = { ...(await sealedOnly()), sealedReport: undefined };
    const text = JSON.stringify({
      format: EXPORT_FORMAT,
      version: 2,
      exportedAt: new Date().toISOString(),
      reports: [good, goodSealed, changed, incomplete, wrongReference, anotherSealed, otherKey, neither, { id: 'not-a-uuid' }, null],
    });
    const to = freshDatabase('import');
    expect(await importReports(to.db, text, PINNED)).toEqual({ imported: 2, skipped: 0, invalid: 8 });
    expect((await to.db.outbox.toArray()).map((item) => item.id).sort()).toEqual([good.id, goodSealed.id].sort());
    // In clear as well as sealed: the report comes along for the importing profile to seal for itself.
    expect((await to.db.outbox.get(good.id))?.report).toEqual(good.report);
  });

  it("carries a report's signed acknowledgement, and keeps it on import only when it proves receipt of that very report", async () => {
    const receipt = { receiptId: 'R-20261122-AAAAAAAAAA', receivedAt: '2026-11-22T08:00:01.000Z' };
    const proven = await makeItem();
    const ownProof = (await signedAcknowledgement(proven, receipt)).acknowledgement;
    const borrowed = await makeItem();
    const forged = await makeItem();
    const scribbled = await makeItem();
    const from = freshDatabase('export');
    await from.db.outbox.bulkAdd([
      { ...proven, acknowledgement: ownProof },
      { ...borrowed, acknowledgement: ownProof },
      { ...forged, acknowledgement: (await signedAcknowledgement(forged, receipt, await unpinnedSigner())).acknowledgement },
      { ...scribbled, acknowledgement: 'received, honestly' },
    ]);
    const text = await unsentFileText(from.db);
    expect((JSON.parse(text) as { reports: TransferredReport[] }).reports.find((report) => report.id === proven.id)?.acknowledgement).toBe(ownProof);
    const to = freshDatabase('import');

    expect(await importReports(to.db, text, PINNED)).toEqual({ imported: 4, skipped: 0, invalid: 0 });

    expect((await to.db.outbox.get(proven.id))?.acknowledgement).toBe(ownProof);
    for (const item of [borrowed, forged, scribbled]) {
      const arrived = await to.db.outbox.get(item.id);
      expect(arrived).toMatchObject({ status: 'queued', sealedForAgency: item.sealedForAgency });
      expect(arrived?.acknowledgement).toBeUndefined();
    }
  });

  it('reads a version 1 file, every report in clear, and hashes one filed before version 2 had a hash', async () => {
    const report = validReport('Filed under version 1.');
    const { sealedForAgency: _none, ...clear } = await makeItem({ report });
    const text = JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: new Date().toISOString(), reports: [{ ...clear, contentHash: '', report }] });
    const to = freshDatabase('import');
    expect(await importReports(to.db, text, PINNED)).toEqual({ imported: 1, skipped: 0, invalid: 0 });
    expect(await to.db.outbox.get(clear.id)).toMatchObject({ contentHash: await contentHash(report), report, status: 'queued' });
    expect((await to.db.outbox.get(clear.id))?.sealedForAgency).toBeUndefined();
  });

  it('says what is wrong with a file that is not an export it reads', () => {
    const cases: [string, string][] = [
      ['', 'notJson'],
      ['not json', 'notJson'],
      ['{}', 'notShouhu'],
      ['[]', 'notShouhu'],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 3, exportedAt: '', reports: [] }), 'unknownVersion'],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: '' }), 'damaged'],
      [JSON.stringify({ format: EXPORT_FORMAT, version: 1, exportedAt: '', reports: {} }), 'damaged'],
    ];
    for (const [text, problem] of cases) {
      expect(() => parseExport(text), text).toThrow(expect.objectContaining({ name: 'ImportFileError', problem }) as ImportFileError);
    }
  });

  it('lets the receiver store each report once, whichever device sends it', async () => {
    const clock = createFakeClock();
    const receiver = createTestReceiver({ now: clock.now });
    const server = scriptedFetch((request) => receiver.handle(request));
    const engineFor = (db: ReturnType<typeof freshDatabase>['db']) =>
      createSyncEngine({
        db,
        getConfig: async () => ({ endpoint: 'https://receiver.test/api/reports' }),
        getSigningKeys: async () => TEST_SIGNING_KEYS,
        fetch: server.fetch,
        clock,
        lock: noLock,
      });

    const from = freshDatabase('handed-in');
    const items = [await makeItem(), await makeItem(), await makeItem()];
    await from.db.outbox.bulkAdd(items);
    const text = await unsentFileText(from.db);
    const to = freshDatabase('other-device');
    await importReports(to.db, text, PINNED);

    // The other device sends; then the handed-in tablet gets a connection after all.
    await engineFor(to.db).syncNow();
    await engineFor(from.db).syncNow();
    for (const db of [to.db, from.db]) {
      expect((await db.outbox.toArray()).map((item) => item.status)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    }
    expect([...receiver.inserts.values()]).toEqual([1, 1, 1]);
    expect(receiver.conflicts).toBe(0);
    expect(await unsentReports(from.db)).toEqual([]);
  });
});
