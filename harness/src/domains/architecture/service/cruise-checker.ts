import { getAvailableTranspilers } from 'dependency-cruiser';
import { checkCrossCutting, cruiseFindings, cruiseGraph, graphFindings, ModelError } from '@agent-harness/lint-rules/index';
import type { Checker, CheckContext, CheckerResult } from '../types/report.js';

/** Cruises the source roots with the config generated from the model: import rules, cycles, orphans, reachability. */
export const cruiseChecker: Checker = {
  name: 'dependency-cruiser',
  async run({ root, model, layout }: CheckContext): Promise<CheckerResult> {
    const typescript = getAvailableTranspilers().find((t) => t.name === 'typescript');
    if (!typescript?.available) {
      throw new ModelError({
        what: `dependency-cruiser cannot use the installed TypeScript (it supports ${typescript?.version ?? 'a range it did not report'})`,
        why: 'without a TypeScript it supports, dependency-cruiser skips every .ts file and the graph checks would pass on nothing',
        fix: 'pin "typescript": "5.9.3" in the root package.json devDependencies and run npm install',
      });
    }
    // On a worker thread: the ESLint checker runs on the main thread meanwhile.
    // The graph rules run over the result in linear time (see graphFindings).
    const result = await cruiseGraph(root, model);
    // dependency-cruiser skips what it cannot parse without a word: count what it read.
    const read = new Set(result.modules.map((m) => m.source));
    const missed = layout.files.filter((file) => !read.has(file));
    if (missed.length > 0) {
      throw new ModelError({
        what: `dependency-cruiser read ${layout.files.length - missed.length} of ${layout.files.length} source files; it skipped ${missed.slice(0, 3).join(', ')}${missed.length > 3 ? ', …' : ''}`,
        why: 'a skipped file is a file whose imports were never checked, so the run cannot be called clean',
        fix: 'check that typescript 5.9.x is installed at the repository root (dependency-cruiser skips .ts files under TypeScript 7) and that the skipped files are not excluded by architecture.ignore by mistake',
      });
    }
    checkCrossCutting(model, result, layout.modelFile);
    return { violations: [...cruiseFindings(model, root, result), ...graphFindings(model, root, result)], scope: `${read.size} modules` };
  },
};
