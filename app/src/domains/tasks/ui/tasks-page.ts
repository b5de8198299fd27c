// The tasks page's entry: applies the saved settings (theme, greeting, page size, the
// showNotes flag), keeps the status filter in the URL, and wires the form to the list.
import { callApi } from '../../../utils/api-client.js';
import { SettingsSchema } from '../../settings/types/settings.js';
import { StatusFilterSchema, type StatusFilter } from '../types/task.js';
import { applyTheme, byId, noteTrace } from '../../../utils/browser/dom.js';
import { setUpTaskForm } from './task-form.js';
import { setUpTaskList } from './task-list.js';

async function loadSettings(): Promise<{ pageSize: number; showNotes: boolean }> {
  const result = await callApi('GET', '/api/settings');
  noteTrace(result.traceId);
  const settings = result.reached ? SettingsSchema.safeParse(result.body) : undefined;
  if (!settings?.success) return { pageSize: 20, showNotes: true };
  applyTheme(settings.data.theme);
  byId('greeting', HTMLParagraphElement).textContent = `Hello, ${settings.data.displayName}`;
  return { pageSize: settings.data.pageSize, showNotes: settings.data.flags.showNotes };
}

function statusFromUrl(): StatusFilter {
  const parsed = StatusFilterSchema.safeParse(new URL(window.location.href).searchParams.get('status'));
  return parsed.success ? parsed.data : 'all';
}

async function start(): Promise<void> {
  let status = statusFromUrl();
  const filter = byId('status-filter', HTMLFieldSetElement);
  for (const radio of filter.querySelectorAll<HTMLInputElement>('input[name="status"]')) {
    radio.checked = radio.value === status;
  }
  const settings = await loadSettings();
  const list = setUpTaskList({ status: () => status, ...settings });
  filter.addEventListener('change', (event) => {
    const parsed = event.target instanceof HTMLInputElement ? StatusFilterSchema.safeParse(event.target.value) : undefined;
    if (!parsed?.success) return;
    status = parsed.data;
    const url = new URL(window.location.href);
    url.searchParams.set('status', status);
    window.history.replaceState(null, '', url);
    void list.reload();
  });
  setUpTaskForm(() => void list.reload(true));
  await list.reload();
  document.body.dataset.state = 'ready';
}

void start();
