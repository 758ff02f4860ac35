// The form's steps and which parts of the report each one validates.
import type { MessageKey } from '../i18n/zh-CN';
import { reportSchema, type ReportInput } from './schema';

export type Section = Exclude<keyof ReportInput, 'utcOffsetMinutes'>;

export interface StepDefinition {
  key: 'reporter' | 'child' | 'incident' | 'suspectActions' | 'review';
  title: MessageKey;
  sections: readonly Section[];
}

export const STEPS: readonly StepDefinition[] = [
  { key: 'reporter', title: 'step.reporter', sections: ['reporter'] },
  { key: 'child', title: 'step.child', sections: ['child'] },
  { key: 'incident', title: 'step.incident', sections: ['incident'] },
  { key: 'suspectActions', title: 'step.suspectActions', sections: ['suspect', 'actions'] },
  { key: 'review', title: 'step.review', sections: ['declaration'] },
];

export const REVIEW_STEP = STEPS.length - 1;

export interface FieldIssue {
  /** The form field, e.g. "child.name". */
  field: string;
  /** A message key from the schema. */
  message: string;
  step: number;
}

export function stepOfSection(section: string): number {
  const index = STEPS.findIndex((step) => (step.sections as readonly string[]).includes(section));
  return index < 0 ? REVIEW_STEP : index;
}

/** Every problem with the report, one per field, in the order of the steps. */
export function validateReport(values: unknown): FieldIssue[] {
  const result = reportSchema.safeParse(values);
  if (result.success) return [];
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  for (const issue of result.error.issues) {
    // Fields are two levels deep ("child.name"); an issue inside an array belongs to its field.
    const field = issue.path.slice(0, 2).map(String).join('.') || 'report';
    if (seen.has(field)) continue;
    seen.add(field);
    issues.push({ field, message: issue.message, step: stepOfSection(String(issue.path[0] ?? '')) });
  }
  return issues.sort((a, b) => a.step - b.step);
}

/** The problems one step must fix before the user moves on; the review step checks the whole report. */
export function validateStep(values: unknown, step: number): FieldIssue[] {
  const issues = validateReport(values);
  return step === REVIEW_STEP ? issues : issues.filter((issue) => issue.step === step);
}
