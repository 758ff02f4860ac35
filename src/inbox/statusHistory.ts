// A report's status history as the receiver that serves the inbox keeps it:
// signed changes (compact JWS, reportStatus.ts), oldest first. The page reads
// what each says and checks that it is a status change of this report; the
// signature is for the reporter's tablet, which pins the agency's signing
// keys (the inbox pins none: it trusts its own receiver as far as it lists).
import { statusChangeIn, type StatusChange } from '../contract/reportStatus';

/** A change of the history, or undefined where one cannot be read (shown as such, never dropped in silence). */
export type HistoryEntry = StatusChange | undefined;

const decoder = new TextDecoder('utf-8', { fatal: true });

/** What a signed status change says about report `id`; undefined when it is not one, or about another report. */
export async function readStatusChange(jws: string, id: string): Promise<StatusChange | undefined> {
  const parts = jws.split('.');
  if (parts.length !== 3) return undefined;
  const { base64url } = await import('jose');
  try {
    const change = statusChangeIn(JSON.parse(decoder.decode(base64url.decode(parts[1] as string))) as unknown);
    return change?.id === id ? change : undefined;
  } catch {
    return undefined;
  }
}

/** The history as the receiver lists it (oldest first), each change read. */
export const readHistory = (history: readonly string[], id: string): Promise<HistoryEntry[]> =>
  Promise.all(history.map((jws) => readStatusChange(jws, id)));
