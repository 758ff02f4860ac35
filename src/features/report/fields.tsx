// Form controls bound to the report form: a visible label, the hint and the
// limit the user can see, and the error tied to the control for screen readers.
import type { ReactNode } from 'react';
import { get, useFormContext, useFormState, useWatch, type FieldPath } from 'react-hook-form';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/zh-CN';
import { CONDITION_SOURCES, questionApplies } from '../../contract/conditions';
import { maxLengthOf } from '../../contract/fieldLimits';
import { errorText } from './fieldMessages';
import type { ReportInput } from '../../contract/schema';

export type FieldName = FieldPath<ReportInput>;

export const fieldId = (name: string) => `field-${name.replace(/\./g, '-')}`;

/** Moves focus to a question: the control itself, or the chosen (else the first) option of a group. */
export function focusField(name: string): boolean {
  const element = document.getElementById(fieldId(name));
  if (!element) return false;
  const target =
    element instanceof HTMLFieldSetElement
      ? (element.querySelector<HTMLInputElement>('input:checked') ?? element.querySelector<HTMLInputElement>('input'))
      : element;
  target?.focus();
  return document.activeElement === target;
}

/**
 * Whether the question `name` applies to the answers so far (contract/conditions.ts).
 * Watches only the answers conditions read, so typing elsewhere re-renders nothing here.
 */
export function useQuestionApplies(name: string): boolean {
  const watched = useWatch<ReportInput>({ name: CONDITION_SOURCES as unknown as FieldName[] }) as unknown[];
  const answers: Record<string, Record<string, unknown>> = {};
  CONDITION_SOURCES.forEach((source, index) => {
    const [section, key] = source.split('.') as [string, string];
    answers[section] = { ...answers[section], [key]: watched[index] };
  });
  return questionApplies(name, answers);
}

/** Questions shown only when `when` applies, set in under the answer that brings them (GOV.UK's conditional reveal). */
export function ShownWhen({ when, children }: { when: string; children: ReactNode }) {
  return useQuestionApplies(when) ? <div className="conditional">{children}</div> : null;
}

function useFieldError(name: FieldName): string | undefined {
  const { errors } = useFormState<ReportInput>({ name });
  const i18n = useI18n();
  const error = get(errors, name) as { message?: string } | undefined;
  return error ? errorText(i18n, error.message, name) : undefined;
}

interface LabelProps {
  name: FieldName;
  label: MessageKey;
  hint?: MessageKey | undefined;
  required?: boolean | undefined;
}

function LabelText({ label, required }: { label: MessageKey; required?: boolean | undefined }) {
  const { t } = useI18n();
  return (
    <>
      {t(label)}
      {required ? <span className="required">{t('form.required')}</span> : null}
    </>
  );
}

function ErrorLine({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <p className="field-error" id={id}>
      {text}
    </p>
  ) : null;
}

function Hint({ id, hint }: { id: string; hint: MessageKey | undefined }) {
  const { t } = useI18n();
  return hint ? (
    <p className="hint" id={`${id}-hint`}>
      {t(hint)}
    </p>
  ) : null;
}

/** The ids of what describes the control `id`: its hint, its counter, its error, those it has. */
function describedBy(id: string, has: { hint?: unknown; counter?: unknown; error?: unknown }): string | undefined {
  const parts = (['hint', 'counter', 'error'] as const).filter((part) => has[part]).map((part) => `${id}-${part}`);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

function Counter({ name, max, id }: { name: FieldName; max: number; id: string }) {
  const { t } = useI18n();
  const value = useWatch<ReportInput>({ name });
  const count = typeof value === 'string' ? value.length : 0;
  return (
    <p className={count >= max ? 'counter counter-full' : 'counter'} id={id}>
      <span aria-hidden="true">{t('form.counter', { count, max })}</span>
      <span className="visually-hidden">{t('form.maxLength', { max })}</span>
    </p>
  );
}

interface TextFieldProps extends LabelProps {
  type?: 'text' | 'tel' | 'date' | 'datetime-local' | 'number';
  multiline?: boolean;
  rows?: number;
  /** For dates: the latest allowed value, so the native picker does not offer the future. */
  max?: string;
}

export function TextField(props: TextFieldProps) {
  const { register } = useFormContext<ReportInput>();
  const error = useFieldError(props.name);
  const id = fieldId(props.name);
  const maxLength = maxLengthOf(props.name);
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, { hint: props.hint, counter: maxLength, error }),
    'aria-required': props.required || undefined,
    maxLength,
    // Nothing typed into a report goes to the browser's autofill or session-restore files.
    autoComplete: 'off',
  } as const;
  const isNumber = props.type === 'number';
  const registration = register(props.name, {
    setValueAs: isNumber ? (value: unknown) => (value === '' || value == null ? undefined : Number(value)) : undefined,
  });
  return (
    <div className="field">
      <label htmlFor={id}>
        <LabelText label={props.label} required={props.required} />
      </label>
      <Hint id={id} hint={props.hint} />
      {props.multiline ? (
        <textarea {...common} {...registration} rows={props.rows ?? 4} />
      ) : (
        <input
          {...common}
          {...registration}
          type={props.type ?? 'text'}
          inputMode={isNumber ? 'numeric' : undefined}
          min={isNumber ? 0 : undefined}
          max={props.max}
        />
      )}
      {maxLength ? <Counter name={props.name} max={maxLength} id={`${id}-counter`} /> : null}
      <ErrorLine id={`${id}-error`} text={error} />
    </div>
  );
}

interface ChoiceProps extends LabelProps {
  options: readonly string[];
  /** The message key prefix of the options' labels, e.g. "sex" for "sex.female". */
  optionLabels: string;
  /** Show a first, empty "choose one" option (selects only). */
  allowEmpty?: boolean;
}

const optionLabel = (prefix: string, option: string) => `${prefix}.${option}` as MessageKey;

export function SelectField(props: ChoiceProps) {
  const { register } = useFormContext<ReportInput>();
  const { t } = useI18n();
  const error = useFieldError(props.name);
  const id = fieldId(props.name);
  return (
    <div className="field">
      <label htmlFor={id}>
        <LabelText label={props.label} required={props.required} />
      </label>
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, { error })}
        aria-required={props.required || undefined}
        autoComplete="off"
        {...register(props.name)}
      >
        {props.allowEmpty ? <option value="">{t('common.chooseOne')}</option> : null}
        {props.options.map((option) => (
          <option key={option} value={option}>
            {t(optionLabel(props.optionLabels, option))}
          </option>
        ))}
      </select>
      <ErrorLine id={`${id}-error`} text={error} />
    </div>
  );
}

interface GroupProps extends ChoiceProps {
  multiple?: boolean;
  /** Number the options (the statutory circumstances are cited by number). */
  numbered?: boolean;
}

/** Radio buttons (one answer) or checkboxes (several) in a fieldset whose legend is the question. */
export function ChoiceGroup(props: GroupProps) {
  const { register } = useFormContext<ReportInput>();
  const { t } = useI18n();
  const error = useFieldError(props.name);
  const id = fieldId(props.name);
  return (
    <fieldset id={id} className="field choice-group" aria-describedby={describedBy(id, { hint: props.hint, error })}>
      <legend>
        <LabelText label={props.label} required={props.required} />
      </legend>
      <Hint id={id} hint={props.hint} />
      <div className={props.multiple ? 'choices choices-stacked' : 'choices'}>
        {props.options.map((option, index) => (
          <label key={option} className="choice">
            <input
              type={props.multiple ? 'checkbox' : 'radio'}
              value={option}
              aria-invalid={error ? true : undefined}
              {...register(props.name)}
            />
            <span>
              {props.numbered ? <span className="choice-number">{index + 1}. </span> : null}
              {t(optionLabel(props.optionLabels, option))}
            </span>
          </label>
        ))}
      </div>
      <ErrorLine id={`${id}-error`} text={error} />
    </fieldset>
  );
}

export function CheckboxField(props: LabelProps) {
  const { register } = useFormContext<ReportInput>();
  const error = useFieldError(props.name);
  const id = fieldId(props.name);
  return (
    <div className="field">
      <label className="choice" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, { hint: props.hint, error })}
          {...register(props.name)}
        />
        <span>
          <LabelText label={props.label} required={props.required} />
        </span>
      </label>
      <Hint id={id} hint={props.hint} />
      <ErrorLine id={`${id}-error`} text={error} />
    </div>
  );
}
