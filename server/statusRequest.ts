// The body of POST /api/inbox/reports/<id>/status, checked member by member:
// { status, referredTo?, note? }. The note goes to the reporter as the
// officer wrote it, so it is plain text: trimmed, at most
// MAX_STATUS_NOTE_CHARS, no control characters but the newline, no
// direction overrides that would show it in another order than written.
import type { FieldProblem } from '../src/contract/protocol';
import {
  MAX_STATUS_NOTE_CHARS,
  REFERRAL_DEPARTMENTS,
  REPORT_STATUSES,
  type ReferralDepartment,
  type SetStatus,
} from '../src/contract/reportStatus';
import { problem, type JsonAnswer } from './answer';

export interface StatusRequest {
  status: SetStatus;
  referredTo?: ReferralDepartment;
  /** Trimmed; absent when the officer wrote none. */
  note?: string;
}

const MEMBERS = new Set(['status', 'referredTo', 'note']);
const SET_STATUSES = REPORT_STATUSES.filter((status) => status !== 'received');

/** C0 and C1 controls but "\n", line and paragraph separators, bidirectional overrides and isolates, and lone surrogates. */
const FORBIDDEN_IN_NOTE = /(?!\n)[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

function noteProblem(note: unknown): string | undefined {
  if (typeof note !== 'string') return 'must be text';
  if (note.trim().length > MAX_STATUS_NOTE_CHARS) return `must be at most ${MAX_STATUS_NOTE_CHARS} characters`;
  if (FORBIDDEN_IN_NOTE.test(note)) return 'must be plain text: no control characters but the newline';
  return undefined;
}

export function statusRequestIn(text: string): StatusRequest | { answer: JsonAnswer } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { answer: problem(400, 'malformed_json', 'The body is not valid JSON.') };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { answer: problem(400, 'invalid_status_change', 'The body must be an object { status, referredTo?, note? }.') };
  }
  const body = json as Record<string, unknown>;
  const fields: FieldProblem[] = Object.keys(body)
    .filter((key) => !MEMBERS.has(key))
    .map((path) => ({ path, message: 'is not a member of a status change' }));
  const { status, referredTo, note } = body;
  if (typeof status !== 'string' || !(SET_STATUSES as readonly string[]).includes(status)) {
    fields.push({ path: 'status', message: `must be one of ${SET_STATUSES.join(', ')}` });
  }
  if (status === 'referred' && !(REFERRAL_DEPARTMENTS as readonly unknown[]).includes(referredTo)) {
    fields.push({ path: 'referredTo', message: `must be one of ${REFERRAL_DEPARTMENTS.join(', ')} for a referred report` });
  } else if (status !== 'referred' && referredTo !== undefined) {
    fields.push({ path: 'referredTo', message: 'is only for a referred report' });
  }
  const problemWithNote = note === undefined ? undefined : noteProblem(note);
  if (problemWithNote) fields.push({ path: 'note', message: problemWithNote });
  if (fields.length > 0) return { answer: problem(400, 'invalid_status_change', 'The status change is malformed.', { fields }) };
  const trimmed = typeof note === 'string' ? note.trim() : '';
  return {
    status: status as SetStatus,
    ...(status === 'referred' && { referredTo: referredTo as ReferralDepartment }),
    ...(trimmed !== '' && { note: trimmed }),
  };
}
