import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ICruiseResult, IViolation } from 'dependency-cruiser';
import { fillTemplate, IMPORT_MESSAGES, template } from '../model/messages.js';
import { judgeImport } from '../model/policy.js';
import { ruleId, type RuleName } from '../model/rules.js';
import type { ArchitectureModel } from '../model/schema.js';
import type { Violation } from '../model/violation.js';
import { entryDescription } from './config.js';

/** Messages of the rules only dependency-cruiser checks. */
export const GRAPH_MESSAGES = {
  'no-cycle': template('no-cycle', 'Import cycle: {{cycle}}.', 'break the cycle at its weakest edge: move what both sides need into an earlier layer (or the types), or invert one import by passing a function or value in.'),
  'no-orphan': template('no-orphan', '{{file}} imports nothing and nothing imports it.', 'import it from the code that should use it, list it in architecture.entries if it is an entry point, or delete it.'),
  reachability: template(
    'reachability',
    '{{file}} is not reachable from any entry point ({{entries}}).',
    'import it (directly or through other files) from the code that should use it, list it in architecture.entries if a package exports it, or delete it.',
  ),
  unresolvable: template('unresolvable', '{{specifier}} resolves to no file.', 'fix the path (relative imports of TypeScript files end in .js under NodeNext), or create the missing file.'),
} as const;

/** Reads the line and column of a specifier in its file, since dependency-cruiser reports no positions. */
export class Locator {
  private readonly texts = new Map<string, string[]>();
  constructor(private readonly root: string) {}

  locate(file: string, specifier: string | undefined): { line: number; column: number } {
    if (specifier === undefined) return { line: 1, column: 1 };
    let lines = this.texts.get(file);
    if (!lines) {
      try {
        lines = readFileSync(join(this.root, file), 'utf8').split('\n');
      } catch {
        lines = [];
      }
      this.texts.set(file, lines);
    }
    for (const [i, text] of lines.entries()) {
      for (const quote of ["'", '"', '`']) {
        const at = text.indexOf(`${quote}${specifier}${quote}`);
        if (at >= 0) return { line: i + 1, column: at + 1 };
      }
    }
    return { line: 1, column: 1 };
  }
}

function shortName(rule: string): RuleName | undefined {
  const name = rule.replace(/^architecture\//, '');
  return name in IMPORT_MESSAGES || name in GRAPH_MESSAGES ? (name as RuleName) : undefined;
}

/**
 * Turns dependency-cruiser's violations into the harness's violations, with messages
 * from the same templates and judgement as the ESLint rules. Edges listed in
 * architecture.allow are dropped here (a pair exception cannot be written as one
 * dependency-cruiser rule without losing the domain capture groups).
 */
export function cruiseFindings(model: ArchitectureModel, root: string, result: ICruiseResult): Violation[] {
  const locator = new Locator(root);
  const specifiers = new Map<string, string>();
  for (const module of result.modules) {
    for (const dep of module.dependencies) specifiers.set(`${module.source}\0${dep.resolved}`, dep.module);
  }
  const entries = entryDescription(model);
  const seenCycles = new Set<string>();
  const out: Violation[] = [];
  // An orphan is unreachable too; it is reported once, as the more specific finding.
  const orphans = new Set(result.summary.violations.filter((v) => v.rule.name === ruleId('no-orphan')).map((v) => v.from));
  for (const violation of result.summary.violations) {
    const name = shortName(violation.rule.name);
    if (!name) continue;
    if (name === 'reachability' && orphans.has(violation.from)) continue;
    const found = toViolation(model, violation, name, specifiers, locator, entries, seenCycles);
    if (found) out.push(found);
  }
  return out;
}

function toViolation(
  model: ArchitectureModel,
  v: IViolation,
  name: RuleName,
  specifiers: ReadonlyMap<string, string>,
  locator: Locator,
  entries: string,
  seenCycles: Set<string>,
): Violation | undefined {
  const rule = ruleId(name);
  if (name === 'no-cycle') {
    const members = (v.cycle ?? []).map((c) => c.name);
    const ring = [v.from, ...members.filter((m) => m !== v.from)];
    const key = [...ring].sort().join('\0');
    if (seenCycles.has(key)) return undefined;
    seenCycles.add(key);
    const start = [...ring].sort()[0] ?? v.from;
    const rotated = [...ring.slice(ring.indexOf(start)), ...ring.slice(0, ring.indexOf(start))];
    const next = rotated[1] ?? start;
    const at = locator.locate(start, specifiers.get(`${start}\0${next}`));
    return { rule, file: start, ...at, message: fillTemplate(GRAPH_MESSAGES['no-cycle'], { cycle: [...rotated, start].join(' → ') }) };
  }
  if (name === 'no-orphan' || name === 'reachability') {
    return { rule, file: v.from, line: 1, column: 1, message: fillTemplate(GRAPH_MESSAGES[name], { file: v.from, entries }) };
  }
  const specifier = v.unresolvedTo ?? specifiers.get(`${v.from}\0${v.to}`) ?? v.to;
  const at = locator.locate(v.from, specifier);
  if (name === 'unresolvable') {
    return { rule, file: v.from, ...at, message: fillTemplate(GRAPH_MESSAGES.unresolvable, { specifier }) };
  }
  const local = (v.dependencyTypes ?? []).includes('local');
  const finding = judgeImport(model, { from: v.from, specifier, to: local ? v.to : null });
  if (!finding) return undefined; // allowed by architecture.allow, or judged differently: the judgement wins
  const templates = IMPORT_MESSAGES[finding.rule] as Record<string, string>;
  const text = templates[finding.messageId as string] ?? '';
  return { rule: ruleId(finding.rule), file: v.from, ...at, message: fillTemplate(text, finding.data) };
}
