import type { ICruiseResult } from 'dependency-cruiser';
import { matchesPackagePattern, packageName } from '../model/classify.js';
import { ModelError } from '../model/errors.js';
import type { ArchitectureModel } from '../model/schema.js';

/**
 * Fails when a crossCutting pattern matches no package the sources import: a misspelt
 * pattern (`@opentelemtry/*`) would otherwise switch providers-only off without a word.
 * Every import counts, the providers' included, since they are where such packages belong.
 */
export function checkCrossCutting(model: ArchitectureModel, result: ICruiseResult, modelFile = 'harness.config.ts'): void {
  if (model.crossCutting.length === 0) return;
  const imported = new Set<string>();
  for (const module of result.modules) {
    for (const dependency of module.dependencies) {
      const name = packageName(dependency.module);
      if (name !== null) imported.add(name);
    }
  }
  model.crossCutting.forEach((pattern, i) => {
    if ([...imported].some((name) => matchesPackagePattern(name, pattern))) return;
    throw new ModelError({
      what: `architecture.crossCutting "${pattern}" matches no package that the sources import`,
      why: 'a pattern that matches nothing is stale or misspelt, and the providers-only rule then checks nothing for that package',
      fix: `fix the package name or pattern (e.g. "@opentelemetry/*", "better-sqlite3"), or remove it from architecture.crossCutting`,
      where: `${modelFile}: architecture.crossCutting[${i}]`,
    });
  });
}
