// What a route answers, before it is written to the socket.
import type { ErrorCode, ProblemBody } from '../src/contract/protocol';

interface AnswerBase {
  status: number;
  headers?: Record<string, string>;
  /** Hang up after answering, e.g. when the rest of an oversized body should not be read. */
  closeConnection?: boolean;
  /** Added to the request's log line, e.g. a batch's "results=201x18,200x2". Never report content. */
  logDetail?: string;
}

export interface JsonAnswer extends AnswerBase {
  /** Sent as JSON; undefined for an empty body. */
  body?: unknown;
}

/** A file of the inbox page, sent as it is; `headers` name its type and caching. */
export interface FileAnswer extends AnswerBase {
  file: Buffer;
}

/** "drop": close the connection without answering, as a lost acknowledgement would look. */
export type Answer = JsonAnswer | FileAnswer | 'drop';

/** An error answer: a stable code for programs and a sentence for people. Never report content. */
export function problem(status: number, error: ErrorCode, message: string, extra: Pick<ProblemBody, 'fields'> = {}): JsonAnswer {
  const body: ProblemBody = { error, message, ...extra };
  return { status, body };
}

/** How long a client is asked to wait when the database cannot answer now. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = '2';

/** 503 with Retry-After: not received, or not known to be, and worth retrying soon. */
export function unavailable(error: ErrorCode, message: string, extra: Record<string, unknown> = {}): JsonAnswer {
  return { ...problem(503, error, message, extra), headers: { 'Retry-After': UNAVAILABLE_RETRY_AFTER_SECONDS } };
}
