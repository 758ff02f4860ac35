// The store's promises, on both engines: a report id is stored once and never
// overwritten, a batch is one transaction, migrations run once however many
// receivers start together, and a database newer than the receiver is refused.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openReportStore } from './openStore';
import { StoreUnavailableError, type ReportStore, type StoredReport } from './store';
import { asSuperuser, connectTo, ENGINES, queryDatabase, temporaryDatabase, type Engine } from './testing/databases';
import { envelopeFor, storedReport } from './testSupport';

async function stored(receiptId: string, narrative: string, id?: string): Promise<StoredReport> {
  const report = storedReport((input) => {
    input.incident.narrative = narrative;
  });
  return { envelope: await envelopeFor(report, id), receiptId, receivedAt: '2026-03-01T08:00:00.000Z' };
}

const open = (database: string): Promise<ReportStore> => openReportStore(database, { poolSize: 4, log: () => {} });

/** Sets the schema version a newer receiver would have left. */
const SET_SCHEMA_VERSION: Record<Engine, (version: number) => string> = {
  sqlite: (version) => `PRAGMA user_version = ${version}`,
  postgres: (version) => `UPDATE shouhu_schema SET version = ${version}`,
};

describe.each(ENGINES)('the report store on %s', (engine) => {
  it('inserts a new id and says so', async () => {
    const store = await open(await temporaryDatabase(engine));
    const report = await stored('R-20260301-AAAAAAAAAA', 'First.');

    expect(await store.insertAllIfAbsent([report])).toEqual([{ stored: report, inserted: true }]);
    expect(await store.find(report.envelope.id)).toEqual(report);
    await store.close();
  });

  it('keeps the first row for an id, whatever comes later, and returns it', async () => {
    const store = await open(await temporaryDatabase(engine));
    const first = await stored('R-20260301-AAAAAAAAAA', 'First.');
    const again = { ...first, receiptId: 'R-20260301-BBBBBBBBBB' };
    const changed = await stored('R-20260301-CCCCCCCCCC', 'Changed.', first.envelope.id);
    await store.insertAllIfAbsent([first]);

    expect(await store.insertAllIfAbsent([again])).toEqual([{ stored: first, inserted: false }]);
    expect(await store.insertAllIfAbsent([changed])).toEqual([{ stored: first, inserted: false }]);
    expect(await store.summaries()).toEqual([{ id: first.envelope.id, contentHash: first.envelope.contentHash }]);
    await store.close();
  });

  it('reads every stored report back once, batch after batch, a page at a time, for the agency to export', async () => {
    const store = await open(await temporaryDatabase(engine));
    const reports = [];
    for (const [index, narrative] of ['First.', 'Second.', 'Third.', 'Fourth.', 'Fifth.'].entries()) {
      reports.push(await stored(`R-20260301-${'ABCDE'[index]?.repeat(10)}`, narrative));
    }
    await store.insertAllIfAbsent(reports.slice(0, 2));
    await store.insertAllIfAbsent(reports.slice(2));

    const read: StoredReport[] = [];
    for (let after = 0, page = await store.storedInOrder(after, 2); page.length > 0; page = await store.storedInOrder(after, 2)) {
      expect(page.length).toBeLessThanOrEqual(2);
      read.push(...page.map((entry) => entry.report));
      after = page.at(-1)?.order ?? Number.POSITIVE_INFINITY;
    }
    // Within a batch PostgreSQL stores in id order (see postgresStore.ts); batches follow each other.
    const byId = (list: StoredReport[]) => [...list].sort((a, b) => a.envelope.id.localeCompare(b.envelope.id));
    expect(byId(read.slice(0, 2))).toEqual(byId(reports.slice(0, 2)));
    expect(byId(read.slice(2))).toEqual(byId(reports.slice(2)));
    await store.close();
  });

  it('sees what another connection to the same database stored, and survives reopening', async () => {
    const database = await temporaryDatabase(engine);
    const one = await open(database);
    const two = await open(database);
    const first = await stored('R-20260301-AAAAAAAAAA', 'First.');
    await one.insertAllIfAbsent([first]);

    expect(await two.insertAllIfAbsent([{ ...first, receiptId: 'R-20260301-BBBBBBBBBB' }])).toEqual([{ stored: first, inserted: false }]);
    await one.close();
    await two.close();

    const reopened = await open(database);
    expect(await reopened.find(first.envelope.id)).toEqual(first);
    await reopened.close();
  });

  it('answers a batch in its own order, the first copy of a repeated id winning', async () => {
    const store = await open(await temporaryDatabase(engine));
    const older = await stored('R-20260301-AAAAAAAAAA', 'Stored before.');
    await store.insertAllIfAbsent([older]);
    const fresh = await stored('R-20260301-BBBBBBBBBB', 'New.');
    const copy = { ...fresh, receiptId: 'R-20260301-CCCCCCCCCC' };
    const olderAgain = { ...older, receiptId: 'R-20260301-DDDDDDDDDD' };

    expect(await store.insertAllIfAbsent([fresh, olderAgain, copy])).toEqual([
      { stored: fresh, inserted: true },
      { stored: older, inserted: false },
      { stored: fresh, inserted: false },
    ]);
    expect((await store.summaries()).map((row) => row.id)).toEqual([older.envelope.id, fresh.envelope.id]);
    await store.close();
  });

  it('gives back exactly what it stored, a NUL character, a lone surrogate and astral-plane text included', async () => {
    const store = await open(await temporaryDatabase(engine));
    const report = await stored('R-20260301-AAAAAAAAAA', 'Before\u0000after, \ud800 alone, 𠀀 and "quotes" \\ backslash.');

    await store.insertAllIfAbsent([report]);

    expect(await store.find(report.envelope.id)).toEqual(report);
    await store.close();
  });

  it('settles the same ids raced from two connections in opposite orders: each stored once', async () => {
    const database = await temporaryDatabase(engine);
    const one = await open(database);
    const two = await open(database);
    // Every pooled connection opened beforehand, so that the batches below overlap.
    await Promise.all([one, two].flatMap((store) => Array.from({ length: 4 }, () => store.ping())));
    const reports = await Promise.all(Array.from({ length: 40 }, (_, index) => stored(`R-20260301-A${String(index).padStart(9, '0')}`, `Report ${index}.`)));
    // Each request gets receipt ids of its own, as the intake gives every request (newReceiptId):
    // the receipt id is unique too, and only the report id may decide who wins.
    const receiptsOfRound = (round: number) =>
      reports.map((report, index) => ({ ...report, receiptId: `R-20260301-${round}${String(index).padStart(9, '0')}` }));

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, round) =>
        round % 2 ? two.insertAllIfAbsent([...receiptsOfRound(round)].reverse()) : one.insertAllIfAbsent(receiptsOfRound(round)),
      ),
    );

    const inserted = results.flat().filter((result) => result.inserted);
    expect(inserted.map((result) => result.stored.envelope.id).sort()).toEqual(reports.map((report) => report.envelope.id).sort());
    for (const report of reports) {
      const answers = results.flat().filter((result) => result.stored.envelope.id === report.envelope.id);
      expect(new Set(answers.map((answer) => answer.stored.receiptId)).size).toBe(1);
    }
    expect(await one.summaries()).toHaveLength(reports.length);
    await one.close();
    await two.close();
  });

  it('migrates once when several receivers open a fresh database at the same moment', async () => {
    const database = await temporaryDatabase(engine);

    const stores = await Promise.all(Array.from({ length: 4 }, () => open(database)));

    const report = await stored('R-20260301-AAAAAAAAAA', 'First.');
    expect(await stores[0]?.insertAllIfAbsent([report])).toEqual([{ stored: report, inserted: true }]);
    expect(await stores[3]?.find(report.envelope.id)).toEqual(report);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('refuses to open a database a newer receiver has migrated, saying so', async () => {
    const database = await temporaryDatabase(engine);
    await (await open(database)).close();
    await queryDatabase(database, SET_SCHEMA_VERSION[engine](99));

    await expect(open(database)).rejects.toThrow(/schema version 99, newer than this receiver knows \(\d+\)/);
  });

  it('answers a ping', async () => {
    const store = await open(await temporaryDatabase(engine));
    await expect(store.ping()).resolves.toBeUndefined();
    await store.close();
  });
});

describe('the report store on SQLite, opened while another receiver migrates the same file', () => {
  /** What the migrations leave in a file: its tables' SQL and its user_version. */
  async function migratedSchema(): Promise<{ statements: string[]; version: number }> {
    const scratch = await temporaryDatabase('sqlite');
    await (await open(scratch)).close();
    const statements = (await queryDatabase<{ sql: string }>(scratch, "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL")).map((row) => row.sql);
    const [row] = await queryDatabase<{ user_version: number }>(scratch, 'PRAGMA user_version');
    return { statements, version: row?.user_version ?? 0 };
  }

  it('waits for that migration, then finds nothing left to do', async () => {
    const file = await temporaryDatabase('sqlite');
    mkdirSync(path.dirname(file), { recursive: true });
    // The other receiver, in a thread of its own: it holds the write lock
    // while it migrates, and commits a moment after this one starts opening.
    const other = new Worker(
      `const { workerData, parentPort } = require('node:worker_threads');
       const Database = require('better-sqlite3');
       const db = new Database(workerData.file);
       db.pragma('journal_mode = WAL');
       db.exec('BEGIN IMMEDIATE');
       parentPort.postMessage('migrating');
       setTimeout(() => {
         for (const sql of workerData.schema.statements) db.exec(sql);
         db.pragma('user_version = ' + workerData.schema.version);
         db.exec('COMMIT');
         db.close();
         parentPort.postMessage('committed');
       }, 300);`,
      { eval: true, workerData: { file, schema: await migratedSchema() } },
    );
    const messages: string[] = [];
    other.on('message', (message: string) => messages.push(message));
    await expect.poll(() => messages).toContain('migrating');

    const store = await open(file);

    await expect.poll(() => messages).toContain('committed');
    const report = await stored('R-20260301-AAAAAAAAAA', 'First.');
    expect(await store.insertAllIfAbsent([report])).toEqual([{ stored: report, inserted: true }]);
    await store.close();
    await other.terminate();
  });
});

describe('the report store on PostgreSQL, two batches sharing ids', () => {
  it('lets them finish in either order, without a deadlock', async () => {
    const database = await temporaryDatabase('postgres');
    const one = await open(database);
    const two = await open(database);
    const reports = await Promise.all(Array.from({ length: 9 }, (_, index) => stored(`R-20260301-A${String(index).padStart(9, '0')}`, `Report ${index}.`)));
    const copies = reports.map((report, index) => ({ ...report, receiptId: `R-20260301-B${String(index).padStart(9, '0')}` }));
    // A third transaction holds the middle id, so that both batches stop
    // there having stored half their rows, one from each end.
    const middle = [...reports].sort((a, b) => a.envelope.id.localeCompare(b.envelope.id))[4] as StoredReport;
    const holder = await connectTo(database);
    await holder.query('BEGIN');
    await holder.query(
      "INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope) VALUES ($1, 'X', 'X', 'R-HOLDER', now(), '{}')",
      [middle.envelope.id],
    );

    const racing = Promise.allSettled([one.insertAllIfAbsent(reports), two.insertAllIfAbsent([...copies].reverse())]);
    const waiting = async () =>
      (await holder.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")).rows[0].n;
    await expect.poll(waiting).toBe(2);
    await holder.query('ROLLBACK');
    const [first, second] = await racing;

    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('fulfilled');
    expect(await one.summaries()).toHaveLength(reports.length);
    await one.close();
    await two.close();
  });
});

describe('the report store on PostgreSQL, when the database goes away', () => {
  const databaseName = (url: string) => new URL(url).pathname.slice(1);

  it('replaces connections the server cut while idle, and goes on', async () => {
    const database = await temporaryDatabase('postgres');
    const logs: string[] = [];
    const store = await openReportStore(database, { poolSize: 4, log: (line) => logs.push(line) });
    onTestFinished(() => store.close());
    await store.ping();

    await asSuperuser('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName(database)]);
    await expect.poll(() => logs.length).toBeGreaterThan(0);

    const report = await stored('R-20260301-AAAAAAAAAA', 'After a restart.');
    expect(await store.insertAllIfAbsent([report])).toEqual([{ stored: report, inserted: true }]);
    expect(logs[0]).toMatch(/database connection lost while idle: 57P01/);
  });

  it('says the database is unavailable when it takes no connections', async () => {
    const database = await temporaryDatabase('postgres');
    const store = await openReportStore(database, { poolSize: 4, log: () => {} });
    onTestFinished(() => store.close());
    const name = databaseName(database);

    await asSuperuser(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await asSuperuser('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);

    await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.find('3f0c0000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: '55000' });
  });
});
