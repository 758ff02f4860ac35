// The form's steps and which questions each one asks. What the police need at
// once comes first, on one screen; everything optional after, on the next;
// then the check. (No zod here: the first screen lists drafts by step without
// loading the schema.)
import type { MessageKey } from '../../i18n/zh-CN';
import type { ReportInput } from '../../contract/schema';

export type Section = Exclude<keyof ReportInput, 'utcOffsetMinutes'>;

export interface StepDefinition {
  key: 'situation' | 'details' | 'review';
  title: MessageKey;
}

export const STEPS: readonly StepDefinition[] = [
  { key: 'situation', title: 'step.situation' },
  { key: 'details', title: 'step.details' },
  { key: 'review', title: 'step.review' },
];

export const SITUATION_STEP = 0;
export const DETAILS_STEP = 1;
export const REVIEW_STEP = STEPS.length - 1;

/** The questions of the first step, in the order asked; every other question but the declaration is a detail. */
export const SITUATION_FIELDS: readonly string[] = [
  'incident.immediateDanger',
  'actions.policeNotified',
  'actions.policeNotifiedAt',
  'actions.policeStation',
  'actions.policeIncidentNumber',
  'child.name',
  'child.description',
  'child.whereNow',
  'incident.circumstances',
  'incident.discoveredAt',
  'incident.narrative',
];

/** The step that asks the question `field` ("child.name"); a whole-report problem belongs to the review. */
export function stepOfField(field: string): number {
  if (SITUATION_FIELDS.includes(field)) return SITUATION_STEP;
  const section = field.split('.')[0] ?? '';
  const known: readonly string[] = ['reporter', 'child', 'incident', 'suspect', 'actions'];
  return known.includes(section) ? DETAILS_STEP : REVIEW_STEP;
}

/** A step from an address or a draft, within the steps there are (drafts from older versions had five). */
export function clampStep(step: number): number {
  return Number.isInteger(step) ? Math.min(Math.max(step, 0), REVIEW_STEP) : 0;
}
