// The status history's promises, on both engines: entries are appended and
// never changed (the database itself refuses), one change wins each place
// in a report's history however they race, a database from before the
// history is upgraded in place, and the inbox's queries page and filter by
// each report's latest status.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../src/contract/envelope';
import { referenceFromId } from '../src/contract/referenceCode';
import type { SetStatus } from '../src/contract/reportStatus';
import { openReportStore } from './openStore';
import type { ReportStore, StatusEntry, StoredReport } from './store';
import { asSuperuser, ENGINES, queryDatabase, temporaryDatabase, type Engine } from './testing/databases';
import { envelopeFor, storedReport } from './testSupport';

const open = (database: string): Promise<ReportStore> => openReportStore(database, { poolSize: 4, log: () => {} });

let sealed: Promise<ReportEnvelope> | undefined;
/** A stored report received at `receivedAt`; the store checks nothing of the envelope, so one sealed envelope serves every id. */
async function report(receivedAt: string, id: string = randomUUID()): Promise<StoredReport> {
  sealed ??= envelopeFor(storedReport());
  return {
    envelope: { ...(await sealed), id, reference: referenceFromId(id) },
    receiptId: `R-${randomUUID()}`,
    receivedAt,
  };
}

const entry = (reportId: string, seq: number, status: SetStatus, extra: Partial<StatusEntry> = {}): StatusEntry => ({
  reportId,
  seq,
  status,
  ...(status === 'referred' ? { referredTo: 'education' as const } : {}),
  at: `2026-03-0${seq}T09:00:00.000Z`,
  change: `signed-${reportId}-${seq}`,
  ...extra,
});

/** Reports received a minute apart, the first the oldest. */
async function storeReports(store: ReportStore, count: number): Promise<StoredReport[]> {
  const reports = await Promise.all(
    Array.from({ length: count }, (_, index) => report(new Date(Date.UTC(2026, 2, 1, 8, index)).toISOString())),
  );
  await store.insertAllIfAbsent(reports);
  return reports;
}

const idsOf = (page: { report: StoredReport }[]) => page.map((row) => row.report.envelope.id);
const newestFirst = (reports: StoredReport[]) => [...reports].reverse().map((stored) => stored.envelope.id);

describe.each(ENGINES)('the status history on %s', (engine) => {
  it('appends changes and reads a report back with its whole history, oldest first', async () => {
    const store = await open(await temporaryDatabase(engine));
    const [stored] = await storeReports(store, 1);
    const id = stored?.envelope.id as string;
    const changes = [entry(id, 1, 'accepted', { note: '已受理。\n谢谢。' }), entry(id, 2, 'referred'), entry(id, 3, 'closed')];

    for (const change of changes) expect(await store.appendStatus(change)).toBe(true);

    expect(await store.findWithHistory(id)).toEqual({ report: stored, history: changes });
    expect(await store.findWithHistory(randomUUID())).toBeUndefined();
    await store.close();
  });

  it('keeps the first change for a place in the history, and says the second lost', async () => {
    const store = await open(await temporaryDatabase(engine));
    const [stored] = await storeReports(store, 1);
    const id = stored?.envelope.id as string;

    expect(await store.appendStatus(entry(id, 1, 'accepted'))).toBe(true);
    expect(await store.appendStatus(entry(id, 1, 'closed', { change: 'the other officer' }))).toBe(false);

    expect((await store.findWithHistory(id))?.history).toEqual([entry(id, 1, 'accepted')]);
    await store.close();
  });

  it('lets exactly one of many changes raced from two connections take each place', async () => {
    const database = await temporaryDatabase(engine);
    const one = await open(database);
    const two = await open(database);
    await Promise.all([one, two].flatMap((store) => Array.from({ length: 4 }, () => store.ping())));
    const reports = await storeReports(one, 5);

    const results = await Promise.all(
      reports.flatMap((stored) =>
        Array.from({ length: 6 }, (_, attempt) =>
          (attempt % 2 ? two : one).appendStatus(entry(stored.envelope.id, 1, 'accepted', { change: `attempt ${attempt}` })),
        ),
      ),
    );

    expect(results.filter(Boolean)).toHaveLength(reports.length);
    for (const stored of reports) expect((await two.findWithHistory(stored.envelope.id))?.history).toHaveLength(1);
    await one.close();
    await two.close();
  });

  it('is refused any UPDATE, DELETE or overwrite by the database itself', async () => {
    const database = await temporaryDatabase(engine);
    const store = await open(database);
    const [stored] = await storeReports(store, 1);
    const id = stored?.envelope.id as string;
    await store.appendStatus(entry(id, 1, 'accepted'));
    await store.close();

    const overwrites = [
      "UPDATE report_status SET note = 'changed later'",
      "UPDATE report_status SET status = 'closed' WHERE seq = 1",
      'DELETE FROM report_status',
      `INSERT INTO report_status (report_id, seq, status, at, change) VALUES ('${id}', 1, 'closed', '2026-03-09T00:00:00Z', 'x')
       ON CONFLICT (report_id, seq) DO UPDATE SET change = excluded.change`,
      ...(engine === 'sqlite'
        ? [`INSERT OR REPLACE INTO report_status (report_id, seq, status, at, change) VALUES ('${id}', 1, 'closed', '2026-03-09T00:00:00Z', 'x')`]
        : ['TRUNCATE report_status']),
    ];
    for (const sql of overwrites) await expect(queryDatabase(database, sql), sql).rejects.toThrow(/append-only/);

    const reopened = await open(database);
    expect((await reopened.findWithHistory(id))?.history).toEqual([entry(id, 1, 'accepted')]);
    await reopened.close();
  });

  it('pages the inbox newest received first, by cursor, with each report\'s latest status and the total', async () => {
    const store = await open(await temporaryDatabase(engine));
    const reports = await storeReports(store, 7);
    const [first, second] = reports.map((stored) => stored.envelope.id) as [string, string];
    await store.appendStatus(entry(first, 1, 'accepted'));
    await store.appendStatus(entry(first, 2, 'case_opened'));
    await store.appendStatus(entry(second, 1, 'accepted', { note: 'seen' }));

    const seen: string[] = [];
    let before: { receivedAt: string; id: string } | undefined;
    for (;;) {
      const page = await store.inboxPage({ limit: 3, ...(before && { before }) });
      seen.push(...idsOf(page));
      const last = page.at(-1);
      if (page.length < 3 || !last) break;
      before = { receivedAt: last.report.receivedAt, id: last.report.envelope.id };
    }

    expect(seen).toEqual(newestFirst(reports));
    const all = await store.inboxPage({ limit: 100 });
    expect(all.find((row) => row.report.envelope.id === first)?.latest).toEqual(entry(first, 2, 'case_opened'));
    expect(all.find((row) => row.report.envelope.id === second)?.latest).toEqual(entry(second, 1, 'accepted', { note: 'seen' }));
    expect(all.filter((row) => row.latest === undefined)).toHaveLength(5);
    expect(await store.countReports()).toBe(7);
    await store.close();
  });

  it('orders reports received in the same millisecond by id, and pages through them without loss', async () => {
    const store = await open(await temporaryDatabase(engine));
    const at = '2026-03-01T08:00:00.000Z';
    const reports = await Promise.all(Array.from({ length: 5 }, () => report(at)));
    await store.insertAllIfAbsent(reports);

    const firstPage = await store.inboxPage({ limit: 2 });
    const last = firstPage.at(-1) as { report: StoredReport };
    const rest = await store.inboxPage({ limit: 10, before: { receivedAt: at, id: last.report.envelope.id } });

    expect([...idsOf(firstPage), ...idsOf(rest)]).toEqual(reports.map((stored) => stored.envelope.id).sort().reverse());
    await store.close();
  });

  it('filters by the latest status, "received" being no change yet, and counts each', async () => {
    const store = await open(await temporaryDatabase(engine));
    const ids = (await storeReports(store, 5)).map((stored) => stored.envelope.id) as [string, string, string, string, string];
    await store.appendStatus(entry(ids[0], 1, 'accepted'));
    await store.appendStatus(entry(ids[0], 2, 'closed'));
    await store.appendStatus(entry(ids[1], 1, 'accepted'));
    await store.appendStatus(entry(ids[3], 1, 'accepted'));

    expect(idsOf(await store.inboxPage({ limit: 50, status: 'accepted' }))).toEqual([ids[3], ids[1]]);
    expect(idsOf(await store.inboxPage({ limit: 50, status: 'closed' }))).toEqual([ids[0]]);
    expect(idsOf(await store.inboxPage({ limit: 50, status: 'received' }))).toEqual([ids[4], ids[2]]);
    expect(idsOf(await store.inboxPage({ limit: 1, status: 'received', before: { receivedAt: '2026-03-01T08:04:00.000Z', id: ids[4] } }))).toEqual([
      ids[2],
    ]);
    expect(await store.inboxPage({ limit: 50, status: 'referred' })).toEqual([]);
    expect(await store.countReports('accepted')).toBe(2);
    expect(await store.countReports('closed')).toBe(1);
    expect(await store.countReports('received')).toBe(2);
    expect(await store.countReports('referred')).toBe(0);
    await store.close();
  });

  it('gives the latest change of asked ids only, once each, and nothing for ids without one or not stored', async () => {
    const store = await open(await temporaryDatabase(engine));
    const [asked, unasked, noChange] = (await storeReports(store, 3)).map((stored) => stored.envelope.id) as [string, string, string];
    await store.appendStatus(entry(asked, 1, 'accepted'));
    await store.appendStatus(entry(asked, 2, 'needs_information', { note: '请补充' }));
    await store.appendStatus(entry(unasked, 1, 'accepted'));

    expect(await store.latestStatuses([asked, asked, noChange, randomUUID()])).toEqual([entry(asked, 2, 'needs_information', { note: '请补充' })]);
    expect(await store.latestStatuses([])).toEqual([]);
    await store.close();
  });
});

/** The released version 1 of each engine's schema, as a receiver from before the status history left a database. */
const VERSION_1: Record<Engine, (database: string, stored: StoredReport) => Promise<void>> = {
  sqlite: async (file, stored) => {
    mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec(`CREATE TABLE reports (
      id TEXT PRIMARY KEY, reference TEXT NOT NULL, content_hash TEXT NOT NULL,
      receipt_id TEXT NOT NULL UNIQUE, received_at TEXT NOT NULL, envelope TEXT NOT NULL) STRICT`);
    db.prepare('INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?)').run(
      stored.envelope.id,
      stored.envelope.reference,
      stored.envelope.contentHash,
      stored.receiptId,
      stored.receivedAt,
      JSON.stringify(stored.envelope),
    );
    db.pragma('user_version = 1');
    db.close();
  },
  postgres: async (url, stored) => {
    const name = new URL(url).pathname.slice(1);
    await asSuperuser(
      `CREATE TABLE reports (
         id text PRIMARY KEY, reference text NOT NULL, content_hash text NOT NULL, receipt_id text NOT NULL UNIQUE,
         received_at timestamptz NOT NULL, envelope json NOT NULL, stored_order bigint GENERATED ALWAYS AS IDENTITY)`,
      [],
      name,
    );
    await asSuperuser(
      'INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope) VALUES ($1, $2, $3, $4, $5, $6)',
      [stored.envelope.id, stored.envelope.reference, stored.envelope.contentHash, stored.receiptId, stored.receivedAt, JSON.stringify(stored.envelope)],
      name,
    );
    await asSuperuser('CREATE TABLE shouhu_schema (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), version integer NOT NULL)', [], name);
    await asSuperuser('INSERT INTO shouhu_schema (version) VALUES (1)', [], name);
  },
};

describe.each(ENGINES)('a %s database from before the status history', (engine) => {
  it('is upgraded in place: its reports kept, each "received", and statuses appended after', async () => {
    const database = await temporaryDatabase(engine);
    const stored = await report('2026-02-01T08:00:00.000Z');
    await VERSION_1[engine](database, stored);

    const store = await open(database);

    expect(await store.inboxPage({ limit: 50 })).toEqual([{ report: stored, latest: undefined }]);
    expect(await store.countReports('received')).toBe(1);
    expect(await store.appendStatus(entry(stored.envelope.id, 1, 'accepted'))).toBe(true);
    expect(await store.latestStatuses([stored.envelope.id])).toEqual([entry(stored.envelope.id, 1, 'accepted')]);
    await store.close();
    await expect(queryDatabase(database, 'DELETE FROM report_status')).rejects.toThrow(/append-only/);
  });
});
