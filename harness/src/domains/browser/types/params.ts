import { z } from 'zod';

/**
 * The input of every browser tool: one schema each, shared by the daemon (which
 * validates), the CLI (which builds them from flags) and the MCP server (which publishes
 * them as JSON Schema).
 */

const DeadlineSchema = z.number().int().positive().max(600_000).optional().describe('milliseconds before the call gives up (default from browser.deadlineMs)');
/** Every action may skip the backend lookup (its spans and logs) when only the page matters. */
const BackendFlagSchema = z.boolean().optional().describe('look up the backend spans and logs of the requests the action caused (default true)');

/** What an action is aimed at: a ref from a snapshot, a CSS selector, visible text, or a role and name. */
export const TargetSchema = z
  .object({
    ref: z.string().regex(/^@?e\d+$/, 'a ref looks like e12 (from `harness browser snapshot`)').optional().describe('a ref from the last snapshot, like e12'),
    selector: z.string().min(1).optional().describe('a CSS selector'),
    text: z.string().min(1).optional().describe('visible text of the element (the smallest element containing it)'),
    role: z.string().min(1).optional().describe('an ARIA role, with `name` to pick one'),
    name: z.string().optional().describe('the accessible name, with `role`'),
  })
  .refine((t) => [t.ref, t.selector, t.text, t.role].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of ref, selector, text or role',
  });
export type Target = z.infer<typeof TargetSchema>;

export const NavigateParamsSchema = z.object({
  url: z.string().min(1).optional().describe('an absolute URL, or a path resolved against the app URL'),
  history: z.enum(['back', 'forward', 'reload']).optional().describe('go back, forward or reload instead of a URL'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const WaitParamsSchema = z
  .object({
    text: z.string().min(1).optional().describe('wait until this text is visible'),
    gone: z.boolean().optional().describe('with text or selector: wait until it is gone instead'),
    selector: z.string().min(1).optional().describe('wait until an element matches this CSS selector'),
    url: z.string().min(1).optional().describe('wait until the page URL contains this'),
    networkIdle: z.boolean().optional().describe('wait until no request has been in flight for 500 ms'),
    deadlineMs: DeadlineSchema,
    backend: BackendFlagSchema,
  })
  .refine((p) => p.text !== undefined || p.selector !== undefined || p.url !== undefined || p.networkIdle === true, {
    message: 'give one of text, selector, url or networkIdle',
  });

export const SnapshotParamsSchema = z.object({
  root: TargetSchema.optional().describe('snapshot only this element and what is under it'),
  depth: z.number().int().positive().max(100).optional().describe('levels below the root to show'),
  interactiveOnly: z.boolean().optional().describe('only elements that take input, with their refs'),
  deadlineMs: DeadlineSchema,
});

export const DomParamsSchema = z
  .object({
    selector: z.string().min(1).optional().describe('a CSS selector'),
    text: z.string().min(1).optional().describe('visible text of the element'),
    role: z.string().min(1).optional().describe('an ARIA role, with `name` to pick one'),
    name: z.string().optional().describe('the accessible name, with `role`'),
    ref: z.string().regex(/^@?e\d+$/).optional().describe('a ref from the last snapshot, like e12'),
    limit: z.number().int().positive().max(100).optional().describe('at most this many matches (default 5)'),
    maxChars: z.number().int().positive().max(200_000).optional().describe('outerHTML budget per match (default 2000)'),
    box: z.boolean().optional().describe('include the bounding box'),
    styles: z.array(z.string()).optional().describe('computed style properties to include (empty list: a useful default set)'),
    deadlineMs: DeadlineSchema,
  })
  .refine((p) => [p.selector, p.text, p.role, p.ref].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of selector, text, role or ref',
  });

export const ClickParamsSchema = z.object({
  target: TargetSchema.describe('the element: exactly one of ref (from a snapshot), selector, text, or role with name'),
  kind: z.enum(['click', 'dblclick', 'hover']).default('click').describe('a click, a double click, or only moving the mouse over it'),
  button: z.enum(['left', 'right', 'middle']).optional().describe('the mouse button (default left)'),
  modifiers: z.array(z.enum(['Alt', 'Control', 'Meta', 'Shift'])).optional().describe('keys held down during the click'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const TypeParamsSchema = z.object({
  target: TargetSchema.optional().describe('the field to type into; the focused element when absent'),
  text: z.string().describe('the text to type, key by key'),
  submit: z.boolean().optional().describe('press Enter afterwards'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const FillParamsSchema = z.object({
  fields: z
    .array(z.object({ target: TargetSchema.describe('the field'), value: z.union([z.string(), z.boolean()]).describe('text, or true/false for checkboxes and radios') }))
    .min(1)
    .describe('the fields to set: each a target and its value'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const SelectParamsSchema = z.object({
  target: TargetSchema.describe('the <select> element'),
  values: z.array(z.string()).min(1).describe('option values or labels'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const PressParamsSchema = z.object({
  key: z.string().min(1).describe('a key like Enter, Tab, Escape, ArrowDown, a, or a chord like Control+A'),
  target: TargetSchema.optional().describe('the element to press the key on; the focused element when absent'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const ScrollParamsSchema = z.object({
  target: TargetSchema.optional().describe('scroll this element into view; or scroll the page by dx/dy'),
  dx: z.number().optional().describe('pixels to scroll the page right (negative: left)'),
  dy: z.number().optional().describe('pixels to scroll the page down (negative: up); 600 when neither dx nor dy is given'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const UploadParamsSchema = z.object({
  target: TargetSchema.describe('the file input'),
  files: z.array(z.string().min(1)).min(1).describe('absolute paths of files to put in the file input'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const DialogParamsSchema = z.object({
  accept: z.boolean().describe('accept (OK) or dismiss (Cancel) the open dialog'),
  promptText: z.string().optional().describe('with accept: the text to enter in a prompt dialog'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const ScreenshotParamsSchema = z.object({
  mode: z.enum(['viewport', 'full', 'element']).default('viewport').describe('the viewport, the full page (in tiles), or one element (with target)'),
  target: TargetSchema.optional().describe('the element, with mode element'),
  maxSide: z.number().int().min(64).max(8000).optional().describe('longest side of each image in px (default 1568)'),
  deadlineMs: DeadlineSchema,
});

export const ConsoleParamsSchema = z.object({
  since: z.string().optional().describe('a mark (from `harness browser mark` or any action answer); default: since the last navigation'),
  level: z.enum(['all', 'error', 'warning']).default('all').describe('all messages, errors only, or warnings and errors'),
  limit: z.number().int().positive().max(1000).optional().describe('at most this many messages, the latest'),
});

export const NetworkParamsSchema = z.object({
  since: z.string().optional().describe('a mark; default: since the last navigation'),
  filter: z.string().optional().describe('only URLs containing this'),
  failedOnly: z.boolean().optional().describe('only 4xx/5xx and failed requests'),
  bodies: z.boolean().optional().describe('include request and response bodies (trimmed)'),
  limit: z.number().int().positive().max(1000).optional().describe('at most this many requests, the latest'),
});

export const EvalParamsSchema = z.object({
  expression: z.string().min(1).describe('JavaScript evaluated in the page; promises are awaited; the result is returned as JSON'),
  deadlineMs: DeadlineSchema,
});

export const DiffParamsSchema = z.object({
  a: z.string().min(1).describe('the "before" PNG or snapshot file (a path an earlier answer returned)'),
  b: z.string().min(1).describe('the "after" file, of the same kind'),
});

export const RecordParamsSchema = z.object({
  action: z.enum(['start', 'stop']).describe('start a video of the tab, or stop the running one and save it'),
});

/**
 * A name that stays inside its folder: `.`, `..`, `../x`, `a/../../x` and hidden names are
 * refused, so no name can reach (or delete) a folder above the one it is meant for.
 */
export function insideFolder(name: string): boolean {
  return !name.startsWith('.') && !name.startsWith('/') && !name.includes('..');
}

export const JourneyParamsSchema = z.object({
  name: z.string().regex(/^[\w./-]+$/, 'a journey name is a file name under the journeys folder, without extension')
    .refine(insideFolder, 'a journey name may not start with "." or "/", nor contain ".." (it names a script inside the journeys folder)')
    .describe('the journey: a script of the journeys folder, without extension (e.g. add-task)'),
  record: z.boolean().optional().describe('record a video of the run'),
  deadlineMs: DeadlineSchema,
});

export const EvidenceParamsSchema = z.object({
  action: z.enum(['start', 'stop']).describe('start collecting (before captures, video) or stop and write the bundle'),
  name: z.string().regex(/^[\w.-]+$/, 'an evidence name is letters, digits, dots, dashes and underscores')
    .refine(insideFolder, 'an evidence name may not start with "." nor contain ".." (it names one folder under .harness/artifacts/evidence/)')
    .describe('the bundle\'s name: its folder under .harness/artifacts/evidence/'),
  force: z.boolean().optional().describe('with start: replace an existing bundle of this name (without it, start refuses to overwrite one)'),
});

export const EmptyParamsSchema = z.object({});
