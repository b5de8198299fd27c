import { z } from 'zod';

/** Where a doc stands: design docs and specs use the first three, exec plans the last two. */
export const DocStatusSchema = z.enum(['draft', 'accepted', 'superseded', 'active', 'completed']);
export type DocStatus = z.infer<typeof DocStatusSchema>;

const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date written YYYY-MM-DD');

/**
 * The YAML frontmatter every file under docs/ starts with. `verified_commit` and
 * `covers_hash` are written by `harness docs verify`; generated docs carry `generated`
 * (the command that writes them) instead of `verified`.
 */
export const FrontmatterSchema = z
  .strictObject({
    title: z.string().min(1),
    status: DocStatusSchema,
    /** The area that answers for the doc, e.g. `harness/env`, `app`, `docs`. */
    owner: z.string().min(1),
    /** Globs (or paths) of the code the doc describes; `[]` for docs about no code. */
    covers: z.array(z.string().min(1)),
    verified: IsoDateSchema.optional(),
    /** The commit HEAD was on when the doc was last verified. */
    verified_commit: z
      .string()
      .regex(/^[0-9a-f]{7,64}$/, 'a git commit id')
      .optional(),
    /** `sha256:<16 hex>` over the covered files' paths and contents at verification. */
    covers_hash: z
      .string()
      .regex(/^sha256:[0-9a-f]{16}$/, 'sha256: followed by 16 hex digits')
      .optional(),
    /** For generated docs: the command that regenerates the file. */
    generated: z.string().min(1).optional(),
    /** For re-verification tasks written by the garden job: the doc to re-check. */
    task_for: z.string().min(1).optional(),
  })
  .superRefine((fm, ctx) => {
    if (fm.verified === undefined && fm.generated === undefined) {
      ctx.addIssue({ code: 'custom', path: ['verified'], message: 'required (YYYY-MM-DD), unless the doc is generated' });
    }
  });
export type Frontmatter = z.infer<typeof FrontmatterSchema>;

/** The field names, in the order they are written. */
export const FRONTMATTER_FIELDS = [
  'title',
  'status',
  'owner',
  'covers',
  'verified',
  'verified_commit',
  'covers_hash',
  'generated',
  'task_for',
] as const;
