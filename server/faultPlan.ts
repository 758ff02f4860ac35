// Faults the end-to-end tests ask for (only with RECEIVER_TEST_HOOKS=1): the
// next report POSTs fail with a status, or are stored but never acknowledged.
import * as z from 'zod/mini';

const count = z.int().check(z.minimum(0));

export const faultsRequestSchema = z.object({
  /** Answer the next n report POSTs with `status`, storing nothing. */
  failNext: z.optional(count),
  status: z.optional(z.int().check(z.minimum(400), z.maximum(599))),
  /** A Retry-After header to send with those failures: seconds or an HTTP date. */
  retryAfter: z.optional(z.union([count, z.string()])),
  /** Store the next m acknowledged reports, then hang up instead of answering. */
  dropAfterStore: z.optional(count),
});

export type FaultsRequest = z.output<typeof faultsRequestSchema>;

export interface InjectedFailure {
  status: number;
  retryAfter: string | undefined;
}

export interface FaultPlan {
  set(request: FaultsRequest): void;
  /** The failure to answer this POST with, if one is planned (and counts it). */
  takeFailure(): InjectedFailure | undefined;
  /** Whether to drop this acknowledgement (and counts it). */
  takeDrop(): boolean;
  reset(): void;
  describe(): { failNext: number; status: number; retryAfter: string | undefined; dropAfterStore: number };
}

export function createFaultPlan(): FaultPlan {
  let failuresLeft = 0;
  let failure: InjectedFailure = { status: 500, retryAfter: undefined };
  let dropsLeft = 0;
  return {
    set(request) {
      if (request.failNext !== undefined) {
        failuresLeft = request.failNext;
        failure = {
          status: request.status ?? 500,
          retryAfter: request.retryAfter === undefined ? undefined : String(request.retryAfter),
        };
      }
      if (request.dropAfterStore !== undefined) dropsLeft = request.dropAfterStore;
    },
    takeFailure() {
      if (failuresLeft === 0) return undefined;
      failuresLeft -= 1;
      return failure;
    },
    takeDrop() {
      if (dropsLeft === 0) return false;
      dropsLeft -= 1;
      return true;
    },
    reset() {
      failuresLeft = 0;
      dropsLeft = 0;
      failure = { status: 500, retryAfter: undefined };
    },
    describe: () => ({ failNext: failuresLeft, ...failure, dropAfterStore: dropsLeft }),
  };
}
