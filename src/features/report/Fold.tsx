// A fold of the details step. Closed while it holds no answer, so that the
// urgent path passes it by; open when it holds an answer, an error, or the
// question the review sent the user to change.
import { useEffect, useState, type ReactNode } from 'react';
import { get, useFormContext, useFormState } from 'react-hook-form';
import { useI18n } from '../../i18n/I18nProvider';
import type { ReportInput } from '../../contract/schema';
import { isAnswered, valueAt, type QuestionGroup } from '../../i18n/reportQuestions';

interface FoldProps {
  group: QuestionGroup;
  /** What the fold holds, or what it says now, under its title. */
  summary: ReactNode;
  /** The question the user came from the review to change, if any. */
  changing?: string | undefined;
  /** Open at first when an answer is in it; off for what is filled in for the user (the reporter). */
  openWhenAnswered?: boolean;
  children: ReactNode;
}

export function Fold({ group, summary, changing, openWhenAnswered = true, children }: FoldProps) {
  const { t } = useI18n();
  const { getValues } = useFormContext<ReportInput>();
  const names = group.questions.map((question) => question.name);
  const { errors } = useFormState<ReportInput>();
  const hasError = names.some((name) => get(errors, name) !== undefined);
  const holdsChange = changing !== undefined && names.includes(changing);
  const [open, setOpen] = useState(
    () => holdsChange || (openWhenAnswered && names.some((name) => isAnswered(valueAt(getValues(), name)))),
  );
  useEffect(() => {
    if (hasError || holdsChange) setOpen(true);
  }, [hasError, holdsChange]);
  return (
    <details className="fold" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>
        <span className="fold-title">{t(group.title)}</span>
        <span className="fold-summary">{summary}</span>
      </summary>
      <div className="fold-body">{children}</div>
    </details>
  );
}
