// A report's answers, group by group, as a description list: on the review
// with a "Change" link beside each, and read-only for a filed report. Lists
// the questions that apply and were answered (and those always shown).
import { Link } from '../../lib/Link';
import { questionApplies } from '../../contract/conditions';
import { useI18n, type I18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';
import { fieldId } from './fields';
import { DETAIL_GROUPS, isAnswered, SITUATION_GROUP, valueAt, type AnswerKind, type Question } from './questionGroups';

function display(i18n: I18n, value: unknown, kind: AnswerKind = 'text'): string {
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
export function listed(questions: readonly Question[], values: unknown): Question[] {
  return questions.filter(
    (question) => questionApplies(question.name, values) && (question.always || isAnswered(valueAt(values, question.name))),
  );
}

/** Whether some optional question was left out because it was not answered. */
export function hasUnlistedAnswers(values: unknown): boolean {
  return DETAIL_GROUPS.some((group) => listed(group.questions, values).length < group.questions.length);
}

interface AnswerListProps {
  values: unknown;
  /** Where "Change" goes for a question; no links when absent (a filed report is read-only). */
  changeLink?: (name: string) => string;
}

export function AnswerList({ values, changeLink }: AnswerListProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const groups = [SITUATION_GROUP, ...DETAIL_GROUPS]
    .map((group) => ({ group, questions: listed(group.questions, values) }))
    .filter(({ questions }) => questions.length > 0);
  return (
    <>
      {groups.map(({ group, questions }) => (
        <section key={group.key} className="review-section" aria-labelledby={`review-${group.key}`}>
          <h3 id={`review-${group.key}`}>{t(group.title)}</h3>
          <dl>
            {questions.map((question) => (
              <div key={question.name} className={changeLink ? 'review-row' : 'review-row read-only'} id={`review-${fieldId(question.name)}`}>
                <dt>{t(question.label)}</dt>
                <dd>{display(i18n, valueAt(values, question.name), question.kind)}</dd>
                {changeLink ? (
                  <dd className="review-change">
                    <Link to={changeLink(question.name)}>
                      {t('review.change')}
                      <span className="visually-hidden"> {t(question.label)}</span>
                    </Link>
                  </dd>
                ) : null}
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
