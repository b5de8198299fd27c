// DOM helpers shared by the browser pages. A missing element is a broken page, so it
// fails loudly instead of leaving a null to trip over later.
export function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}

/** Shows `message` under a field (or clears it) and marks the field invalid for assistive tech. */
export function setFieldError(field: HTMLElement, errorElement: HTMLElement, message: string | undefined): void {
  errorElement.textContent = message ?? '';
  errorElement.hidden = message === undefined;
  if (message === undefined) field.removeAttribute('aria-invalid');
  else field.setAttribute('aria-invalid', 'true');
}

/** Records the trace id of the last API call, so an agent can find its backend spans. */
export function noteTrace(traceId: string): void {
  document.body.dataset.lastTraceId = traceId;
}

/** A form's status line: a confirmation, or an error the user must act on. */
export function setStatus(element: HTMLElement, message: string, kind: 'info' | 'error'): void {
  element.textContent = message;
  element.dataset.kind = kind;
}

/** Applies the saved theme (app.css keys its colours on data-theme). */
export function applyTheme(theme: string): void {
  document.documentElement.dataset.theme = theme;
}
