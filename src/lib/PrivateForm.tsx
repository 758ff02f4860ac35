// A form whose values the browser keeps nowhere: autocomplete="off" on the form
// covers every control in it (textareas, selects and checkboxes included), so
// Chromium neither saves their state for session restore nor adds them to its
// autofill history. See docs/privacy.md, "What the browser keeps".
import type { FormHTMLAttributes } from 'react';

export function PrivateForm(props: Omit<FormHTMLAttributes<HTMLFormElement>, 'autoComplete'>) {
  return <form {...props} autoComplete="off" />;
}
