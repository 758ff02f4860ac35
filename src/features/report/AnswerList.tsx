// A report's answers, group by group, as a description list: on the review
// with a "Change" link beside each, and read-only for a filed report. Lists
// the questions that apply and were answered (and those always shown).
import { Link } from '../../lib/Link';
import { answerText, listedGroups, listedQuestions } from '../../i18n/answerText';
import { useI18n } from '../../i18n/I18nProvider';
import { fieldId } from './fields';
import { DETAIL_GROUPS, valueAt } from '../../i18n/reportQuestions';

/** Whether some optional question was left out because it was not answered. */
export function hasUnlistedAnswers(values: unknown): boolean {
  return DETAIL_GROUPS.some((group) => listedQuestions(group.questions, values).length < group.questions.length);
}

interface AnswerListProps {
  values: unknown;
  /** Where "Change" goes for a question; no links when absent (a filed report is read-only). */
  changeLink?: (name: string) => string;
}

export function AnswerList({ values, changeLink }: AnswerListProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const groups = listedGroups(values);
  return (
    <>
      {groups.map(({ group, questions }) => (
        <section key={group.key} className="review-section" aria-labelledby={`review-${group.key}`}>
          <h3 id={`review-${group.key}`}>{t(group.title)}</h3>
          <dl>
            {questions.map((question) => (
              <div key={question.name} className={changeLink ? 'review-row' : 'review-row read-only'} id={`review-${fieldId(question.name)}`}>
                <dt>{t(question.label)}</dt>
                <dd>{answerText(i18n, valueAt(values, question.name), question.kind)}</dd>
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
