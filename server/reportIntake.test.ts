// The race the primary key settles: another receiver (or request) stores the
// same id after this one has checked the report and before it inserts. Over
// HTTP that window is too narrow to hit at will, so it is opened here by hand.
import { describe, expect, it } from 'vitest';
import type { ReportEnvelope } from '../src/contract/envelope';
import { openReportStore } from './openStore';
import { createReportIntake } from './reportIntake';
import type { ReportStore } from './store';
import { ENGINES, temporaryDatabase } from './testing/databases';
import { envelopeFor, storedReport, TEST_AGENCY_KEY_IDS } from './testSupport';
import { testSigning } from './testing/testSigning';

const OTHER_RECEIPT = { receiptId: 'R-20260301-OTHER00000', receivedAt: '2026-03-01T07:59:59.000Z' };

const open = (database: string) => openReportStore(database, { poolSize: 2, log: () => {} });

/** A store into which another connection stores `theirs` just before this one inserts. */
async function storeLosingTheRace(database: string, theirs: ReportEnvelope): Promise<{ store: ReportStore; close(): Promise<void> }> {
  const ours = await open(database);
  const other = await open(database);
  return {
    store: {
      ...ours,
      insertAllIfAbsent: async (reports) => {
        await other.insertAllIfAbsent([{ envelope: theirs, ...OTHER_RECEIPT }]);
        return ours.insertAllIfAbsent(reports);
      },
    },
    async close() {
      await ours.close();
      await other.close();
    },
  };
}

const submit = (envelope: ReportEnvelope) => ({ body: JSON.stringify(envelope), idempotencyKey: envelope.id });

describe.each(ENGINES)('the race the primary key settles, on %s', (engine) => {
  it('acknowledges with the other receipt when the other stored the same version', async () => {
    const envelope = await envelopeFor(storedReport());
    const { store, close } = await storeLosingTheRace(await temporaryDatabase(engine), envelope);
    const { acceptReport } = createReportIntake({ store, agencyKeyIds: new Set(TEST_AGENCY_KEY_IDS), now: Date.now, ...testSigning() });

    const answer = await acceptReport(submit(envelope));

    expect(answer).toEqual({
      status: 200,
      body: { id: envelope.id, contentHash: envelope.contentHash, ...OTHER_RECEIPT, acknowledgement: expect.any(String) as unknown },
    });
    await close();
  });

  it('answers 409 and keeps theirs when the other stored a different version', async () => {
    const theirs = await envelopeFor(storedReport());
    const ours = await envelopeFor(
      storedReport((input) => {
        input.incident.narrative = 'Our version.';
      }),
      theirs.id,
    );
    const database = await temporaryDatabase(engine);
    const { store, close } = await storeLosingTheRace(database, theirs);
    const { acceptReport } = createReportIntake({ store, agencyKeyIds: new Set(TEST_AGENCY_KEY_IDS), now: Date.now, ...testSigning() });

    const answer = await acceptReport(submit(ours));

    expect(answer.status).toBe(409);
    await close();
    const check = await open(database);
    expect((await check.find(theirs.id))?.envelope).toEqual(theirs);
    await check.close();
  });
});
