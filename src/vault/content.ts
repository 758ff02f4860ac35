// Sealing and opening what the tablet stores about reports. Each record's id
// and purpose are bound into its ciphertext (see crypto.ts); what is sent is
// sealed for the agency (src/contract/sealedReport.ts).
import type { Draft, OutboxItem } from '../storage/db';
import type { Report, ReportInput } from '../contract/schema';
import { sealReportFor } from '../contract/sealReportFor';
import type { AgencyPublicKey, SealedFields } from '../contract/sealedReport';
import { open, openWith, seal, TamperedError } from './crypto';
import type { ProfileSession } from './keys';
import type { Sealed } from '../storage/sealed';

export const purpose = {
  draft: (id: string) => `draft:${id}`,
  ownReport: (id: string) => `report:${id}`,
  sending: (id: string) => `outbox:${id}`,
  receipt: (id: string) => `receipt:${id}`,
  profile: (id: string) => `profile:${id}`,
  token: 'endpoint-token',
};

/** What a receipt prints beyond the clear fields; kept after the report's content is erased. */
export interface ReceiptDetails {
  reporterName: string;
  unitName: string;
  discoveredAt: string;
  policeNotifiedAt?: string;
  policeIncidentNumber?: string;
}

export function receiptDetailsOf(report: Report): ReceiptDetails {
  return {
    reporterName: report.reporter.name,
    unitName: report.reporter.unitName,
    discoveredAt: report.incident.discoveredAt,
    ...(report.actions.policeNotifiedAt ? { policeNotifiedAt: report.actions.policeNotifiedAt } : {}),
    ...(report.actions.policeIncidentNumber ? { policeIncidentNumber: report.actions.policeIncidentNumber } : {}),
  };
}

export function sealDraftValues(session: ProfileSession, id: string, values: Partial<ReportInput>): Promise<Sealed> {
  return seal(session.dataKey, values, purpose.draft(id));
}

/** The values of a draft: sealed ones with the owner's key; clear ones left by versions 1-2 as they are. */
export async function openDraftValues(session: ProfileSession, draft: Draft): Promise<Partial<ReportInput>> {
  if (draft.sealedValues) return open<Partial<ReportInput>>(session.dataKey, draft.sealedValues, purpose.draft(draft.id));
  return draft.values ?? {};
}

export interface SealedReport {
  /** For the agency only (a compact JWE); undefined while the tablet knows no agency key: sealed at a later unlock. */
  sealedForAgency?: string;
  sealedForOwner: Sealed;
  sealedReceipt: Sealed;
}

/**
 * A filed report, sealed for the agency (what is sent, as it is: no key on
 * the tablet opens it), and for its owner's own screens and receipt.
 */
export async function sealReport(
  session: ProfileSession,
  agencyKey: AgencyPublicKey | undefined,
  fields: SealedFields,
  report: Report,
): Promise<SealedReport> {
  const [sealedForAgency, sealedForOwner, sealedReceipt] = await Promise.all([
    agencyKey ? sealReportFor(agencyKey, fields, report) : undefined,
    seal(session.dataKey, report, purpose.ownReport(fields.id)),
    seal(session.dataKey, receiptDetailsOf(report), purpose.receipt(fields.id)),
  ]);
  return { ...(sealedForAgency ? { sealedForAgency } : {}), sealedForOwner, sealedReceipt };
}

/** The owner's view of a report; undefined once its content was erased. */
export async function openOwnReport(session: ProfileSession, item: OutboxItem): Promise<Report | undefined> {
  if (item.sealedForOwner) return open<Report>(session.dataKey, item.sealedForOwner, purpose.ownReport(item.id));
  return item.report;
}

/**
 * A report queued before reports were sealed for the agency, opened with the
 * retired tablet outbox key (legacyOutbox.ts reseals it); undefined without that key.
 */
export async function openLegacySending(session: ProfileSession, item: OutboxItem): Promise<Report | undefined> {
  if (!item.sealedForSending || !session.outboxPrivateKey) return undefined;
  return openWith<Report>(session.outboxPrivateKey, item.sealedForSending, purpose.sending(item.id));
}

export async function openReceiptDetails(session: ProfileSession, item: OutboxItem): Promise<ReceiptDetails | undefined> {
  if (item.sealedReceipt) return open<ReceiptDetails>(session.dataKey, item.sealedReceipt, purpose.receipt(item.id));
  return item.report ? receiptDetailsOf(item.report) : undefined;
}

export { TamperedError };
