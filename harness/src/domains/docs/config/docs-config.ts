import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';

const IndexSchema = z.strictObject({
  file: z.string().min(1).describe('the index file, repository-relative'),
  folder: z.string().min(1).describe('the folder whose docs it must list (recursively)'),
});

/**
 * The `docs` section of harness.config.ts. Registered under the id
 * `harness.config.docs` so the generated config reference can list it.
 */
export const DocsConfigSchema = z
  .strictObject({
    docsDir: z.string().min(1).default('docs').describe('the knowledge base folder; every file in it needs frontmatter and a link path from AGENTS.md'),
    agentsFile: z.string().min(1).default('AGENTS.md').describe('the map agents read first'),
    agentsLineBudget: z.number().int().positive().default(120).describe('the most lines AGENTS.md may have'),
    agentsMaxProse: z
      .number()
      .int()
      .positive()
      .default(6)
      .describe('the most consecutive lines of AGENTS.md without a link or a `code` pointer'),
    freshness: z
      .enum(['error', 'warning'])
      .default('warning')
      .describe('severity of stale docs: warning reports them (the garden job hands them to an agent), error fails the lint'),
    indexes: z
      .array(IndexSchema)
      .default([
        { file: 'docs/design-docs/index.md', folder: 'docs/design-docs' },
        { file: 'docs/product-specs/index.md', folder: 'docs/product-specs' },
        { file: 'docs/exec-plans/index.md', folder: 'docs/exec-plans' },
      ])
      .describe('indexes that must list every doc of their folder with its status and last verification'),
    execPlansDir: z.string().min(1).default('docs/exec-plans').describe('where exec plans live, in active/ and completed/'),
    execPlansExtraFiles: z
      .array(z.string())
      .default(['index.md', 'tech-debt-tracker.md'])
      .describe('files allowed directly in the exec plans folder'),
    ignore: z
      .array(z.string())
      .default(['**/node_modules/**', '**/test/fixtures/**', '**/dist/**', 'bench/.work/**'])
      .describe('globs of markdown files the lints skip'),
    generated: z
      .array(z.string())
      .optional()
      .describe('ids of the generated docs this project keeps (default: every registered generator)'),
    testReport: z.string().default('.harness/reports/vitest.json').describe('a vitest JSON report read for the quality score, if present'),
    lintReports: z
      .array(z.string())
      .default(['.harness/reports/*.sarif'])
      .describe('SARIF files of lint runs read for the quality score, if present'),
  })
  .meta({ id: 'harness.config.docs', description: 'The docs knowledge base lints and the doc-gardening job.' });

export type DocsConfig = z.infer<typeof DocsConfigSchema>;

/** Parses the `docs` section; an error names the field and how to fix it. */
export function parseDocsConfig(sections: Record<string, unknown>): DocsConfig {
  const result = DocsConfigSchema.safeParse(sections.docs ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = (issue?.path ?? []).map(String);
  if (issue?.code === 'unrecognized_keys') path.push(issue.keys[0] ?? '');
  const field = ['docs', ...path].join('.');
  throw new HarnessError({
    what: `harness.config.ts: ${field}: ${issue?.message ?? 'invalid'}`,
    why: 'the docs lints and the garden job read their settings from this section',
    fix: `correct ${field} in harness.config.ts (the fields and defaults are listed in docs/generated/config.md)`,
    where: `harness.config.ts#${field}`,
    doc: 'docs/design-docs/docs-lints.md#configuration',
  });
}
