// Which questions apply, given the other answers. One list for everyone: the
// form shows a question only when it applies, the review lists only those,
// and the schema drops the answers of the others, so that what a user typed
// and then made irrelevant (police details, then "not called") is never sent.

/** The answers a condition reads; the form's values, valid or not, so every read is defensive. */
type Answers = Record<string, unknown>;

const sectionOf = (answers: unknown, key: string): Answers => {
  const section = typeof answers === 'object' && answers !== null ? (answers as Answers)[key] : undefined;
  return typeof section === 'object' && section !== null ? (section as Answers) : {};
};

const policeCalled = (answers: unknown) => sectionOf(answers, 'actions').policeNotified === true;
const suspectKnown = (answers: unknown) => sectionOf(answers, 'suspect').known === 'yes';
const guardianNotTold = (answers: unknown) => sectionOf(answers, 'actions').guardianInformed === 'no';
const otherAgenciesTold = (answers: unknown) => {
  const agencies = sectionOf(answers, 'actions').otherAgencies;
  return Array.isArray(agencies) && agencies.length > 0;
};

/** Each question that depends on another answer, with the test for when it applies. */
export const CONDITIONAL_QUESTIONS = {
  'actions.policeNotifiedAt': policeCalled,
  'actions.policeStation': policeCalled,
  'actions.policeIncidentNumber': policeCalled,
  'suspect.name': suspectKnown,
  'suspect.relationship': suspectKnown,
  'suspect.hasAccess': suspectKnown,
  'actions.otherAgenciesNote': otherAgenciesTold,
  'actions.guardianNotInformedReason': guardianNotTold,
} as const satisfies Record<string, (answers: unknown) => boolean>;

/** The answers the conditions read: a form re-checks what applies when one of these changes. */
export const CONDITION_SOURCES = [
  'actions.policeNotified',
  'suspect.known',
  'actions.otherAgencies',
  'actions.guardianInformed',
] as const;

export type ConditionalQuestion = keyof typeof CONDITIONAL_QUESTIONS;

/** Whether the question `field` ("actions.policeStation") applies to these answers; unconditional ones always do. */
export function questionApplies(field: string, answers: unknown): boolean {
  const applies = (CONDITIONAL_QUESTIONS as Record<string, (answers: unknown) => boolean>)[field];
  return applies ? applies(answers) : true;
}

/** A copy of the report without the answers of questions that do not apply. */
export function withoutAnswersThatDoNotApply<T>(report: T): T {
  if (typeof report !== 'object' || report === null) return report;
  const copy: Answers = { ...(report as Answers) };
  for (const field of Object.keys(CONDITIONAL_QUESTIONS)) {
    if (questionApplies(field, report)) continue;
    const [section, key] = field.split('.') as [string, string];
    const inner = copy[section];
    if (typeof inner !== 'object' || inner === null || !(key in inner)) continue;
    const trimmed: Answers = { ...(inner as Answers) };
    delete trimmed[key];
    copy[section] = trimmed;
  }
  return copy as T;
}
