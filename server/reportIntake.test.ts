// The race the primary key settles: another receiver (or request) stores the
// same id between this one's look-up and its insert. Over HTTP in one process
// that window never opens, so it is opened here by hand.
import { expect, it } from 'vitest';
import { createReportSchema } from '../src/contract/schema';
import type { ReportEnvelope } from '../src/contract/envelope';
import { createReportIntake } from './reportIntake';
import { openReportStore, type ReportStore } from './store';
import { envelopeFor, storedReport, temporaryDbPath } from './testSupport';

const OTHER_RECEIPT = { receiptId: 'R-20260301-OTHER00000', receivedAt: '2026-03-01T07:59:59.000Z' };

/** A store whose look-up misses, while another connection stores `theirs` at that moment. */
function storeLosingTheRace(file: string, theirs: ReportEnvelope): { store: ReportStore; close(): void } {
  const ours = openReportStore(file);
  const other = openReportStore(file);
  return {
    store: {
      ...ours,
      find: () => {
        other.insertAllIfAbsent([{ envelope: theirs, ...OTHER_RECEIPT }]);
        return undefined;
      },
    },
    close() {
      ours.close();
      other.close();
    },
  };
}

const submit = (envelope: ReportEnvelope) => ({ body: JSON.stringify(envelope), idempotencyKey: envelope.id });

it('acknowledges with the other receipt when the other stored the same version', async () => {
  const envelope = await envelopeFor(storedReport());
  const { store, close } = storeLosingTheRace(temporaryDbPath(), envelope);
  const { acceptReport } = createReportIntake({ store, reportSchema: createReportSchema(), now: Date.now });

  const answer = await acceptReport(submit(envelope));

  expect(answer).toEqual({
    status: 200,
    body: { id: envelope.id, contentHash: envelope.contentHash, ...OTHER_RECEIPT },
  });
  close();
});

it('answers 409 and keeps theirs when the other stored a different version', async () => {
  const theirs = await envelopeFor(storedReport());
  const ours = await envelopeFor(
    storedReport((input) => {
      input.incident.narrative = 'Our version.';
    }),
    theirs.id,
  );
  const file = temporaryDbPath();
  const { store, close } = storeLosingTheRace(file, theirs);
  const { acceptReport } = createReportIntake({ store, reportSchema: createReportSchema(), now: Date.now });

  const answer = await acceptReport(submit(ours));

  expect(answer.status).toBe(409);
  close();
  const check = openReportStore(file);
  expect(check.find(theirs.id)?.envelope).toEqual(theirs);
  check.close();
});
