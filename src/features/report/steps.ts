// The form's steps and which parts of the report each one validates.
// (No zod here: the first screen lists drafts by step without loading the schema.)
import type { MessageKey } from '../../i18n/zh-CN';
import type { ReportInput } from '../../contract/schema';

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

export function stepOfSection(section: string): number {
  const index = STEPS.findIndex((step) => (step.sections as readonly string[]).includes(section));
  return index < 0 ? REVIEW_STEP : index;
}
