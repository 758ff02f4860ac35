// A received report's answers, read-only: the tablet's groups, order and
// labels (i18n/reportQuestions.ts, answerText.ts), as the reporter saw them
// on the review before filing; only where the tablet says "you" to the
// reporter does the officer read "the reporter".
import { answerText, listedGroups } from '../i18n/answerText';
import { useI18n } from '../i18n/I18nProvider';
import type { InboxMessageKey } from '../i18n/inboxZhCN';
import { valueAt } from '../i18n/reportQuestions';
import type { MessageKey } from '../i18n/zh-CN';
import { useInboxText } from './inboxText';

const FOR_THE_OFFICER: Partial<Record<MessageKey, InboxMessageKey>> = {
  'details.reporter': 'inbox.answers.reporter',
  'reporter.name': 'inbox.answers.reporterName',
  'reporter.howKnown': 'inbox.answers.howKnown',
  'reporter.confidential': 'inbox.answers.confidential',
};

export function ReportAnswers({ values }: { values: unknown }) {
  const i18n = useI18n();
  const ti = useInboxText();
  const label = (key: MessageKey) => {
    const officers = FOR_THE_OFFICER[key];
    return officers ? ti(officers) : i18n.t(key);
  };
  return (
    <>
      {listedGroups(values).map(({ group, questions }) => (
        <section key={group.key} className="review-section" aria-labelledby={`answers-${group.key}`}>
          <h3 id={`answers-${group.key}`}>{label(group.title)}</h3>
          <dl>
            {questions.map((question) => (
              <div key={question.name} className="review-row read-only">
                <dt>{label(question.label)}</dt>
                <dd>{answerText(i18n, valueAt(values, question.name), question.kind)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </>
  );
}
