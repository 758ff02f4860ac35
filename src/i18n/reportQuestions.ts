// The report's questions in the groups the user sees them in: the first step's
// essentials, then the folds of the details step. The review lists answers by
// these groups, and the details step opens a fold that holds an answer or an
// error. The agency's inbox (src/inbox/) shows a received report by the same
// groups, in the same order, under the same labels.
import type { MessageKey } from './zh-CN';

/** How an answer is shown on the review. */
export type AnswerKind = 'text' | 'date' | 'dateTime' | 'boolean' | { choice: string } | { choices: string };

export interface Question {
  name: string;
  label: MessageKey;
  kind?: AnswerKind;
  /** Always listed on the review, answered or not: what is required, and yes/no answers that matter either way. */
  always?: boolean;
}

export interface QuestionGroup {
  key: 'situation' | 'child' | 'incident' | 'suspect' | 'actions' | 'reporter';
  title: MessageKey;
  questions: readonly Question[];
}

export const SITUATION_GROUP: QuestionGroup = {
  key: 'situation',
  title: 'step.situation',
  questions: [
    { name: 'incident.immediateDanger', label: 'incident.immediateDanger', kind: { choice: 'common' }, always: true },
    { name: 'actions.policeNotified', label: 'actions.policeNotified', kind: 'boolean', always: true },
    { name: 'child.name', label: 'child.name' },
    { name: 'child.description', label: 'child.description' },
    { name: 'child.whereNow', label: 'child.whereNow', always: true },
    { name: 'incident.circumstances', label: 'incident.circumstances', kind: { choices: 'circumstance' }, always: true },
    { name: 'incident.discoveredAt', label: 'incident.discoveredAt', kind: 'dateTime', always: true },
    { name: 'incident.narrative', label: 'incident.narrative', always: true },
  ],
};

/** The folds of the details step, in order. */
export const DETAIL_GROUPS: readonly QuestionGroup[] = [
  {
    key: 'child',
    title: 'details.child',
    questions: [
      { name: 'child.sex', label: 'child.sex', kind: { choice: 'sex' } },
      { name: 'child.dateOfBirth', label: 'child.dateOfBirth', kind: 'date' },
      { name: 'child.ageYears', label: 'child.ageYears' },
      { name: 'child.address', label: 'child.address' },
      { name: 'child.school', label: 'child.school' },
      { name: 'child.className', label: 'child.className' },
      { name: 'child.guardians', label: 'child.guardians' },
      { name: 'child.careStatus', label: 'child.careStatus', kind: { choice: 'careStatus' } },
      { name: 'child.disability', label: 'child.disability' },
      { name: 'child.languageNeeds', label: 'child.languageNeeds' },
    ],
  },
  {
    key: 'incident',
    title: 'details.incident',
    questions: [
      { name: 'incident.occurredAt', label: 'incident.occurredAt', kind: 'dateTime' },
      { name: 'incident.occurredPlace', label: 'incident.occurredPlace' },
      { name: 'incident.childWords', label: 'incident.childWords' },
      { name: 'incident.injuries', label: 'incident.injuries' },
    ],
  },
  {
    key: 'suspect',
    title: 'details.suspect',
    questions: [
      { name: 'suspect.known', label: 'suspect.known', kind: { choice: 'common' } },
      { name: 'suspect.name', label: 'suspect.name' },
      { name: 'suspect.relationship', label: 'suspect.relationship' },
      { name: 'suspect.hasAccess', label: 'suspect.hasAccess', kind: { choice: 'common' } },
    ],
  },
  {
    key: 'actions',
    title: 'details.actions',
    questions: [
      { name: 'actions.policeNotifiedAt', label: 'actions.policeNotifiedAt', kind: 'dateTime' },
      { name: 'actions.policeStation', label: 'actions.policeStation' },
      { name: 'actions.policeIncidentNumber', label: 'actions.policeIncidentNumber' },
      { name: 'actions.otherAgencies', label: 'actions.otherAgencies', kind: { choices: 'agency' } },
      { name: 'actions.otherAgenciesNote', label: 'actions.otherAgenciesNote' },
      { name: 'actions.guardianInformed', label: 'actions.guardianInformed', kind: { choice: 'common' } },
      { name: 'actions.guardianNotInformedReason', label: 'actions.guardianNotInformedReason' },
      { name: 'actions.medicalCare', label: 'actions.medicalCare' },
    ],
  },
  {
    key: 'reporter',
    title: 'details.reporter',
    questions: [
      { name: 'reporter.name', label: 'reporter.name', always: true },
      { name: 'reporter.unitName', label: 'reporter.unitName', always: true },
      { name: 'reporter.unitType', label: 'reporter.unitType', kind: { choice: 'unitType' }, always: true },
      { name: 'reporter.position', label: 'reporter.position' },
      { name: 'reporter.phone', label: 'reporter.phone', always: true },
      { name: 'reporter.howKnown', label: 'reporter.howKnown', kind: { choice: 'howKnown' } },
      { name: 'reporter.confidential', label: 'reporter.confidential', kind: 'boolean', always: true },
    ],
  },
];

export const detailGroup = (key: QuestionGroup['key']): QuestionGroup =>
  DETAIL_GROUPS.find((group) => group.key === key) ?? SITUATION_GROUP;

/** Whether the user gave an answer: "not known" and an empty list are no answer. */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false || value === 'unknown') return false;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'string' || value.trim() !== '';
}

/** The value at "section.field" in the form's values. */
export function valueAt(values: unknown, name: string): unknown {
  return name.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
}
