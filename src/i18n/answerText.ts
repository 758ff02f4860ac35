// A report's answers in words, for reading: the tablet's review and read-only
// view (features/report/AnswerList.tsx) and the agency's inbox show each
// answer the same way, and list the same questions.
import { questionApplies } from '../contract/conditions';
import type { I18n } from './I18nProvider';
import type { MessageKey } from './zh-CN';
import { DETAIL_GROUPS, isAnswered, SITUATION_GROUP, valueAt, type AnswerKind, type Question, type QuestionGroup } from './reportQuestions';

/** One answer as the reader sees it: a date in the language's format, a code as its words, "not given" for none. */
export function answerText(i18n: I18n, value: unknown, kind: AnswerKind = 'text'): string {
  const { t } = i18n;
  if (kind === 'boolean') return value ? t('common.yes') : t('common.no');
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) {
    return t('common.notGiven');
  }
  if (kind === 'dateTime') return i18n.formatDateTime(String(value));
  if (kind === 'date') return i18n.formatDate(`${String(value)}T00:00`);
  if (typeof kind === 'object' && 'choice' in kind) return t(`${kind.choice}.${String(value)}` as MessageKey);
  if (typeof kind === 'object' && 'choices' in kind && Array.isArray(value)) {
    return value.map((item) => t(`${kind.choices}.${String(item)}` as MessageKey)).join(t('common.listSeparator'));
  }
  return String(value);
}

/** The questions of a group to list: those that apply, answered or always listed. */
export function listedQuestions(questions: readonly Question[], values: unknown): Question[] {
  return questions.filter(
    (question) => questionApplies(question.name, values) && (question.always || isAnswered(valueAt(values, question.name))),
  );
}

/** The groups to show of a report, in the form's order, each with its questions to list; groups with none left out. */
export function listedGroups(values: unknown): { group: QuestionGroup; questions: Question[] }[] {
  return [SITUATION_GROUP, ...DETAIL_GROUPS]
    .map((group) => ({ group, questions: listedQuestions(group.questions, values) }))
    .filter(({ questions }) => questions.length > 0);
}
