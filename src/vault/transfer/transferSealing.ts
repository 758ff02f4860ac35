// The export of unsent reports, opened for the file (which is then encrypted
// with a passphrase chosen at export time), and imported reports sealed for
// the importing profile.
import type { OutboxItem, ShouhuDatabase } from '../../storage/db';
import { unsentReports } from './transferFile';
import { openOwnReport, openReportForSending, sealReport } from '../content';
import { outboxPublicKey } from '../profiles';
import type { ProfileSession } from '../keys';

/** The unsent reports this session can open: every profile's with the outbox key, else its own. */
export async function openUnsentForExport(db: ShouhuDatabase, session: ProfileSession): Promise<OutboxItem[]> {
  const opened: OutboxItem[] = [];
  for (const item of await unsentReports(db)) {
    const report =
      (await openReportForSending(session, item)) ??
      (item.profileId === session.profileId ? await openOwnReport(session, item) : undefined);
    if (!report) continue;
    const { sealedForSending: _s, sealedForOwner: _o, sealedReceipt: _r, ...clear } = item;
    opened.push({ ...clear, report });
  }
  return opened;
}

/** Seals an imported report for this profile, like a report it filed. */
export function sealImported(session: ProfileSession): (item: OutboxItem) => Promise<OutboxItem> {
  return async (item) => {
    const publicKey = await outboxPublicKey();
    if (!publicKey || !item.report) throw new Error('Cannot seal the imported report');
    const { report, ...clear } = item;
    return { ...clear, ...(await sealReport(session, publicKey, item.id, report)), profileId: session.profileId };
  };
}
