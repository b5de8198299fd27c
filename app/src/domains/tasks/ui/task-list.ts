// The task list: loads one page for the chosen filter, renders it with buttons whose
// accessible names say which task they act on, handles mark done, reopen and delete, and
// "Show more" appends the next page (GET /api/tasks?offset=<tasks shown>).
import { callApi } from '../../../utils/api-client.js';
import { ProblemSchema } from '../../../utils/problem.js';
import { tasksConfig } from '../config/tasks-config.js';
import { TaskListSchema, type StatusFilter, type Task, type TaskList } from '../types/task.js';
import { byId, noteTrace } from '../../../utils/browser/dom.js';

export interface TaskListView {
  /** Shows the first page again; `keepShown` keeps as many tasks as are shown now (after an edit). */
  reload(keepShown?: boolean): Promise<void>;
}

export interface TaskListOptions {
  status: () => StatusFilter;
  pageSize: number;
  showNotes: boolean;
}

const EMPTY_TEXT: Record<StatusFilter, string> = {
  all: 'No tasks yet. Add one above.',
  open: 'No open tasks.',
  done: 'No done tasks.',
};

function button(text: string, label: string, action: string, id: number, secondary: boolean): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = text;
  element.setAttribute('aria-label', label);
  element.dataset.action = action;
  element.dataset.taskId = String(id);
  if (secondary) element.className = 'secondary';
  return element;
}

function renderTask(task: Task, showNotes: boolean): HTMLLIElement {
  const item = document.createElement('li');
  item.className = 'task';
  item.dataset.taskId = String(task.id);
  item.dataset.done = String(task.done);
  const title = document.createElement('span');
  title.className = 'task-title';
  title.textContent = task.done ? `${task.title} (done)` : task.title;
  const priority = document.createElement('span');
  priority.className = `priority priority-${task.priority}`;
  priority.textContent = `${task.priority} priority`;
  item.append(title, priority);
  item.append(
    task.done
      ? button('Reopen', `Reopen: ${task.title}`, 'reopen', task.id, true)
      : button('Mark done', `Mark done: ${task.title}`, 'done', task.id, false),
    button('Delete', `Delete: ${task.title}`, 'delete', task.id, true),
  );
  if (showNotes && task.notes.length > 0) {
    const notes = document.createElement('p');
    notes.className = 'task-notes';
    notes.textContent = task.notes;
    item.append(notes);
  }
  return item;
}

export function setUpTaskList(options: TaskListOptions): TaskListView {
  const list = byId('task-list', HTMLUListElement);
  const summary = byId('task-list-summary', HTMLParagraphElement);
  const more = byId('task-list-more', HTMLButtonElement);

  /** One page from the API, or undefined after saying in the summary why there is none. */
  const fetchPage = async (status: StatusFilter, offset: number, limit: number): Promise<TaskList | undefined> => {
    const result = await callApi('GET', `/api/tasks?status=${status}&limit=${limit}&offset=${offset}`);
    noteTrace(result.traceId);
    const parsed = result.reached ? TaskListSchema.safeParse(result.body) : undefined;
    if (parsed?.success) return parsed.data;
    summary.textContent = result.reached ? `Could not load the tasks (the app answered ${result.status}).` : `Could not reach the app (${result.reason}).`;
    return undefined;
  };

  const show = (status: StatusFilter, total: number): void => {
    const shown = list.children.length;
    summary.textContent = total === 0 ? EMPTY_TEXT[status] : `Showing ${shown} of ${total} ${total === 1 ? 'task' : 'tasks'}.`;
    more.hidden = shown >= total;
  };

  const reload = async (keepShown = false): Promise<void> => {
    const status = options.status();
    const limit = keepShown ? Math.min(Math.max(options.pageSize, list.children.length), tasksConfig.listMaxLimit) : options.pageSize;
    const page = await fetchPage(status, 0, limit);
    if (!page) return;
    list.replaceChildren(...page.tasks.map((task) => renderTask(task, options.showNotes)));
    show(status, page.total);
  };

  more.addEventListener('click', () => {
    void (async () => {
      const status = options.status();
      const page = await fetchPage(status, list.children.length, options.pageSize);
      if (!page) return;
      // a task added meanwhile shifts the pages: skip any already shown
      const shownIds = new Set(Array.from(list.children, (item) => (item instanceof HTMLElement ? item.dataset.taskId : undefined)));
      list.append(...page.tasks.filter((task) => !shownIds.has(String(task.id))).map((task) => renderTask(task, options.showNotes)));
      show(status, page.total);
    })();
  });

  list.addEventListener('click', (event) => {
    const target = event.target;
    if (!(target instanceof HTMLButtonElement) || !target.dataset.taskId) return;
    const path = `/api/tasks/${target.dataset.taskId}`;
    const action = target.dataset.action;
    void (async () => {
      const result =
        action === 'delete' ? await callApi('DELETE', path) : await callApi('PATCH', path, { done: action === 'done' });
      noteTrace(result.traceId);
      if (result.reached && result.status >= 400) {
        const problem = ProblemSchema.safeParse(result.body);
        summary.textContent = problem.success ? problem.data.error.what : `The app answered ${result.status}.`;
      }
      await reload(true);
    })();
  });

  return { reload };
}
