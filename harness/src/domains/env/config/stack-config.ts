import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';

/**
 * The optional `stack` section of harness.config.ts: explicit Victoria binaries for this
 * repository (relative paths are from the worktree root). It wins over the
 * HARNESS_VICTORIA_*_BIN variables, PATH and the cache; a path that is not a working
 * binary fails `up` with the reason, it is never silently replaced.
 */

export const StackConfigSchema = z.strictObject({
  binaries: z
    .strictObject({
      logs: z.string().min(1).optional(),
      metrics: z.string().min(1).optional(),
      traces: z.string().min(1).optional(),
    })
    .default({}),
});

/** Explicit binary paths by store binary name, absolute. */
export type StackBinaries = Partial<Record<'victoria-logs' | 'victoria-metrics' | 'victoria-traces', string>>;

export function parseStackConfig(raw: unknown, configPath: string | null, worktree: string): StackBinaries {
  if (raw === undefined) return {};
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['stack', ...issue.path.map(String)].join('.');
    const what = issue.code === 'unrecognized_keys' ? `${field}: unknown field ${issue.keys.join(', ')}` : `${field}: ${issue.message}`;
    throw new HarnessError({
      what,
      why: 'harness up starts the Victoria binaries the stack section names',
      fix: "write stack: { binaries: { logs: 'path/to/victoria-logs', metrics: 'path/to/victoria-metrics', traces: 'path/to/victoria-traces' } } (each optional), or remove the section",
      doc: 'docs/product-specs/per-worktree-environments.md',
      ...(configPath ? { where: configPath } : {}),
    });
  }
  const absolute = (path: string | undefined): string | undefined => (path === undefined ? undefined : isAbsolute(path) ? path : resolve(worktree, path));
  const { logs, metrics, traces } = parsed.data.binaries;
  const binaries: StackBinaries = {};
  if (logs) binaries['victoria-logs'] = absolute(logs)!;
  if (metrics) binaries['victoria-metrics'] = absolute(metrics)!;
  if (traces) binaries['victoria-traces'] = absolute(traces)!;
  return binaries;
}
