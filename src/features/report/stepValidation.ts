// Validation by step: one schema, each step shows the problems of its own questions.
import { withoutAnswersThatDoNotApply } from '../../contract/conditions';
import { reportSchema } from '../../contract/schema';
import { REVIEW_STEP, stepOfField } from './steps';

export interface FieldIssue {
  /** The form field, e.g. "child.name". */
  field: string;
  /** A message key from the schema. */
  message: string;
  step: number;
}

/**
 * Every problem with the report, one per field, in the order of the steps.
 * Answers to questions that do not apply are dropped first, as filing drops
 * them: a hidden field can hold nothing the user would have to fix.
 */
export function validateReport(values: unknown): FieldIssue[] {
  const result = reportSchema.safeParse(withoutAnswersThatDoNotApply(values));
  if (result.success) return [];
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    // Fields are two levels deep ("child.name"); an issue inside an array belongs to its field.
    const field = issue.path.slice(0, 2).map(String).join('.') || 'report';
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: issue.message, step: stepOfField(field) });
  }
  return issues.sort((a, b) => a.step - b.step);
}

/** The problems one step must fix before the user moves on; the review step checks the whole report. */
export function validateStep(values: unknown, step: number): FieldIssue[] {
  const issues = validateReport(values);
  return step === REVIEW_STEP ? issues : issues.filter((issue) => issue.step === step);
}
