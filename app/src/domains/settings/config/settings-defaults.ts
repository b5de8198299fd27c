// What a fresh install shows before anyone saves settings, and what a stored value that
// no longer parses falls back to.
import type { Settings } from '../types/settings.js';

export const DEFAULT_SETTINGS: Settings = {
  displayName: 'You',
  theme: 'light',
  pageSize: 20,
  flags: { doneLast: false, showNotes: true },
};
