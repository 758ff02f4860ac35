// Setting a report's next status: only those that may follow the current one
// (NEXT_STATUSES), where a referral went, and a short note to the reporter.
// The receiver signs the change and keeps it; a failed request keeps every
// choice and the note as typed, and a status someone else changed meanwhile
// (409) asks for a reload, which keeps them too.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { MAX_STATUS_NOTE_CHARS, NEXT_STATUSES, REFERRAL_DEPARTMENTS, type ReferralDepartment, type SetStatus } from '../contract/reportStatus';
import { useI18n } from '../i18n/I18nProvider';
import { PrivateForm } from '../lib/PrivateForm';
import { setReportStatus, type InboxEntry, type InboxProblem } from './inboxApi';
import type { InboxSession } from './inboxSession';
import { useInboxText } from './inboxText';
import { problemText } from './problemText';
import { statusText } from './statusText';

interface StatusFormProps {
  session: InboxSession;
  entry: InboxEntry;
  /** Loads the report again, with its history. */
  onChanged: () => Promise<void>;
}

type FieldErrors = Partial<Record<'status' | 'department', string>>;

export function StatusForm({ session, entry, onChanged }: StatusFormProps) {
  const { t } = useI18n();
  const ti = useInboxText();
  const id = useId();
  const [status, setStatus] = useState<SetStatus | ''>('');
  const [department, setDepartment] = useState<ReferralDepartment | ''>('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<InboxProblem | null>(null);
  const [saving, setSaving] = useState(false);
  const [done, setDone] = useState('');
  const problemRef = useRef<HTMLDivElement>(null);
  const allowed = NEXT_STATUSES[entry.status];

  // After a reload the current status may have moved on: a choice it no longer allows is cleared, the note is kept.
  useEffect(() => {
    setStatus((chosen) => (chosen && !allowed.includes(chosen) ? '' : chosen));
  }, [allowed]);

  if (allowed.length === 0) {
    return (
      <section className="set-status no-print" aria-labelledby={`${id}-title`}>
        <h3 id={`${id}-title`}>{ti('inbox.setStatus.title')}</h3>
        <p>{ti('inbox.setStatus.final')}</p>
        <p role="status">{done}</p>
      </section>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (saving) return;
    const missing: FieldErrors = {
      ...(status ? {} : { status: ti('inbox.setStatus.chooseStatus') }),
      ...(status === 'referred' && !department ? { department: ti('inbox.setStatus.chooseDepartment') } : {}),
    };
    setErrors(missing);
    setProblem(null);
    setDone('');
    if (!status || missing.department) return;
    setSaving(true);
    const sent = await setReportStatus(session.credential, entry.id, {
      status,
      ...(status === 'referred' && department ? { referredTo: department } : {}),
      note,
    });
    setSaving(false);
    if (!sent.ok) {
      setProblem(sent.problem);
      requestAnimationFrame(() => problemRef.current?.focus());
      return;
    }
    setDone(ti('inbox.setStatus.done', { status: statusText(ti, status, status === 'referred' && department ? department : undefined) }));
    setStatus('');
    setDepartment('');
    setNote('');
    await onChanged();
  };

  const reload = async () => {
    setProblem(null);
    await onChanged();
  };

  return (
    <section className="set-status no-print" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{ti('inbox.setStatus.title')}</h3>
      {problem ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={problemRef}>
          <p>{problemText(ti, problem)}</p>
          {problem.kind === 'conflict' ? (
            <button type="button" className="button" onClick={() => void reload()}>
              {ti('inbox.setStatus.reload')}
            </button>
          ) : null}
        </div>
      ) : null}
      <PrivateForm onSubmit={(event) => void submit(event)} noValidate>
        <fieldset className="field choice-group" aria-describedby={errors.status ? `${id}-status-error` : undefined}>
          <legend>{ti('inbox.setStatus.status')}</legend>
          <div className="choices">
            {allowed.map((option) => (
              <label key={option} className="choice">
                <input type="radio" name={`${id}-status`} value={option} checked={status === option} onChange={() => setStatus(option)} />
                <span>{ti(`inbox.status.${option}`)}</span>
              </label>
            ))}
          </div>
          {errors.status ? (
            <p className="field-error" id={`${id}-status-error`}>
              {errors.status}
            </p>
          ) : null}
        </fieldset>
        {status === 'referred' ? (
          <fieldset className="field choice-group" aria-describedby={errors.department ? `${id}-department-error` : undefined}>
            <legend>{ti('inbox.setStatus.department')}</legend>
            <div className="choices">
              {REFERRAL_DEPARTMENTS.map((option) => (
                <label key={option} className="choice">
                  <input
                    type="radio"
                    name={`${id}-department`}
                    value={option}
                    checked={department === option}
                    onChange={() => setDepartment(option)}
                  />
                  <span>{ti(`inbox.department.${option}`)}</span>
                </label>
              ))}
            </div>
            {errors.department ? (
              <p className="field-error" id={`${id}-department-error`}>
                {errors.department}
              </p>
            ) : null}
          </fieldset>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-note`}>{ti('inbox.setStatus.note')}</label>
          <p className="hint" id={`${id}-note-hint`}>
            {ti('inbox.setStatus.noteHint')}
          </p>
          <textarea
            id={`${id}-note`}
            rows={3}
            value={note}
            maxLength={MAX_STATUS_NOTE_CHARS}
            onChange={(event) => setNote(event.target.value)}
            aria-describedby={`${id}-note-hint ${id}-note-counter`}
          />
          <p className={note.length >= MAX_STATUS_NOTE_CHARS ? 'counter counter-full' : 'counter'} id={`${id}-note-counter`}>
            <span aria-hidden="true">{t('form.counter', { count: note.length, max: MAX_STATUS_NOTE_CHARS })}</span>
            <span className="visually-hidden">{t('form.maxLength', { max: MAX_STATUS_NOTE_CHARS })}</span>
          </p>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {saving ? ti('inbox.setStatus.saving') : ti('inbox.setStatus.submit')}
          </button>
        </div>
        <p role="status" className="done">
          {done}
        </p>
      </PrivateForm>
    </section>
  );
}
