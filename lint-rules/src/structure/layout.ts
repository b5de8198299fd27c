import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import picomatch from 'picomatch';
import { classify } from '../model/classify.js';
import { ModelError } from '../model/errors.js';
import { fillTemplate, template } from '../model/messages.js';
import { ruleId } from '../model/rules.js';
import type { ArchitectureModel } from '../model/schema.js';
import type { Violation } from '../model/violation.js';
import { ignoredBy, rootSourceFiles } from './source-files.js';

export const LAYOUT_MESSAGES = {
  unplaced: template('layout', '{{file}} has no place in the model: {{reason}}.', 'move it into {{root}}/{{domains}}/<domain>/<layer>/ (layers: {{layers}}), {{root}}/{{providers}}/, {{root}}/{{utils}}/ or {{root}}/{{shell}}/.'),
  fileName: template('layout', '{{file}}: the name {{name}} is not kebab-case.', 'rename it to {{suggestion}} and update its imports.'),
  domainName: template('layout', 'Domain folder {{root}}/{{domains}}/{{name}} is not kebab-case.', 'rename the folder to {{suggestion}} and update its imports.'),
} as const;

/** What the layout scan found: the model's source files and the layout violations. */
export interface Layout {
  /** Repository-relative source files of every root, sorted. */
  files: string[];
  /** Domains per root path. */
  domains: Map<string, string[]>;
  /** Where the model was read from, for the `where` of diagnostics (harness.config.ts). */
  modelFile: string;
  violations: Violation[];
}

const KEBAB_FILE = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)*$/;

function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s]+/g, '-')
    .toLowerCase();
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Scans the folder layout of every source root. Where the model does not match the disk
 * (a root or a domains folder that is missing, a layer or glob that matches no file) it
 * throws a ModelError: the lints would otherwise pass by checking nothing. Files the
 * model cannot place and names off the convention are layout violations.
 */
export function scanLayout(root: string, model: ArchitectureModel, sourceFile = 'harness.config.ts'): Layout {
  const where = (field: string) => `${sourceFile}: architecture.${field}`;
  const domains = new Map<string, string[]>();
  model.roots.forEach((sourceRoot, i) => {
    const path = join(root, sourceRoot.path);
    if (!isDirectory(path)) {
      throw new ModelError({
        what: `source root ${sourceRoot.path} does not exist`,
        why: 'a root that matches no folder would make every check pass without looking at anything',
        fix: `fix architecture.roots[${i}].path, or create ${sourceRoot.path}/${sourceRoot.domains}/<domain>/<layer>/`,
        where: where(`roots[${i}].path`),
      });
    }
    const domainsPath = join(path, sourceRoot.domains);
    const names = isDirectory(domainsPath) ? readdirSync(domainsPath).filter((name) => isDirectory(join(domainsPath, name))).sort() : [];
    if (names.length === 0) {
      throw new ModelError({
        what: `source root ${sourceRoot.path} has no domains: ${sourceRoot.path}/${sourceRoot.domains}/ is missing or empty`,
        why: 'the layer rules check code inside domains, so a root without any would be checked for nothing',
        fix: `create ${sourceRoot.path}/${sourceRoot.domains}/<domain>/<layer>/ for the code of ${sourceRoot.path}, or set architecture.roots[${i}].domains to the folder that holds the domains`,
        where: where(`roots[${i}]`),
      });
    }
    domains.set(sourceRoot.path, names);
  });
  const all = rootSourceFiles(root, model);
  const ignored = ignoredBy(model);
  const files = all.filter((file) => !ignored(file));
  const violations: Violation[] = [];
  const seenLayers = new Set<string>();
  for (const file of files) {
    const role = classify(model, file);
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (role.kind === 'unplaced') {
      const r = role.root;
      violations.push({
        rule: ruleId('layout'),
        file,
        line: 1,
        column: 1,
        message: fillTemplate(LAYOUT_MESSAGES.unplaced, {
          file,
          reason: role.reason,
          root: r.path,
          domains: r.domains,
          providers: r.providers,
          utils: r.utils,
          shell: r.shell,
          layers: model.layers.join(', '),
        }),
      });
    } else if (role.kind === 'domain') {
      seenLayers.add(role.layer);
    }
    if (!KEBAB_FILE.test(name)) {
      violations.push({ rule: ruleId('layout'), file, line: 1, column: 1, message: fillTemplate(LAYOUT_MESSAGES.fileName, { file, name, suggestion: kebab(name) }) });
    }
  }
  for (const sourceRoot of model.roots) {
    for (const name of domains.get(sourceRoot.path) ?? []) {
      if (KEBAB_FILE.test(name)) continue;
      violations.push({
        rule: ruleId('layout'),
        file: `${sourceRoot.path}/${sourceRoot.domains}/${name}`,
        line: 1,
        column: 1,
        message: fillTemplate(LAYOUT_MESSAGES.domainName, { root: sourceRoot.path, domains: sourceRoot.domains, name, suggestion: kebab(name) }),
      });
    }
  }
  model.layers.forEach((layer, i) => {
    if (seenLayers.has(layer)) return;
    throw new ModelError({
      what: `layer "${layer}" matches no file in any domain of ${model.roots.map((r) => r.path).join(', ')}`,
      why: 'a layer nobody uses is usually a misspelt folder, and the files in the misspelt folder escape the layer rules',
      fix: `rename the folders that hold ${layer} code to ${layer}/, or remove "${layer}" from architecture.layers`,
      where: where(`layers[${i}]`),
    });
  });
  checkGlobs(model, files, all, where);
  return { files, domains, modelFile: sourceFile, violations };
}

function checkGlobs(model: ArchitectureModel, files: readonly string[], all: readonly string[], where: (field: string) => string): void {
  const unmatchedIn = (list: readonly string[], glob: string) => !list.some((file) => picomatch.isMatch(file, glob, { dot: true }));
  const unmatched = (glob: string) => unmatchedIn(files, glob);
  const fail = (field: string, glob: string, fix: string): never => {
    throw new ModelError({
      what: `architecture.${field} "${glob}" matches no source file`,
      why: 'a pattern that matches nothing is stale or misspelt, and it silently stops doing its job',
      fix,
      where: where(field),
    });
  };
  model.allow.forEach((edge, i) => {
    if (unmatched(edge.from)) fail(`allow[${i}].from`, edge.from, 'fix the glob (relative to the repository root, e.g. app/src/domains/tasks/ui/**), or remove the edge');
    if (unmatched(edge.to)) fail(`allow[${i}].to`, edge.to, 'fix the glob (relative to the repository root), or remove the edge');
  });
  model.entries.forEach((glob, i) => {
    if (unmatched(glob)) fail(`entries[${i}]`, glob, 'fix the glob (relative to the repository root), or remove the entry');
  });
  // An ignore glob is held to the files before ignoring: those are the ones it should skip.
  model.ignore.forEach((glob, i) => {
    if (unmatchedIn(all, glob)) fail(`ignore[${i}]`, glob, 'fix the glob (relative to the repository root, e.g. app/src/generated/**), or remove it');
  });
}
