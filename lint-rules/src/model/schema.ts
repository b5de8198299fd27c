import { z } from 'zod';

/** A folder name inside a source root or a domain: lower case, digits and dashes. */
const FolderNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, { error: 'must be a folder name in lower case (letters, digits, dashes), like "service"' });

/** A path relative to the repository root, written with forward slashes. */
const RepoPathSchema = z
  .string()
  .min(1, { error: 'must not be empty' })
  .refine((p) => !p.startsWith('/') && !/^[A-Za-z]:/.test(p), { error: 'must be relative to the repository root, not absolute' })
  .refine((p) => !p.split('/').includes('..'), { error: 'must stay inside the repository (no "..")' })
  .transform((p) => p.replace(/^\.\//, '').replace(/\/+$/, ''));

/** A glob relative to the repository root (picomatch syntax). */
const GlobSchema = z.string().min(1, { error: 'must be a non-empty glob relative to the repository root' });

/** One source root: a package's `src/` with its domains, providers, utils and shell. */
export const SourceRootSchema = z.strictObject({
  /** The source root, e.g. `app/src`. */
  path: RepoPathSchema.meta({ description: 'the source root, relative to the repository root, e.g. app/src' }),
  /** The folder holding one sub-folder per domain. */
  domains: FolderNameSchema.default('domains').meta({ description: 'the folder holding one sub-folder per domain' }),
  /** The only way in for cross-cutting concerns. */
  providers: FolderNameSchema.default('providers').meta({ description: 'the only way in for cross-cutting concerns' }),
  /** Pure helpers, outside the domains. */
  utils: FolderNameSchema.default('utils').meta({ description: 'pure helpers that import no domain or provider' }),
  /** The composition root (process entry, CLI wiring); files directly in the root belong to it too. */
  shell: FolderNameSchema.default('shell').meta({ description: 'the composition root; files at the top of the root belong to it too' }),
});

/** An import the layer rules would forbid, allowed on purpose, with its reason. */
export const AllowedEdgeSchema = z.strictObject({
  from: GlobSchema,
  to: GlobSchema,
  because: z.string().min(8, { error: 'must say why this edge is allowed, in a sentence' }),
});

/** The taste invariants' settings. */
export const TasteSchema = z.strictObject({
  /** Longest file, in lines. */
  maxLines: z.int().min(1, { error: 'must be a positive number of lines' }).default(400),
  /** Names of logger objects whose calls must be `logger.info('message', { attributes })`. */
  loggers: z.array(z.string().regex(/^[A-Za-z_$][\w$]*$/, { error: 'must be an identifier, like "logger"' })).default(['log', 'logger']),
  /** Logger methods that take a message and an attributes object. */
  logMethods: z.array(z.string().min(1)).default(['trace', 'debug', 'info', 'warn', 'error', 'fatal']),
  /** Property names that hold an HTTP request body (`as` casts on them are flagged). */
  bodyProperties: z.array(z.string().min(1)).default(['body']),
  /** An object schema needs this many properties before a duplicate of its shape counts. */
  minSchemaProperties: z.int().min(1).default(2),
});

/** The `architecture` section of harness.config.ts (or the file it names). */
export const ArchitectureInputSchema = z
  .strictObject({
  /** Each package's source root. */
  roots: z.array(SourceRootSchema).min(1, { error: 'must list at least one source root, like [{ path: "app/src" }]' }).meta({ description: "each package's source root" }),
  /** The ordered layers of every domain: a layer imports only itself and the layers before it. */
  layers: z.array(FolderNameSchema).min(1).default(['types', 'config', 'repo', 'service', 'runtime', 'ui']).meta({ description: 'the ordered layers of every domain: a layer imports only itself and the layers before it' }),
  /** Layers of another domain that a domain may import (its shared vocabulary). */
  sharedLayers: z.array(FolderNameSchema).default(['types']).meta({ description: 'layers of another domain that a domain may import' }),
  /** Layers that may import providers/ (null: every layer). */
  providerLayers: z.array(FolderNameSchema).nullable().default(null).meta({ description: 'layers that may import providers/ (null: every layer)' }),
  /** npm packages (names or `@scope/*`, `prefix*` patterns) that only providers/ may import. */
  crossCutting: z.array(z.string().regex(/^(@[a-z0-9*][\w.*-]*\/)?[a-z0-9*:][\w.*:/-]*$/i, { error: 'must be a package name or pattern, like "better-sqlite3" or "@opentelemetry/*"' })).default([]).meta({ description: 'npm packages (names or patterns like @opentelemetry/*) that only providers/ may import' }),
  /** Extra allowed edges, each with its reason. */
  allow: z.array(AllowedEdgeSchema).default([]).meta({ description: 'imports the rules would forbid, allowed on purpose: { from, to, because } with globs' }),
  /** Entry points besides the shell (package exports, bins), for the reachability check. */
  entries: z.array(GlobSchema).default([]).meta({ description: 'entry points besides the shell (package exports, browser bundles), for the reachability rule' }),
  /** Files the lints skip entirely (generated code). */
  ignore: z.array(GlobSchema).default([]).meta({ description: 'files the lints skip entirely (generated code)' }),
  taste: TasteSchema.default(TasteSchema.parse({})).meta({ description: 'limits of the taste invariants' }),
  /** The committed baseline of known violations (`harness lint --baseline`). */
  baseline: RepoPathSchema.default('lint-baseline.json').meta({ description: 'the committed baseline of known violations (harness lint --baseline)' }),
  /** The generated architecture graph (`harness lint --write-graph`). */
  graph: RepoPathSchema.default('docs/generated/architecture.md').meta({ description: 'the generated architecture graph (harness lint --write-graph)' }),
})
  .meta({
    id: 'harness.config.architecture',
    description:
      'The architecture model that `harness lint` and the ESLint plugin enforce: source roots, ordered layers, providers, utils, shell, cross-cutting packages and allowed exceptions (docs/design-docs/architecture-lints.md). It may also be the name of a .json or .mjs file holding the model.',
  });

export type ArchitectureInput = z.input<typeof ArchitectureInputSchema>;
export type SourceRoot = z.output<typeof SourceRootSchema>;
export type AllowedEdge = z.output<typeof AllowedEdgeSchema>;
export type Taste = z.output<typeof TasteSchema>;

/** The parsed model: every default filled in, cross-field checks passed. */
export interface ArchitectureModel extends Omit<z.output<typeof ArchitectureInputSchema>, 'providerLayers'> {
  /** Layers that may import providers/, resolved (every layer when not set). */
  providerLayers: string[];
}
