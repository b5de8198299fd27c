import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';

/** The `browser` section of harness.config.ts; every field has a default. */
export const BrowserConfigSchema = z
  .object({
    /** Debian's Chromium; never a downloaded browser. */
    executable: z.string().min(1).default('/usr/bin/chromium'),
    viewport: z
      .object({ width: z.number().int().min(200).max(4000), height: z.number().int().min(200).max(4000) })
      .default({ width: 1280, height: 720 }),
    /** The default deadline of one browser call. */
    deadlineMs: z.number().int().positive().max(600_000).default(10_000),
    /** The deadline of a navigation (load event). */
    navigationDeadlineMs: z.number().int().positive().max(600_000).default(20_000),
    launchTimeoutMs: z.number().int().positive().default(15_000),
    /** Folder of Playwright journey scripts, relative to the worktree root. */
    journeys: z.string().min(1).default('app/journeys'),
    /** Journey scripts may run longer than one action. */
    journeyDeadlineMs: z.number().int().positive().max(3_600_000).default(120_000),
    /** Ring buffer sizes of the console and network capture. */
    consoleBuffer: z.number().int().min(10).max(100_000).default(1000),
    networkBuffer: z.number().int().min(10).max(100_000).default(1000),
    /** How long an action waits for the backend's spans and logs of its trace id. */
    correlationWaitMs: z.number().int().min(0).max(60_000).default(3000),
  })
  .strict();
export type BrowserConfig = z.infer<typeof BrowserConfigSchema>;

/** Limits that are facts about model APIs, not settings. */
export const imageLimits = {
  /** Longest side an image is sent at without being resized by the model API. */
  inlineMaxSide: 1568,
  /** No image may exceed this on any side (model APIs reject larger ones). */
  hardMaxSide: 8000,
} as const;

/** Parses the raw `browser` section, naming the exact field and its fix on error. */
export function parseBrowserConfig(raw: unknown, where = 'harness.config.ts'): BrowserConfig {
  const parsed = BrowserConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = ['browser', ...(issue?.path ?? []).map(String)].join('.');
  throw new HarnessError({
    what: `${field} is invalid: ${issue?.message ?? 'bad value'}`,
    why: 'the browser tools read their executable, viewport, deadlines and journeys folder from this section',
    fix: `fix ${field} in harness.config.ts (or remove it to use the default)`,
    where,
  });
}
