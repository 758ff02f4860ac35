// The answer to a batch of reports (docs/sync-protocol.md, "Sending several
// reports at once"), from its body: the whole request refused, or a result
// for each report, each what the report would get on its own.
import * as z from 'zod/mini';
import type { BatchLimits } from '../src/contract/protocol';
import { problem, type JsonAnswer } from './answer';
import type { ReportIntake } from './reportIntake';
import { batchResultsDetail } from './requestLog';

const batchSchema = z.object({ reports: z.array(z.unknown()) });

export async function answerBatch(intake: ReportIntake, text: string, limits: BatchLimits, maxReportBytes: number): Promise<JsonAnswer> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return problem(400, 'malformed_json', 'The body is not valid JSON.');
  }
  const parsed = batchSchema.safeParse(json);
  if (!parsed.success) return problem(400, 'invalid_batch', 'A batch is an object with a "reports" array.');
  const { reports } = parsed.data;
  if (reports.length === 0 || reports.length > limits.maxReports) {
    return problem(400, 'invalid_batch', `A batch holds 1 to ${limits.maxReports} reports.`);
  }
  const answers = await intake.acceptBatch(reports, maxReportBytes);
  return {
    status: 200,
    body: { results: answers.map((answer) => ({ status: answer.status, ...(answer.body as Record<string, unknown>) })) },
    logDetail: batchResultsDetail(answers.map((answer) => answer.status)),
  };
}
