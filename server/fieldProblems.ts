// Zod issues as the protocol reports them: a dotted path and a message.
import type { FieldProblem } from '../src/contract/protocol';

export function fieldProblems(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldProblem[] {
  return issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
