// Where the user is in the form. A step already visited is a link: the user
// moves back and forth freely, and the review checks everything before filing.
import { Link } from '../../lib/Link';
import { paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { STEPS } from './steps';

interface StepIndicatorProps {
  draftId: string;
  step: number;
  /** The furthest step reached: every step up to it has been seen and may be opened again. */
  furthest: number;
}

export function StepIndicator({ draftId, step, furthest }: StepIndicatorProps) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('form.stepsLabel')} className="step-progress">
      <p className="step-count">{t('form.progress', { current: step + 1, total: STEPS.length })}</p>
      <ol>
        {STEPS.map((definition, index) => {
          const state = index === step ? 'current' : index <= furthest ? 'done' : undefined;
          const content = (
            <>
              <span className="step-number" aria-hidden="true">
                {index + 1}
              </span>
              <span className="step-title">{t(definition.title)}</span>
            </>
          );
          return (
            <li key={definition.key} className={state}>
              {state === 'done' ? (
                <Link to={paths.report(draftId, index)} aria-label={t('form.goToStep', { step: index + 1, title: t(definition.title) })}>
                  {content}
                </Link>
              ) : (
                <span aria-current={state === 'current' ? 'step' : undefined}>{content}</span>
              )}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
