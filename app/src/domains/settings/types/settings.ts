// The settings vocabulary: what a user can set, the feature flags that exist, and what a
// client may send. Shared by the server and the settings page, like the tasks types.
import * as z from 'zod';
import { hasNoControlCharacters } from '../../../utils/text.js';

export const DISPLAY_NAME_MAX_LENGTH = 60;
export const PAGE_SIZE_MIN = 5;
export const PAGE_SIZE_MAX = 100;

export const THEMES = ['light', 'dark'] as const;
export const ThemeSchema = z.enum(THEMES, { error: 'theme must be light or dark' });
export type Theme = z.infer<typeof ThemeSchema>;

/** Every feature flag, with the words the settings page shows for it. */
export const FEATURE_FLAGS = [
  { name: 'doneLast', label: 'List open tasks before done ones', description: 'Sorts the task list so unfinished work comes first.' },
  { name: 'showNotes', label: 'Show notes in the task list', description: 'Shows each task\'s notes under its title.' },
] as const;
export type FeatureFlagName = (typeof FEATURE_FLAGS)[number]['name'];

const flagSchema = z.boolean({ error: 'a feature flag must be true or false' });

export const FeatureFlagsSchema = z.strictObject({
  doneLast: flagSchema,
  showNotes: flagSchema,
} satisfies Record<FeatureFlagName, z.ZodBoolean>);
export type FeatureFlagValues = z.infer<typeof FeatureFlagsSchema>;

const DisplayNameSchema = z
  .string({ error: 'displayName must be text' })
  .trim()
  .min(1, { error: 'displayName is required' })
  .max(DISPLAY_NAME_MAX_LENGTH, { error: `displayName must be at most ${DISPLAY_NAME_MAX_LENGTH} characters` })
  .refine(hasNoControlCharacters, { error: 'displayName must not contain control characters (such as NUL, tab or a line break)' });

const PageSizeSchema = z
  .number({ error: 'pageSize must be a number' })
  .int({ error: 'pageSize must be a whole number' })
  .min(PAGE_SIZE_MIN, { error: `pageSize must be at least ${PAGE_SIZE_MIN}` })
  .max(PAGE_SIZE_MAX, { error: `pageSize must be at most ${PAGE_SIZE_MAX}` });

/** The settings as the API returns them. */
export const SettingsSchema = z.strictObject({
  displayName: DisplayNameSchema,
  theme: ThemeSchema,
  pageSize: PageSizeSchema,
  flags: FeatureFlagsSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/** The body of PUT /api/settings: the fields to change; the others keep their values. */
export const SettingsUpdateSchema = z.strictObject({
  displayName: DisplayNameSchema.optional(),
  theme: ThemeSchema.optional(),
  pageSize: PageSizeSchema.optional(),
  flags: FeatureFlagsSchema.partial().optional(),
});
export type SettingsUpdate = z.infer<typeof SettingsUpdateSchema>;
