// What a kept status change says. The tablet keeps the agency's signed change
// (a compact JWS) only once its signature verified (askStatuses.ts), so what
// the screens show is read from it without checking it again, and without jose.
import { statusChangeIn, type ReportStatus, type StatusChange } from '../contract/reportStatus';
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

/** Where a report stands with the agency: "received" from its acknowledgement until a change is kept; undefined before. */
export function agencyStatusOf(item: Pick<OutboxItem, 'status' | 'statusChange'>): ReportStatus | undefined {
  if (item.status !== 'acknowledged') return undefined;
  return keptStatusChange(item.statusChange)?.status ?? 'received';
}
