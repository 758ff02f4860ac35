// The export of unsent reports, opened where this profile can open them (the
// file is then encrypted with a passphrase chosen at export time), and
// imported reports sealed for the importing profile, and for the agency when
// they did not arrive sealed for it.
import { SCHEMA_VERSION } from '../../contract/protocol';
import type { OutboxItem, ShouhuDatabase } from '../../storage/db';
import { transferable, unsentReports, type TransferredReport } from './transferFile';
import { currentAgencyKey } from '../agencyKeys';
import { openLegacySending, openOwnReport, sealReport } from '../content';
import type { ProfileSession } from '../keys';

/** Every unsent report, sealed for the agency as filed, and in clear where this session can open it. */
export async function openUnsentForExport(db: ShouhuDatabase, session: ProfileSession): Promise<TransferredReport[]> {
  const reports: TransferredReport[] = [];
  for (const item of await unsentReports(db)) {
    const report =
      item.report ??
      (await openLegacySending(session, item)) ??
      (item.profileId === session.profileId ? await openOwnReport(session, item) : undefined);
    const travelling = transferable(item, report);
    if (travelling) reports.push(travelling);
  }
  return reports;
}

/** Seals an imported report for this profile, like a report it filed; one that came sealed for the agency keeps that form. */
export function sealImported(session: ProfileSession): (item: OutboxItem) => Promise<OutboxItem> {
  return async (item) => {
    const { report, ...clear } = item;
    if (!report) return { ...clear, profileId: session.profileId };
    const fields = { ...clear, schemaVersion: SCHEMA_VERSION };
    const { sealedForAgency, ...ownCopies } = await sealReport(session, item.sealedForAgency ? undefined : await currentAgencyKey(), fields, report);
    return { ...clear, ...ownCopies, ...((item.sealedForAgency ?? sealedForAgency) && { sealedForAgency: item.sealedForAgency ?? sealedForAgency }), profileId: session.profileId };
  };
}
