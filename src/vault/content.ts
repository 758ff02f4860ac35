// Sealing and opening what the tablet stores about reports. Each record's id
// and purpose are bound into its ciphertext (see crypto.ts).
import type { Draft, OutboxItem } from '../storage/db';
import type { Report, ReportInput } from '../contract/schema';
import {
  importPublicKey,
  keyRing,
  open,
  seal,
  sealerFor,
  TamperedError,
  type KeyRing,
  type Sealer,
} from './crypto';
import type { ProfileSession } from './keys';
import type { Bytes, Sealed, SealedFor } from '../storage/sealed';

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
  sealedForSending: SealedFor;
  sealedForOwner: Sealed;
  sealedReceipt: Sealed;
}

/**
 * Reports filed in one unlocked session are sealed for sending with one data
 * key, wrapped once to the outbox key: the sender then unwraps it once for all
 * of them (see keyRing) instead of once per report. The key is dropped with
 * the session.
 */
const sendingSealers = new WeakMap<ProfileSession, { publicKey: Bytes; sealer: Promise<Sealer> }>();

function sendingSealer(session: ProfileSession, outboxPublicKey: Bytes): Promise<Sealer> {
  const known = sendingSealers.get(session);
  if (known && sameBytes(known.publicKey, outboxPublicKey)) return known.sealer;
  const sealer = importPublicKey(outboxPublicKey).then(sealerFor);
  sendingSealers.set(session, { publicKey: outboxPublicKey.slice(), sealer });
  return sealer;
}

function sameBytes(a: Bytes, b: Bytes): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

/** The data keys the outbox key has unwrapped, per outbox key (so per session): dropped with it. */
const sendingKeyRings = new WeakMap<CryptoKey, KeyRing>();

function sendingKeyRing(outboxPrivateKey: CryptoKey): KeyRing {
  let ring = sendingKeyRings.get(outboxPrivateKey);
  if (!ring) {
    ring = keyRing(outboxPrivateKey);
    sendingKeyRings.set(outboxPrivateKey, ring);
  }
  return ring;
}

export async function sealReport(
  session: ProfileSession,
  outboxPublicKey: Bytes,
  id: string,
  report: Report,
): Promise<SealedReport> {
  return {
    sealedForSending: await (await sendingSealer(session, outboxPublicKey)).seal(report, purpose.sending(id)),
    sealedForOwner: await seal(session.dataKey, report, purpose.ownReport(id)),
    sealedReceipt: await seal(session.dataKey, receiptDetailsOf(report), purpose.receipt(id)),
  };
}

/** The owner's view of a report; undefined once its content was erased. */
export async function openOwnReport(session: ProfileSession, item: OutboxItem): Promise<Report | undefined> {
  if (item.sealedForOwner) return open<Report>(session.dataKey, item.sealedForOwner, purpose.ownReport(item.id));
  return item.report;
}

/** The report as the sync engine sends it, opened with the tablet's outbox key; undefined without that key. */
export async function openReportForSending(session: ProfileSession | undefined, item: OutboxItem): Promise<Report | undefined> {
  if (item.report) return item.report;
  if (!item.sealedForSending || !session?.outboxPrivateKey) return undefined;
  return sendingKeyRing(session.outboxPrivateKey).open<Report>(item.sealedForSending, purpose.sending(item.id));
}

export async function openReceiptDetails(session: ProfileSession, item: OutboxItem): Promise<ReceiptDetails | undefined> {
  if (item.sealedReceipt) return open<ReceiptDetails>(session.dataKey, item.sealedReceipt, purpose.receipt(item.id));
  return item.report ? receiptDetailsOf(item.report) : undefined;
}

export { TamperedError };
