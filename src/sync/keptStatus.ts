// What a kept status change says. The tablet keeps the agency's signed change
// (a compact JWS) only once its signature verified (askStatuses.ts), so what
// the screens show is read from it without checking it again, and without jose.
import { statusChangeIn, type ReferralDepartment, type ReportStatus, type StatusChange } from '../contract/reportStatus';
import type { OutboxItem } from '../storage/db';

/** The payload of a compact JWS, as JSON; undefined when it is not one. */
function payloadOf(jws: string): unknown {
  const [, payload] = jws.split('.');
  if (!payload || !/^[A-Za-z0-9_-]+$/.test(payload)) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)))) as unknown;
  } catch {
    return undefined;
  }
}

/** The status change a kept JWS holds; undefined when none is kept. */
export function keptStatusChange(jws: string | undefined): StatusChange | undefined {
  return jws === undefined ? undefined : statusChangeIn(payloadOf(jws));
}

/** Where a report stands with the agency, as the screens show it. */
export interface AgencyAnswer {
  status: ReportStatus;
  /** Where a referred report went. */
  referredTo?: ReferralDepartment;
  /** Since when (ISO): the change's time, or for "received" the receipt's. */
  at?: string;
  /** The agency's note to the reporter: plain text, shown as text. */
  note?: string;
  /** The agency's name, as it signed the change. */
  agency?: string;
}

/** "Received" from the acknowledgement until a change is kept; undefined before the acknowledgement. */
export function agencyAnswerOf(item: Pick<OutboxItem, 'status' | 'statusChange' | 'receivedAt' | 'acknowledgedAt'>): AgencyAnswer | undefined {
  if (item.status !== 'acknowledged') return undefined;
  const change = keptStatusChange(item.statusChange);
  if (!change) {
    const at = item.receivedAt ?? item.acknowledgedAt;
    return at === undefined ? { status: 'received' } : { status: 'received', at };
  }
  const { status, referredTo, at, note, agency } = change;
  return { status, at, ...(referredTo && { referredTo }), ...(note && { note }), ...(agency && { agency }) };
}
