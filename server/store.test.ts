// The store's one promise: a report id is stored once and never overwritten.
import { expect, it } from 'vitest';
import { openReportStore, type StoredReport } from './store';
import { envelopeFor, storedReport, temporaryDbPath } from './testSupport';

async function stored(receiptId: string, narrative: string, id?: string): Promise<StoredReport> {
  const report = storedReport((input) => {
    input.incident.narrative = narrative;
  });
  return { envelope: await envelopeFor(report, id), receiptId, receivedAt: '2026-03-01T08:00:00.000Z' };
}

it('inserts a new id and says so', async () => {
  const store = openReportStore(temporaryDbPath());
  const report = await stored('R-20260301-AAAAAAAAAA', 'First.');

  expect(store.insertAllIfAbsent([report])).toEqual([{ stored: report, inserted: true }]);
  expect(store.find(report.envelope.id)).toEqual(report);
  store.close();
});

it('keeps the first row for an id, whatever comes later, and returns it', async () => {
  const store = openReportStore(temporaryDbPath());
  const first = await stored('R-20260301-AAAAAAAAAA', 'First.');
  const again = { ...first, receiptId: 'R-20260301-BBBBBBBBBB' };
  const changed = await stored('R-20260301-CCCCCCCCCC', 'Changed.', first.envelope.id);
  store.insertAllIfAbsent([first]);

  expect(store.insertAllIfAbsent([again])).toEqual([{ stored: first, inserted: false }]);
  expect(store.insertAllIfAbsent([changed])).toEqual([{ stored: first, inserted: false }]);
  expect(store.summaries()).toEqual([{ id: first.envelope.id, contentHash: first.envelope.contentHash }]);
  store.close();
});

it('sees what another connection to the same file stored, and survives reopening', async () => {
  const file = temporaryDbPath();
  const one = openReportStore(file);
  const two = openReportStore(file);
  const first = await stored('R-20260301-AAAAAAAAAA', 'First.');
  one.insertAllIfAbsent([first]);

  expect(two.insertAllIfAbsent([{ ...first, receiptId: 'R-20260301-BBBBBBBBBB' }])).toEqual([{ stored: first, inserted: false }]);
  one.close();
  two.close();

  const reopened = openReportStore(file);
  expect(reopened.find(first.envelope.id)).toEqual(first);
  reopened.close();
});
