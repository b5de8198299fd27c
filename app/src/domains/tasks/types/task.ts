// The tasks vocabulary: what a task is and what a client may send. Shared by the server
// (to parse requests) and the browser (to validate the form before sending), so the rules
// and their messages are written once.
import * as z from 'zod';
import { hasNoControlCharacters } from '../../../utils/text.js';

export const TITLE_MAX_LENGTH = 120;
export const NOTES_MAX_LENGTH = 2000;

export const PRIORITIES = ['low', 'normal', 'high'] as const;
export const PrioritySchema = z.enum(PRIORITIES, { error: 'priority must be one of low, normal, high' });
export type Priority = z.infer<typeof PrioritySchema>;

export const STATUS_FILTERS = ['all', 'open', 'done'] as const;
export const StatusFilterSchema = z.enum(STATUS_FILTERS, { error: 'status must be one of all, open, done' });
export type StatusFilter = z.infer<typeof StatusFilterSchema>;

const TitleSchema = z
  .string({ error: (issue) => (issue.input === undefined ? 'title is required' : 'title must be text') })
  .trim()
  .min(1, { error: 'title is required' })
  .max(TITLE_MAX_LENGTH, { error: `title must be at most ${TITLE_MAX_LENGTH} characters` })
  .refine(hasNoControlCharacters, { error: 'title must not contain control characters (such as NUL, tab or a line break)' });

const NotesSchema = z
  .string({ error: 'notes must be text' })
  .max(NOTES_MAX_LENGTH, { error: `notes must be at most ${NOTES_MAX_LENGTH} characters` });

const DoneSchema = z.boolean({ error: 'done must be true or false' });

/** The body of POST /api/tasks. */
export const NewTaskSchema = z.strictObject({
  title: TitleSchema,
  notes: NotesSchema.default(''),
  priority: PrioritySchema.default('normal'),
});
export type NewTask = z.infer<typeof NewTaskSchema>;

/** The body of PATCH /api/tasks/:id: any of the fields, at least one. */
export const TaskPatchSchema = z
  .strictObject({
    title: TitleSchema.optional(),
    notes: NotesSchema.optional(),
    priority: PrioritySchema.optional(),
    done: DoneSchema.optional(),
  })
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    error: 'send at least one of title, notes, priority, done',
  });
export type TaskPatch = z.infer<typeof TaskPatchSchema>;

/** A task as the API returns it. */
export const TaskSchema = z.object({
  id: z.number().int().positive(),
  title: z.string(),
  notes: z.string(),
  priority: PrioritySchema,
  done: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof TaskSchema>;

/** The reply of GET /api/tasks: one page of tasks and how many match the filter. */
export const TaskListSchema = z.object({
  tasks: z.array(TaskSchema),
  total: z.number().int().nonnegative(),
});
export type TaskList = z.infer<typeof TaskListSchema>;
