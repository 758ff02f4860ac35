// A labelled input for the vault's own forms (not the report form): visible
// label, hint and error tied to the input for screen readers.
import { useId, type InputHTMLAttributes, type Ref } from 'react';

interface PlainFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'autoComplete'> {
  label: string;
  hint?: string;
  error?: string | undefined;
  ref?: Ref<HTMLInputElement>;
}

/**
 * Nothing typed here goes to the browser's autofill or session-restore files.
 * Passphrases get "new-password": browsers ignore "off" on password fields,
 * but do not fill a saved password into a new one. See docs/privacy.md.
 */
const autoCompleteFor = (type: string | undefined) => (type === 'password' ? 'new-password' : 'off');

export function PlainField({ label, hint, error, ref, ...input }: PlainFieldProps) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <input
        id={id}
        ref={ref}
        type="text"
        {...input}
        autoComplete={autoCompleteFor(input.type)}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
