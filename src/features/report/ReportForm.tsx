// The step-by-step report form. One react-hook-form instance holds the whole
// report across the steps; each step validates its own part of the one schema.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { FormProvider, get, useForm, useFormState, type FieldErrors, type Resolver } from 'react-hook-form';
import { navigate, paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { PrivateForm } from '../../lib/PrivateForm';
import type { Draft } from '../../storage/db';
import { saveDraft } from '../../vault/drafts';
import { enqueueReport, InvalidReportError } from '../../sync/queue';
import { requestSync } from '../../sync/syncService';
import { isQuotaExceeded, keepStorage } from '../../lib/deviceStorage';
import { formatReference, referenceFromId } from '../../contract/referenceCode';
import { DangerNotice } from './DangerNotice';
import { DraftAutosaver } from './draftAutosave';
import { errorText } from './fieldMessages';
import { fieldId } from './fields';
import type { ReportInput } from '../../contract/schema';
import { REVIEW_STEP, STEPS } from './steps';
import { validateStep, type FieldIssue } from './stepValidation';
import { ReporterStep } from './steps/ReporterStep';

// The first step comes with the form; the others load while the user fills it in.
const loadChildStep = () => import('./steps/ChildStep');
const loadIncidentStep = () => import('./steps/IncidentStep');
const loadSuspectActionsStep = () => import('./steps/SuspectActionsStep');
const loadReviewStep = () => import('./steps/ReviewStep');
const ChildStep = lazy(() => loadChildStep().then((m) => ({ default: m.ChildStep })));
const IncidentStep = lazy(() => loadIncidentStep().then((m) => ({ default: m.IncidentStep })));
const SuspectActionsStep = lazy(() => loadSuspectActionsStep().then((m) => ({ default: m.SuspectActionsStep })));
const ReviewStep = lazy(() => loadReviewStep().then((m) => ({ default: m.ReviewStep })));

function toFieldErrors(issues: FieldIssue[]): FieldErrors<ReportInput> {
  const errors: Record<string, Record<string, { type: string; message: string }>> = {};
  for (const issue of issues) {
    const [section, field] = issue.field.split('.');
    if (!section || !field) continue;
    errors[section] ??= {};
    errors[section][field] = { type: 'schema', message: issue.message };
  }
  return errors as FieldErrors<ReportInput>;
}

interface ReportFormProps {
  draft: Draft;
  /** The draft's values, opened. */
  values: Partial<ReportInput>;
  step: number;
}

export function ReportForm({ draft, values, step }: ReportFormProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const stepRef = useRef(step);
  stepRef.current = step;

  const resolver = useCallback<Resolver<ReportInput>>(async (values) => {
    const issues = validateStep(values, stepRef.current);
    return issues.length === 0 ? { values, errors: {} } : { values: {}, errors: toFieldErrors(issues) };
  }, []);

  const form = useForm<ReportInput>({
    defaultValues: values as ReportInput,
    resolver,
    mode: 'onSubmit',
    reValidateMode: 'onChange',
    shouldFocusError: true,
  });

  const autosaver = useMemo(
    () => new DraftAutosaver<Partial<ReportInput>>((values, savedStep) => saveDraft(draft.id, values, savedStep)),
    [draft.id],
  );

  // Every change is saved within half a second; leaving the page saves at once.
  useEffect(() => {
    const subscription = form.watch(() => autosaver.schedule(form.getValues(), stepRef.current));
    const saveNow = () => {
      autosaver.schedule(form.getValues(), stepRef.current);
      void autosaver.flush();
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') saveNow();
    };
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      subscription.unsubscribe();
      window.removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', onVisibility);
      void autosaver.flush();
    };
  }, [form, autosaver]);

  // The step is part of the draft too, so that resuming opens where the user left off.
  // A new step starts without errors: its fields are checked when the user moves on.
  useEffect(() => {
    form.reset(undefined, { keepValues: true, keepDefaultValues: true, keepDirty: true, keepTouched: true });
    autosaver.schedule(form.getValues(), step);
    void autosaver.flush();
  }, [step, autosaver, form]);

  // Warm the later steps so that moving on works offline and without a wait.
  useEffect(() => {
    void Promise.all([loadChildStep(), loadIncidentStep(), loadSuspectActionsStep(), loadReviewStep()]).catch(
      () => undefined,
    );
  }, []);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // Announce the new step to screen readers by moving focus to its heading (not on first load).
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step]);

  const goToStep = (next: number) => {
    navigate(paths.report(draft.id, next));
  };

  const [submitIssues, setSubmitIssues] = useState<FieldIssue[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [fileError, setFileError] = useState<'full' | 'failed' | undefined>();
  const summaryRef = useRef<HTMLDivElement>(null);

  const onNext = form.handleSubmit(() => goToStep(step + 1));

  const onSubmitReport = form.handleSubmit(
    async (values) => {
      setSubmitting(true);
      setFileError(undefined);
      autosaver.cancel();
      try {
        const item = await enqueueReport(draft.id, { ...values, utcOffsetMinutes: new Date().getTimezoneOffset() });
        requestSync();
        // The tablet now holds a report that must not be lost: ask the browser to keep its storage.
        void keepStorage();
        navigate(paths.filed(item.id), { replace: true });
      } catch (error) {
        setSubmitting(false);
        if (error instanceof InvalidReportError) {
          setSubmitIssues(validateStep(form.getValues(), REVIEW_STEP));
        } else {
          // Storage failed (full, most likely): nothing was filed and the draft is as last saved.
          // Keep the latest values pending so that they are saved as soon as there is room.
          autosaver.schedule(form.getValues(), REVIEW_STEP);
          setFileError(isQuotaExceeded(error) ? 'full' : 'failed');
        }
      }
    },
    () => {
      setSubmitIssues(validateStep(form.getValues(), REVIEW_STEP));
      requestAnimationFrame(() => summaryRef.current?.focus());
    },
  );

  const current = STEPS[step] ?? STEPS[0]!;
  const reference = formatReference(referenceFromId(draft.id));

  return (
    <FormProvider {...form}>
      <PrivateForm
        className="report-form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void (step === REVIEW_STEP ? onSubmitReport(event) : onNext(event));
        }}
      >
        <DangerNotice />
        <header className="form-header">
          <p className="form-reference">{t('form.title', { reference })}</p>
          <StepProgress step={step} />
          <h2 ref={headingRef} tabIndex={-1}>
            {t(current.title)}
          </h2>
        </header>

        {step === REVIEW_STEP && submitIssues.length > 0 ? (
          <div className="error-summary" role="alert" tabIndex={-1} ref={summaryRef}>
            <p>{t('form.submitErrors', { count: submitIssues.length })}</p>
            <ul>
              {submitIssues.map((issue) => (
                <li key={issue.field}>
                  <a
                    href={paths.report(draft.id, issue.step)}
                    onClick={(event) => {
                      event.preventDefault();
                      goToStep(issue.step);
                      requestAnimationFrame(() => document.getElementById(fieldId(issue.field))?.focus());
                    }}
                  >
                    {t(STEPS[issue.step]!.title)}: {errorText(i18n, issue.message, issue.field)}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <Suspense fallback={<p>{t('common.loading')}</p>}>
          {step === 0 ? <ReporterStep /> : null}
          {step === 1 ? <ChildStep /> : null}
          {step === 2 ? <IncidentStep /> : null}
          {step === 3 ? <SuspectActionsStep /> : null}
          {step === REVIEW_STEP ? <ReviewStep onEdit={goToStep} /> : null}
        </Suspense>

        <StepErrorCount step={step} />

        {fileError ? (
          <p className="error-summary" role="alert">
            {t(fileError === 'full' ? 'form.fileFailedFull' : 'form.fileFailed')}
          </p>
        ) : null}

        <div className="form-actions">
          {step > 0 ? (
            <button type="button" className="button secondary" onClick={() => goToStep(step - 1)}>
              {t('form.back')}
            </button>
          ) : null}
          {step < REVIEW_STEP ? (
            <button type="submit" className="button primary">
              {t('form.next')}
            </button>
          ) : (
            <button type="submit" className="button primary" disabled={submitting}>
              {submitting ? t('form.submitting') : t('form.submit')}
            </button>
          )}
        </div>
        <SaveStatus autosaver={autosaver} />
      </PrivateForm>
    </FormProvider>
  );
}

function StepProgress({ step }: { step: number }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('form.stepsLabel')} className="step-progress">
      <p className="step-count">{t('form.progress', { current: step + 1, total: STEPS.length })}</p>
      <ol>
        {STEPS.map((definition, index) => (
          <li
            key={definition.key}
            className={index === step ? 'current' : index < step ? 'done' : undefined}
            aria-current={index === step ? 'step' : undefined}
          >
            <span className="step-number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="step-title">{t(definition.title)}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** After a failed "Next", says how many fields need attention (the fields themselves say what). */
function StepErrorCount({ step }: { step: number }) {
  const { t } = useI18n();
  const { errors, isSubmitted } = useFormState<ReportInput>();
  if (step === REVIEW_STEP || !isSubmitted) return null;
  const sections = STEPS[step]?.sections ?? [];
  const count = sections.reduce((total, section) => total + Object.keys(get(errors, section) ?? {}).length, 0);
  return count > 0 ? (
    <p className="step-errors" role="alert">
      {t('form.stepErrors', { count })}
    </p>
  ) : null;
}

function SaveStatus({ autosaver }: { autosaver: DraftAutosaver<Partial<ReportInput>> }) {
  const { t, formatDateTime } = useI18n();
  const state = useSyncExternalStore(autosaver.subscribe, autosaver.getState);
  let text = '';
  if (state.kind === 'saving') text = t('form.saving');
  if (state.kind === 'saved') text = t('form.saved', { time: formatDateTime(state.at) });
  if (state.kind === 'failed') text = t('form.saveFailed', { reason: t('error.storage') });
  return (
    <p className={state.kind === 'failed' ? 'save-status save-failed' : 'save-status'} role={state.kind === 'failed' ? 'alert' : undefined}>
      {text}
    </p>
  );
}
