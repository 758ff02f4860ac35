// Stored reports as the receiver's inbox routes list them, for the inbox's tests:
// any report, sealed to the published test agency key.
import type { ReportStatus } from '../../contract/reportStatus';
import { sealedTestEnvelope } from '../../contract/testing/sealedTestEnvelope';
import { validReportInput } from '../../contract/testing/testReports';
import type { InboxEntry } from '../inboxApi';

export async function sealedInboxEntry(
  report: unknown = validReportInput(),
  fields: { receivedAt?: string; status?: ReportStatus; history?: string[] } = {},
): Promise<InboxEntry> {
  const envelope = await sealedTestEnvelope(report);
  return {
    ...envelope,
    receiptId: `R-${envelope.id.slice(0, 8)}`,
    receivedAt: fields.receivedAt ?? '2026-01-02T02:21:00.000Z',
    status: fields.status ?? 'received',
    history: fields.history ?? [],
  };
}
