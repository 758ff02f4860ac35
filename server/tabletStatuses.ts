// GET /api/reports/status?ids=… (docs/sync-protocol.md, "Statuses"): the
// tablet asks for the latest signed status change of the reports it filed.
// The answer holds only ids it asked for that are stored and have a change:
// nothing about any other report, no count, no "unknown".
import { MAX_STATUS_IDS, type StatusAnswer } from '../src/contract/reportStatus';
import { isReportId } from '../src/contract/reportId';
import { problem, type JsonAnswer } from './answer';
import type { ReportStore } from './store';

const badQuery = (message: string): JsonAnswer => problem(400, 'invalid_query', message);

/** The distinct ids asked for, in the order first asked, or why the query is refused. */
export function askedIds(query: URLSearchParams): string[] | JsonAnswer {
  const given = query.getAll('ids');
  if (given.length !== 1) return badQuery('Give the report ids once, as ids=<id>,<id>,….');
  const ids = (given[0] as string).split(',');
  if (ids.length > MAX_STATUS_IDS) return badQuery(`At most ${MAX_STATUS_IDS} ids may be asked for at once.`);
  if (!ids.every(isReportId)) return badQuery('Every id must be a report id (a lowercase UUID).');
  return [...new Set(ids)];
}

export async function answerStatuses(store: ReportStore, query: URLSearchParams): Promise<JsonAnswer> {
  const ids = askedIds(query);
  if (!Array.isArray(ids)) return ids;
  const latest = new Map((await store.latestStatuses(ids)).map((entry) => [entry.reportId, entry.change]));
  const body: StatusAnswer = {
    statuses: ids.flatMap((id) => {
      const change = latest.get(id);
      return change === undefined ? [] : [{ id, change }];
    }),
  };
  return { status: 200, body, logDetail: `ids=${ids.length} statuses=${body.statuses.length}` };
}
