// A received report's answers, read-only: the tablet's groups, order and
// labels (i18n/reportQuestions.ts, answerText.ts), as the reporter saw them
// on the review before filing.
import { answerText, listedGroups } from '../i18n/answerText';
import { useI18n } from '../i18n/I18nProvider';
import { valueAt } from '../i18n/reportQuestions';

export function ReportAnswers({ values }: { values: unknown }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      {listedGroups(values).map(({ group, questions }) => (
        <section key={group.key} className="review-section" aria-labelledby={`answers-${group.key}`}>
          <h3 id={`answers-${group.key}`}>{t(group.title)}</h3>
          <dl>
            {questions.map((question) => (
              <div key={question.name} className="review-row read-only">
                <dt>{t(question.label)}</dt>
                <dd>{answerText(i18n, valueAt(values, question.name), question.kind)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
