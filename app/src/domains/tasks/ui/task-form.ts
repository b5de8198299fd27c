// The "New task" form: validates with the same schema as the server before sending, shows
// each problem next to its field, and shows the server's own field errors the same way.
import { callApi } from '../../../utils/api-client.js';
import { ProblemSchema, type ProblemField } from '../../../utils/problem.js';
import { NewTaskSchema, TaskSchema, type Task } from '../types/task.js';
import { byId, noteTrace, setFieldError, setStatus } from '../../../utils/browser/dom.js';

const FIELDS = ['title', 'notes', 'priority'] as const;
type FieldName = (typeof FIELDS)[number];

export function setUpTaskForm(onCreated: (task: Task) => void): void {
  const form = byId('new-task-form', HTMLFormElement);
  const status = byId('new-task-status', HTMLParagraphElement);
  const controls: Record<FieldName, HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> = {
    title: byId('task-title', HTMLInputElement),
    notes: byId('task-notes', HTMLTextAreaElement),
    priority: byId('task-priority', HTMLSelectElement),
  };
  const errorOf = (name: FieldName): HTMLElement => byId(`task-${name}-error`, HTMLParagraphElement);

  const say = (message: string, kind: 'info' | 'error'): void => setStatus(status, message, kind);

  /** Shows the given field problems (and clears the rest); false when there were any. */
  const showErrors = (fields: readonly ProblemField[]): boolean => {
    for (const name of FIELDS) {
      setFieldError(controls[name], errorOf(name), fields.find((field) => field.path === name)?.message);
    }
    const first = FIELDS.find((name) => fields.some((field) => field.path === name));
    if (first) controls[first].focus();
    const other = fields.filter((field) => !FIELDS.some((name) => name === field.path));
    if (other.length > 0) say(other.map((field) => `${field.path}: ${field.message}`).join('; '), 'error');
    return fields.length === 0;
  };

  for (const name of FIELDS) {
    controls[name].addEventListener('input', () => setFieldError(controls[name], errorOf(name), undefined));
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    say('', 'info');
    const input = { title: controls.title.value, notes: controls.notes.value, priority: controls.priority.value };
    const checked = NewTaskSchema.safeParse(input);
    if (!checked.success) {
      showErrors(checked.error.issues.map((issue) => ({ path: String(issue.path[0] ?? ''), message: issue.message })));
      return;
    }
    showErrors([]);
    void (async () => {
      const result = await callApi('POST', '/api/tasks', checked.data);
      noteTrace(result.traceId);
      if (!result.reached) {
        say(`Could not reach the app (${result.reason}). Your task was not added; try again.`, 'error');
        return;
      }
      const created = TaskSchema.safeParse(result.body);
      if (result.status === 201 && created.success) {
        form.reset();
        say(`Added “${created.data.title}”.`, 'info');
        onCreated(created.data);
        return;
      }
      const problem = ProblemSchema.safeParse(result.body);
      if (problem.success && problem.data.error.fields.length > 0) showErrors(problem.data.error.fields);
      else say(problem.success ? problem.data.error.what : `The app answered ${result.status}.`, 'error');
    })();
  });
}
