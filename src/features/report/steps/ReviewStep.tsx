// Check answers (GOV.UK's pattern): the answers given, group by group, each
// with a "Change" link to that question; optional questions left empty are
// not listed. A child in danger with no police called gets the 110 prompt
// first. The declaration goes with the Submit button (see ReportForm).
import { useFormContext, useWatch } from 'react-hook-form';
import { Link } from '../../../lib/Link';
import { paths } from '../../../lib/router';
import { questionApplies } from '../../../contract/conditions';
import type { ReportInput } from '../../../contract/schema';
import { useI18n, type I18n } from '../../../i18n/I18nProvider';
import type { MessageKey } from '../../../i18n/zh-CN';
import { fieldId } from '../fields';
import { DETAIL_GROUPS, isAnswered, SITUATION_GROUP, valueAt, type AnswerKind, type Question } from '../questionGroups';
import { DETAILS_STEP, stepOfField } from '../steps';

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
function listed(questions: readonly Question[], values: unknown): Question[] {
  return questions.filter(
    (question) => questionApplies(question.name, values) && (question.always || isAnswered(valueAt(values, question.name))),
  );
}

export function ReviewStep({ draftId }: { draftId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { getValues } = useFormContext<ReportInput>();
  // Re-render when the prompt's answer changes; the other answers cannot change on this screen.
  useWatch<ReportInput, 'actions.policeNotified'>({ name: 'actions.policeNotified' });
  const values = getValues();
  const groups = [SITUATION_GROUP, ...DETAIL_GROUPS]
    .map((group) => ({ group, questions: listed(group.questions, values) }))
    .filter(({ questions }) => questions.length > 0);
  const unlisted = DETAIL_GROUPS.some((group) => listed(group.questions, values).length < group.questions.length);
  return (
    <div className="step review">
      <PoliceNotCalledPrompt />
      <p className="step-intro">{t('review.intro')}</p>
      {groups.map(({ group, questions }) => (
        <section key={group.key} className="review-section" aria-labelledby={`review-${group.key}`}>
          <h3 id={`review-${group.key}`}>{t(group.title)}</h3>
          <dl>
            {questions.map((question) => (
              <div key={question.name} className="review-row" id={`review-${fieldId(question.name)}`}>
                <dt>{t(question.label)}</dt>
                <dd>{display(i18n, valueAt(values, question.name), question.kind)}</dd>
                <dd className="review-change">
                  <Link to={paths.change(draftId, stepOfField(question.name), question.name)}>
                    {t('review.change')}
                    <span className="visually-hidden"> {t(question.label)}</span>
                  </Link>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      {unlisted ? (
        <p className="review-unlisted">
          {t('review.unlisted')} <Link to={paths.report(draftId, DETAILS_STEP)}>{t('review.addDetails')}</Link>
        </p>
      ) : null}
    </div>
  );
}

/** Danger now and no police called: say so before Submit, with the number to call and a way to record the call. */
function PoliceNotCalledPrompt() {
  const { t } = useI18n();
  const { setValue } = useFormContext<ReportInput>();
  const [danger, policeNotified] = useWatch<ReportInput, ['incident.immediateDanger', 'actions.policeNotified']>({
    name: ['incident.immediateDanger', 'actions.policeNotified'],
  });
  if (danger !== 'yes' || policeNotified === true) return null;
  return (
    <section className="danger-notice" role="alert" aria-labelledby="police-prompt-title">
      <h3 id="police-prompt-title">{t('review.policeTitle')}</h3>
      <p>{t('review.policeBody')}</p>
      <div className="danger-actions">
        <a className="button danger" href="tel:110">
          {t('danger.call110')}
        </a>
        <button
          type="button"
          className="button secondary"
          onClick={() => setValue('actions.policeNotified', true, { shouldDirty: true })}
        >
          {t('review.policeCalled')}
        </button>
      </div>
    </section>
  );
}
