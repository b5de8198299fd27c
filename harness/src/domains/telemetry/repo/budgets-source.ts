import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../../../utils/diagnostic.js';
import { loadProjectConfig } from '../../../providers/project-config.js';
import { parseBudgets, type Budget } from '../config/budgets.js';
import { safeJson } from './store-errors.js';

/**
 * Where budgets come from: `--budgets FILE` (JSON, or a JS module exporting them), else
 * the `budgets` section of the worktree's harness.config.ts.
 */

export interface BudgetSource {
  budgets: Budget[];
  /** The file they were read from. */
  from: string;
}

export async function loadBudgets(root: string, file?: string): Promise<BudgetSource> {
  if (file) {
    const path = resolve(file);
    if (!existsSync(path)) {
      throw new HarnessError({ what: `budgets file ${path} does not exist`, why: '`harness check --budgets FILE` reads the budgets from it', fix: 'give the path of a JSON file holding [{ name, promql|logs|logsql|spans, limit }, …]' });
    }
    let raw: unknown;
    if (/\.(m?js)$/.test(path)) {
      const mod: unknown = await import(pathToFileURL(path).href);
      raw = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : mod;
    } else {
      raw = safeJson(readFileSync(path, 'utf8'));
      if (raw === undefined) {
        throw new HarnessError({ what: `${path} is not valid JSON`, why: 'budgets files are JSON (or .js/.mjs modules)', fix: 'check the file with `node -e "JSON.parse(require(\'fs\').readFileSync(process.argv[1]))" FILE`', where: path });
      }
    }
    return { budgets: parseBudgets(raw, 'budgets', path), from: path };
  }
  const config = await loadProjectConfig(root);
  const section = config.sections.budgets;
  if (section === undefined) return { budgets: [], from: config.path ?? `${root}/harness.config.ts` };
  return { budgets: parseBudgets(section, 'budgets', config.path ?? 'harness.config.ts'), from: config.path ?? 'harness.config.ts' };
}
