// The step-by-step report form. One react-hook-form instance holds the whole
// report across the steps; each step validates its own questions against the one schema.
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { FormProvider, useForm, useFormState, type FieldErrors, type Resolver } from 'react-hook-form';
import { Link } from '../../lib/Link';
import { navigate, paths } from '../../lib/router';
import { useI18n } from '../../i18n/I18nProvider';
import { PrivateForm } from '../../lib/PrivateForm';
import type { Draft } from '../../storage/db';
import { saveDraft } from '../../vault/drafts';
import { enqueueReport, InvalidReportError } from '../../sync/queue';
import { requestSync } from '../../sync/syncService';
import { isQuotaExceeded, keepStorage } from '../../lib/deviceStorage';
import { formatReference, referenceFromId } from '../../contract/referenceCode';
import { withoutAnswersThatDoNotApply } from '../../contract/conditions';
import { DraftAutosaver } from './draftAutosave';
import { errorText } from './fieldMessages';
import { focusField } from './fields';
import type { ReportInput } from '../../contract/schema';
import { StepIndicator } from './StepIndicator';
import { REVIEW_STEP, SITUATION_STEP, STEPS, stepOfField, DETAILS_STEP } from './steps';
import { validateStep, type FieldIssue } from './stepValidation';
import { SituationStep } from './steps/SituationStep';

// The first step comes with the form; the others load while the user fills it in.
const loadDetailsStep = () => import('./steps/DetailsStep');
const loadReviewStep = () => import('./steps/ReviewStep');
const DetailsStep = lazy(() => loadDetailsStep().then((m) => ({ default: m.DetailsStep })));
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
  /** A question the user came from the review to change: focus it, and offer the way straight back. */
  changing?: string | undefined;
}

/** Tries to focus a question for a few frames: its step may still be loading, its fold opening. */
function focusFieldSoon(name: string, framesLeft = 30): void {
  requestAnimationFrame(() => {
    if (!focusField(name) && framesLeft > 0) focusFieldSoon(name, framesLeft - 1);
  });
}

export function ReportForm({ draft, values, step, changing }: ReportFormProps) {
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
    void Promise.all([loadDetailsStep(), loadReviewStep()]).catch(() => undefined);
  }, []);

  // Every step up to the furthest reached may be opened again from the step indicator.
  const [furthest, setFurthest] = useState(() => Math.max(draft.step, step));
  useEffect(() => setFurthest((reached) => Math.max(reached, step)), [step]);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    // Sent from the review to change one answer: that question has the focus.
    if (changing) {
      focusFieldSoon(changing);
      return;
    }
    // Announce the new step to screen readers by moving focus to its heading (not on first load).
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    headingRef.current?.focus();
  }, [step, changing]);

  const goToStep = (next: number) => {
    navigate(paths.report(draft.id, next));
  };

  const [submitIssues, setSubmitIssues] = useState<FieldIssue[]>([]);
  const [submitting, setSubmitting] = useState(false);
  const [fileError, setFileError] = useState<'full' | 'failed' | undefined>();
  const summaryRef = useRef<HTMLDivElement>(null);

  // A failed step focuses its first problem, once a fold holding it has opened.
  const focusFirstProblem = () => {
    const first = validateStep(form.getValues(), step)[0];
    if (first) focusFieldSoon(first.field);
  };
  const onNext = form.handleSubmit(() => goToStep(changing ? REVIEW_STEP : step + 1), focusFirstProblem);

  const onSubmitReport = form.handleSubmit(
    async (values) => {
      setSubmitting(true);
      setFileError(undefined);
      autosaver.cancel();
      try {
        // What the user made irrelevant (police details, then "not called") is not filed.
        const report = withoutAnswersThatDoNotApply({ ...values, utcOffsetMinutes: new Date().getTimezoneOffset() });
        const item = await enqueueReport(draft.id, report);
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
          if (step !== REVIEW_STEP) {
            void onNext(event);
            return;
          }
          // Submitting is the declaration, as the statement beside the button says (GOV.UK's "Accept and send").
          form.setValue('declaration.goodFaith', true);
          void onSubmitReport(event);
        }}
      >
        <header className="form-header">
          <p className="form-reference">{t('form.title', { reference })}</p>
          <StepIndicator draftId={draft.id} step={step} furthest={furthest} />
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
                  <Link to={paths.change(draft.id, issue.step, issue.field)}>
                    {t(STEPS[issue.step]!.title)}: {errorText(i18n, issue.message, issue.field)}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ) : null}

        <Suspense fallback={<p>{t('common.loading')}</p>}>
          {step === SITUATION_STEP ? <SituationStep /> : null}
          {step === DETAILS_STEP ? <DetailsStep changing={changing} /> : null}
          {step === REVIEW_STEP ? <ReviewStep draftId={draft.id} /> : null}
        </Suspense>

        <StepErrorCount step={step} />

        {fileError ? (
          <p className="error-summary" role="alert">
            {t(fileError === 'full' ? 'form.fileFailedFull' : 'form.fileFailed')}
          </p>
        ) : null}
        <SaveStatus autosaver={autosaver} />

        {/* Always in reach: the bar stays at the bottom of the screen while the step scrolls. */}
        <div className="form-bar">
          {step === REVIEW_STEP && !changing ? (
            <p className="form-bar-declaration" id="declaration">
              {t('review.goodFaith')}
            </p>
          ) : null}
          {changing ? (
            <button type="submit" className="button primary">
              {t('form.backToReview')}
            </button>
          ) : (
            <>
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
                <button type="submit" className="button primary" disabled={submitting} aria-describedby="declaration">
                  {submitting ? t('form.submitting') : t('form.submit')}
                </button>
              )}
            </>
          )}
        </div>
      </PrivateForm>
    </FormProvider>
  );
}

/** After a failed "Next", says how many fields need attention (the fields themselves say what). */
function StepErrorCount({ step }: { step: number }) {
  const { t } = useI18n();
  const { errors, isSubmitted } = useFormState<ReportInput>();
  if (step === REVIEW_STEP || !isSubmitted) return null;
  const fields = Object.entries(errors).flatMap(([section, inner]) =>
    Object.keys((inner as Record<string, unknown> | undefined) ?? {}).map((field) => `${section}.${field}`),
  );
  const count = fields.filter((field) => stepOfField(field) === step).length;
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
