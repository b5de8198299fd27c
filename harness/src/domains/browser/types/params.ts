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
    selector: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    role: z.string().min(1).optional(),
    name: z.string().optional(),
    ref: z.string().regex(/^@?e\d+$/).optional(),
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
  target: TargetSchema,
  kind: z.enum(['click', 'dblclick', 'hover']).default('click'),
  button: z.enum(['left', 'right', 'middle']).optional(),
  modifiers: z.array(z.enum(['Alt', 'Control', 'Meta', 'Shift'])).optional(),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const TypeParamsSchema = z.object({
  target: TargetSchema.optional().describe('the field to type into; the focused element when absent'),
  text: z.string(),
  submit: z.boolean().optional().describe('press Enter afterwards'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const FillParamsSchema = z.object({
  fields: z
    .array(z.object({ target: TargetSchema, value: z.union([z.string(), z.boolean()]).describe('text, or true/false for checkboxes and radios') }))
    .min(1),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const SelectParamsSchema = z.object({
  target: TargetSchema,
  values: z.array(z.string()).min(1).describe('option values or labels'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const PressParamsSchema = z.object({
  key: z.string().min(1).describe('a key like Enter, Tab, Escape, ArrowDown, a, or a chord like Control+A'),
  target: TargetSchema.optional(),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const ScrollParamsSchema = z.object({
  target: TargetSchema.optional().describe('scroll this element into view; or scroll the page by dx/dy'),
  dx: z.number().optional(),
  dy: z.number().optional(),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const UploadParamsSchema = z.object({
  target: TargetSchema,
  files: z.array(z.string().min(1)).min(1).describe('absolute paths of files to put in the file input'),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const DialogParamsSchema = z.object({
  accept: z.boolean().describe('accept (OK) or dismiss (Cancel) the open dialog'),
  promptText: z.string().optional(),
  deadlineMs: DeadlineSchema,
  backend: BackendFlagSchema,
});

export const ScreenshotParamsSchema = z.object({
  mode: z.enum(['viewport', 'full', 'element']).default('viewport'),
  target: TargetSchema.optional().describe('the element, with mode element'),
  maxSide: z.number().int().min(64).max(8000).optional().describe('longest side of each image in px (default 1568)'),
  deadlineMs: DeadlineSchema,
});

export const ConsoleParamsSchema = z.object({
  since: z.string().optional().describe('a mark (from `harness browser mark` or any action answer); default: since the last navigation'),
  level: z.enum(['all', 'error', 'warning']).default('all'),
  limit: z.number().int().positive().max(1000).optional(),
});

export const NetworkParamsSchema = z.object({
  since: z.string().optional().describe('a mark; default: since the last navigation'),
  filter: z.string().optional().describe('only URLs containing this'),
  failedOnly: z.boolean().optional().describe('only 4xx/5xx and failed requests'),
  bodies: z.boolean().optional().describe('include request and response bodies (trimmed)'),
  limit: z.number().int().positive().max(1000).optional(),
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
  action: z.enum(['start', 'stop']),
});

export const JourneyParamsSchema = z.object({
  name: z.string().regex(/^[\w./-]+$/, 'a journey name is a file name under the journeys folder, without extension'),
  record: z.boolean().optional(),
  deadlineMs: DeadlineSchema,
});

export const EvidenceParamsSchema = z.object({
  action: z.enum(['start', 'stop']),
  name: z.string().regex(/^[\w.-]+$/, 'an evidence name is letters, digits, dots, dashes and underscores'),
});

export const EmptyParamsSchema = z.object({});
