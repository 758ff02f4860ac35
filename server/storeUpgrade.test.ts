// A receiver's database from before signed acknowledgements (schema version 1)
// is upgraded in place, on both engines: its reports stay as they were stored,
// and each is signed on its first replay, that signature then kept for every
// later copy.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAcknowledgement } from '../src/contract/agencySignature';
import type { ReportEnvelope } from '../src/contract/envelope';
import { TEST_AGENCY_NAME, TEST_SIGNING_KEYS } from '../src/contract/testing/agencySigningTestKey';
import { openReportStore } from './openStore';
import { ENGINES, queryDatabase, temporaryDatabase, type Engine } from './testing/databases';
import { envelopeFor, getReport, postReport, startTestReceiver, storedReport, type Acknowledgement } from './testSupport';

/** What the receiver of schema version 1 made of a fresh database, statement by statement (migrations are never edited). */
const VERSION_1: Record<Engine, readonly string[]> = {
  sqlite: [
    `CREATE TABLE reports (
       id TEXT PRIMARY KEY,
       reference TEXT NOT NULL,
       content_hash TEXT NOT NULL,
       receipt_id TEXT NOT NULL UNIQUE,
       received_at TEXT NOT NULL,
       envelope TEXT NOT NULL
     ) STRICT`,
    'PRAGMA user_version = 1',
  ],
  postgres: [
    `CREATE TABLE shouhu_schema (
       only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
       version integer NOT NULL
     )`,
    `CREATE TABLE reports (
       id text PRIMARY KEY,
       reference text NOT NULL,
       content_hash text NOT NULL,
       receipt_id text NOT NULL UNIQUE,
       received_at timestamptz NOT NULL,
       envelope json NOT NULL,
       stored_order bigint GENERATED ALWAYS AS IDENTITY
     )`,
    'INSERT INTO shouhu_schema (version) VALUES (1)',
  ],
};

const SCHEMA_VERSION_NOW: Record<Engine, string> = {
  sqlite: 'SELECT user_version AS version FROM pragma_user_version',
  postgres: 'SELECT version FROM shouhu_schema',
};

const OLD_RECEIPT = { receiptId: 'R-20260301-OLDROW0000', receivedAt: '2026-03-01T08:00:00.000Z' };

const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** A version 1 database holding `envelope` as the receiver of version 1 stored it. */
async function versionOneDatabase(engine: Engine, envelope: ReportEnvelope): Promise<string> {
  const database = await temporaryDatabase(engine);
  if (engine === 'sqlite') mkdirSync(path.dirname(database), { recursive: true });
  for (const sql of VERSION_1[engine]) await queryDatabase(database, sql);
  await queryDatabase(
    database,
    `INSERT INTO reports (id, reference, content_hash, receipt_id, received_at, envelope) VALUES (${[
      envelope.id,
      envelope.reference,
      envelope.contentHash,
      OLD_RECEIPT.receiptId,
      OLD_RECEIPT.receivedAt,
      JSON.stringify(envelope),
    ]
      .map(quoted)
      .join(', ')})`,
  );
  return database;
}

const storedAcknowledgements = (database: string) => queryDatabase<{ acknowledgement: string | null }>(database, 'SELECT acknowledgement FROM reports');

describe.each(ENGINES)('a %s database from before signed acknowledgements', (engine) => {
  it('is upgraded in place; its report is signed on the first replay, and every later copy gets that same signature', async () => {
    const envelope = await envelopeFor(storedReport());
    const database = await versionOneDatabase(engine, envelope);

    const receiver = await startTestReceiver({ database });

    expect(await queryDatabase<{ version: number }>(database, SCHEMA_VERSION_NOW[engine])).toEqual([{ version: 2 }]);
    expect(await (await getReport(receiver, envelope.id)).json()).toEqual({ ...envelope, ...OLD_RECEIPT });
    expect(await storedAcknowledgements(database)).toEqual([{ acknowledgement: null }]);

    const replay = await postReport(receiver, envelope);

    expect(replay.status).toBe(200);
    const first = (await replay.json()) as Acknowledgement;
    expect(first).toEqual({ id: envelope.id, contentHash: envelope.contentHash, ...OLD_RECEIPT, acknowledgement: expect.any(String) as unknown });
    expect(await verifyAcknowledgement(first.acknowledgement, TEST_SIGNING_KEYS)).toMatchObject({
      ok: true,
      statement: { id: envelope.id, reference: envelope.reference, contentHash: envelope.contentHash, ...OLD_RECEIPT, agency: TEST_AGENCY_NAME },
    });
    expect(await storedAcknowledgements(database)).toEqual([{ acknowledgement: first.acknowledgement }]);

    await receiver.close();
    const restarted = await startTestReceiver({ database });
    expect(await (await postReport(restarted, envelope)).json()).toEqual(first);
  });
});

describe.each(ENGINES)('the acknowledgement of an old row on %s', (engine) => {
  it('is the first one kept, whoever signs it afterwards', async () => {
    const envelope = await envelopeFor(storedReport());
    const database = await versionOneDatabase(engine, envelope);
    const one = await openReportStore(database, { poolSize: 2, log: () => {} });
    const two = await openReportStore(database, { poolSize: 2, log: () => {} });

    const kept = await Promise.all([one.keepAcknowledgement(envelope.id, 'first.j.ws'), two.keepAcknowledgement(envelope.id, 'second.j.ws')]);

    expect(kept[0]).toBe(kept[1]);
    expect(await two.find(envelope.id)).toEqual({ envelope, ...OLD_RECEIPT, acknowledgement: kept[0] });
    expect(await one.keepAcknowledgement(envelope.id, 'third.j.ws')).toBe(kept[0]);
    await one.close();
    await two.close();
  });
});
