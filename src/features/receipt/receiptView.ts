// What a printed receipt may show, picked from an outbox item by an allow-list.
// A receipt proves that, and when, a report was filed; it must disclose nothing
// about the case (MPL Art. 103, PIPL Art. 28): no child, no circumstance, no
// narrative, suspect or guardian, no reporter phone. So this is the only place
// the receipt reads the report, and it names each field it takes; a field
// added to the report later stays off the receipt until it is named here.
import type { OutboxItem } from '../../storage/db';
import { contentHash } from '../../contract/contentHash';
import { formatReference } from '../../contract/referenceCode';
import type { ReceiptDetails } from '../../vault/content';
import { agencyAnswerOf } from '../../sync/keptStatus';
import type { ReferralDepartment, ReportStatus } from '../../contract/reportStatus';

export type ReceiptStatus =
  | { received: false }
  | {
      received: true;
      receiptId: string | undefined;
      receivedAt: string | undefined;
      /** The agency's signed acknowledgement; missing for reports acknowledged before receivers signed. */
      acknowledgement?: string;
    };

export interface ReceiptView {
  /** The reference code without separators, e.g. "7W62N7KV9". */
  reference: string;
  reporterName: string;
  reporterUnit: string;
  /** When the harm was discovered: local wall-clock "YYYY-MM-DDTHH:mm", as typed. */
  discoveredAt: string | undefined;
  /** When the report was filed on this device (ISO). */
  submittedAt: string;
  /** When the police were called: local wall-clock, as typed. */
  policeNotifiedAt: string | undefined;
  policeIncidentNumber: string | undefined;
  status: ReceiptStatus;
  /** "sha256:<hex>", or '' while it has not been fixed yet (reports queued before version 2). */
  contentHash: string;
  /** Where it stands with the agency once the agency has answered: the status and since when, in words when shown. Never the agency's note. */
  agencyStatus?: { status: ReportStatus; referredTo?: ReferralDepartment; at?: string };
}

/** The agency's latest answer as a receipt may show it: its status, where it was referred, since when; never its note. */
function agencyStatusOf(item: OutboxItem): ReceiptView['agencyStatus'] {
  const answer = agencyAnswerOf(item);
  if (!answer || answer.status === 'received') return undefined; // the receipt says "received" already
  const { status, referredTo, at } = answer;
  return { status, ...(referredTo && { referredTo }), ...(at && { at }) };
}

const given = (value: string | undefined): string | undefined => (value?.trim() ? value.trim() : undefined);

/**
 * The receipt's content: only the fields listed here, copied one by one.
 * `details` is the sealed receipt part, opened (see src/vault/content.ts); a
 * report stored in clear by an older version gives the same fields itself.
 */
export function receiptView(item: OutboxItem, details?: ReceiptDetails): ReceiptView {
  // Defensive reads: once a report is acknowledged its content may be dropped from the device.
  const report = item.report as Partial<NonNullable<OutboxItem['report']>> | undefined;
  return {
    reference: item.reference,
    reporterName: details?.reporterName ?? report?.reporter?.name ?? '',
    reporterUnit: details?.unitName ?? report?.reporter?.unitName ?? '',
    discoveredAt: given(details?.discoveredAt ?? report?.incident?.discoveredAt),
    submittedAt: item.submittedAt,
    policeNotifiedAt: given(details?.policeNotifiedAt ?? report?.actions?.policeNotifiedAt),
    policeIncidentNumber: given(details?.policeIncidentNumber ?? report?.actions?.policeIncidentNumber),
    status:
      item.status === 'acknowledged'
        ? {
            received: true,
            receiptId: item.receiptId,
            receivedAt: item.receivedAt,
            ...(item.acknowledgement ? { acknowledgement: item.acknowledgement } : {}),
          }
        : { received: false },
    contentHash: item.contentHash,
    agencyStatus: agencyStatusOf(item),
  };
}

/** The item's content hash; computed from the report when it has not been fixed yet. */
export async function receiptContentHash(item: OutboxItem): Promise<string> {
  if (item.contentHash) return item.contentHash;
  return item.report ? contentHash(item.report) : '';
}

/**
 * What the receipt's QR code holds: the agency's signed acknowledgement, as
 * it signed it, once the report is acknowledged with one; otherwise the
 * reference code only, which proves the filing and not the receipt.
 */
export function receiptCodeText(view: ReceiptView): string {
  return view.status.received && view.status.acknowledgement ? view.status.acknowledgement : formatReference(view.reference);
}
