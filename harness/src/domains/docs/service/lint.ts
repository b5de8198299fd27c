import type { Command } from 'commander';
import { loadProjectConfig } from '../../../providers/project-config.js';
import { parseDocsConfig, type DocsConfig } from '../config/docs-config.js';
import { CoverageHasher } from '../repo/files.js';
import type { DocGenerator, GeneratorContext } from '../types/generator.js';
import type { DocsLintReport, DocViolation } from '../types/violation.js';
import { checkGenerated, renderAll, type GeneratedFile } from './check-generated.js';
import { checkFreshness } from './check-freshness.js';
import { checkLinks } from './check-links.js';
import { checkAgentsMap, checkOrphans } from './check-map.js';
import { checkExecPlans, checkFrontmatter, checkIndexes, readDocs, type DocEntry } from './check-structure.js';
import { enabledGenerators } from './generators/registry.js';
import { checkQualityScore } from './quality-score.js';
import { DocWorkspace } from './workspace.js';

export interface DocsLintOptions {
  /** The CLI's root command, for the CLI reference generator. */
  program: Command;
  /** harness.config.ts sections; loaded from the worktree when omitted. */
  sections?: Record<string, unknown>;
  /** The generators to check; the ones enabled in the config when omitted. */
  generators?: readonly DocGenerator[];
}

/** Everything one analysis found, kept for the garden job and `docs verify`. */
export interface DocsAnalysis {
  report: DocsLintReport;
  ws: DocWorkspace;
  config: DocsConfig;
  docs: Map<string, DocEntry>;
  generated: GeneratedFile[];
  hasher: CoverageHasher;
  ctx: GeneratorContext;
}

/** Loads the config and builds the context every docs command starts from. */
export async function prepare(root: string, options: DocsLintOptions): Promise<{ config: DocsConfig; ctx: GeneratorContext }> {
  const sections = options.sections ?? (await loadProjectConfig(root)).sections;
  const config = parseDocsConfig(sections);
  const generators = options.generators ?? enabledGenerators(config);
  return { config, ctx: { root, program: options.program, sections, generators } };
}

/** Runs every docs check and keeps the intermediate results. */
export async function analyzeDocs(root: string, options: DocsLintOptions): Promise<DocsAnalysis> {
  const started = performance.now();
  const { config, ctx } = await prepare(root, options);
  const ws = new DocWorkspace(root, config);
  const docs = readDocs(ws);
  const hasher = new CoverageHasher(root);
  const rendered = await renderAll(ctx);
  // A link to a generated doc that is not written yet is one problem: generated-missing.
  const unwritten = new Set(rendered.files.filter((f) => f.actual === null).map((f) => f.generator.output));
  const links = checkLinks(ws);
  links.violations = links.violations.filter((v) => {
    const target = v.rule === 'broken-link' && v.link ? ws.resolve(v.file, v.link) : null;
    return !(target?.kind === 'local' && unwritten.has(target.path));
  });
  const violations: DocViolation[] = [
    ...checkAgentsMap(ws),
    ...checkOrphans(ws),
    ...links.violations,
    ...checkFrontmatter(ws, docs),
    ...checkIndexes(ws, docs),
    ...checkExecPlans(ws, docs),
    ...checkFreshness(ws, docs, hasher),
    ...rendered.violations,
    ...checkGenerated(rendered.files),
    ...checkQualityScore(ws),
  ].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
  const errors = violations.filter((v) => v.severity === 'error').length;
  const report: DocsLintReport = {
    ok: errors === 0,
    root,
    violations,
    counts: { errors, warnings: violations.length - errors },
    stats: {
      markdownFiles: ws.markdown.size,
      docs: docs.size,
      links: links.links,
      generated: rendered.files.length,
      durationMs: Math.round(performance.now() - started),
    },
  };
  return { report, ws, config, docs, generated: rendered.files, hasher, ctx };
}

/**
 * The docs checker: AGENTS.md as a map, links and anchors, orphans, frontmatter,
 * indexes, exec plans, freshness by code coupling and generated docs. `harness docs
 * lint` prints its report; `harness lint` can run it alongside the architecture lints.
 */
export async function runDocsLint(root: string, options: DocsLintOptions): Promise<DocsLintReport> {
  return (await analyzeDocs(root, options)).report;
}
