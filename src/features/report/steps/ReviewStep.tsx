// Check answers (GOV.UK's pattern): the answers given, group by group, each
// with a "Change" link to that question; optional questions left empty are
// not listed. A child in danger with no police called gets the 110 prompt
// first. The declaration goes with the Submit button (see ReportForm).
import { useFormContext, useWatch } from 'react-hook-form';
import { Link } from '../../../lib/Link';
import { paths } from '../../../lib/router';
import type { ReportInput } from '../../../contract/schema';
import { useI18n } from '../../../i18n/I18nProvider';
import { AnswerList, hasUnlistedAnswers } from '../AnswerList';
import { DETAILS_STEP, stepOfField } from '../steps';

export function ReviewStep({ draftId }: { draftId: string }) {
  const { t } = useI18n();
  const { getValues } = useFormContext<ReportInput>();
  // Re-render when the prompt's answer changes; the other answers cannot change on this screen.
  useWatch<ReportInput, 'actions.policeNotified'>({ name: 'actions.policeNotified' });
  const values = getValues();
  return (
    <div className="step review">
      <PoliceNotCalledPrompt />
      <p className="step-intro">{t('review.intro')}</p>
      <AnswerList values={values} changeLink={(name) => paths.change(draftId, stepOfField(name), name)} />
      {hasUnlistedAnswers(values) ? (
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
