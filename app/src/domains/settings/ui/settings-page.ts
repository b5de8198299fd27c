// The settings page: fills the form from GET /api/settings, renders one checkbox per
// feature flag from the shared catalog, validates with the server's schema before
// sending, and applies the saved theme at once.
import { applyTheme, byId, noteTrace, setFieldError, setStatus } from '../../../utils/browser/dom.js';
import { callApi } from '../../../utils/api-client.js';
import { ProblemSchema, type ProblemField } from '../../../utils/problem.js';
import { FEATURE_FLAGS, SettingsSchema, SettingsUpdateSchema, type Settings } from '../types/settings.js';

const FIELDS = ['displayName', 'theme', 'pageSize', 'flags'] as const;
type FieldName = (typeof FIELDS)[number];

const form = byId('settings-form', HTMLFormElement);
const status = byId('settings-status', HTMLParagraphElement);
const displayName = byId('settings-display-name', HTMLInputElement);
const pageSize = byId('settings-page-size', HTMLInputElement);
const flagsFieldset = byId('settings-flags', HTMLFieldSetElement);
const fieldElement: Record<FieldName, HTMLElement> = {
  displayName,
  theme: byId('settings-theme', HTMLFieldSetElement),
  pageSize,
  flags: flagsFieldset,
};

function renderFlags(): void {
  for (const flag of FEATURE_FLAGS) {
    const label = document.createElement('label');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    checkbox.name = flag.name;
    checkbox.id = `flag-${flag.name}`;
    checkbox.setAttribute('aria-describedby', `flag-${flag.name}-description`);
    label.append(checkbox, ` ${flag.label}`);
    const description = document.createElement('p');
    description.id = `flag-${flag.name}-description`;
    description.className = 'flag-description';
    description.textContent = flag.description;
    flagsFieldset.append(label, description);
  }
}

function fill(settings: Settings): void {
  displayName.value = settings.displayName;
  pageSize.value = String(settings.pageSize);
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="theme"]')) radio.checked = radio.value === settings.theme;
  for (const flag of FEATURE_FLAGS) byId(`flag-${flag.name}`, HTMLInputElement).checked = settings.flags[flag.name];
  applyTheme(settings.theme);
  byId('greeting', HTMLParagraphElement).textContent = `Hello, ${settings.displayName}`;
}

function readForm(): unknown {
  const theme = form.querySelector<HTMLInputElement>('input[name="theme"]:checked')?.value;
  const flags = Object.fromEntries(FEATURE_FLAGS.map((flag) => [flag.name, byId(`flag-${flag.name}`, HTMLInputElement).checked]));
  return { displayName: displayName.value, theme, pageSize: pageSize.value === '' ? Number.NaN : Number(pageSize.value), flags };
}

/** Shows each problem under its field (the first path segment names it) and clears the rest. */
function showErrors(fields: readonly ProblemField[]): void {
  const messageFor = (name: FieldName): string | undefined =>
    fields.filter((field) => field.path.split('.')[0] === name).map((field) => field.message).join('; ') || undefined;
  for (const name of FIELDS) setFieldError(fieldElement[name], byId(`settings-${name}-error`, HTMLParagraphElement), messageFor(name));
  const first = FIELDS.find((name) => messageFor(name) !== undefined);
  if (first) {
    const element = fieldElement[first];
    (element.querySelector('input') ?? element).focus();
  }
}

async function save(): Promise<void> {
  setStatus(status, '', 'info');
  const checked = SettingsUpdateSchema.safeParse(readForm());
  if (!checked.success) {
    showErrors(checked.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })));
    setStatus(status, 'Fix the fields marked above; nothing was saved.', 'error');
    return;
  }
  showErrors([]);
  const result = await callApi('PUT', '/api/settings', checked.data);
  noteTrace(result.traceId);
  if (!result.reached) {
    setStatus(status, `Could not reach the app (${result.reason}); nothing was saved.`, 'error');
    return;
  }
  const saved = SettingsSchema.safeParse(result.body);
  if (result.status === 200 && saved.success) {
    fill(saved.data);
    setStatus(status, 'Settings saved.', 'info');
    return;
  }
  const problem = ProblemSchema.safeParse(result.body);
  if (problem.success) showErrors(problem.data.error.fields);
  setStatus(status, problem.success ? problem.data.error.what : `The app answered ${result.status}.`, 'error');
}

async function start(): Promise<void> {
  renderFlags();
  const result = await callApi('GET', '/api/settings');
  noteTrace(result.traceId);
  const settings = result.reached ? SettingsSchema.safeParse(result.body) : undefined;
  if (settings?.success) fill(settings.data);
  else setStatus(status, 'Could not load the saved settings.', 'error');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void save();
  });
  document.body.dataset.state = 'ready';
}

void start();
