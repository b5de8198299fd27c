import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HarnessError } from '../utils/diagnostic.js';

/** The file name the harness looks for at the worktree root. */
export const CONFIG_FILE = 'harness.config.ts';

/** The project's config as written, before each domain parses its own section. */
export interface RawProjectConfig {
  /** Absolute path of harness.config.ts, or null when the project has none. */
  path: string | null;
  /** The default export, an object keyed by section (`app`, `architecture`, `budgets`, …). */
  sections: Record<string, unknown>;
}

/**
 * Loads `<root>/harness.config.ts`. The CLI runs compiled JavaScript, so the config is
 * transpiled once with esbuild into `.harness/cache/` keyed by its content hash; later
 * calls import the cached module without starting esbuild at all.
 */
export async function loadProjectConfig(root: string): Promise<RawProjectConfig> {
  const path = join(root, CONFIG_FILE);
  if (!existsSync(path)) return { path: null, sections: {} };
  const source = readFileSync(path, 'utf8');
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const cacheDir = join(root, '.harness', 'cache');
  const compiled = join(cacheDir, `harness.config.${hash}.mjs`);
  if (!existsSync(compiled)) {
    const { transform } = await import('esbuild');
    let code: string;
    try {
      ({ code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: path }));
    } catch (error) {
      throw new HarnessError({
        what: `${CONFIG_FILE} does not compile: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
        why: 'the harness reads its app, architecture and budget settings from this file',
        fix: `fix the syntax error at the position above, then rerun (check it with: npx tsc --noEmit ${CONFIG_FILE})`,
        where: path,
      });
    }
    mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
    writeFileSync(compiled, code, { mode: 0o600 });
  }
  let mod: unknown;
  try {
    mod = await import(pathToFileURL(compiled).href);
  } catch (error) {
    throw new HarnessError({
      what: `${CONFIG_FILE} failed while loading: ${error instanceof Error ? error.message : String(error)}`,
      why: 'the config module threw or imports something that cannot be found',
      fix: 'make the config a plain `export default defineConfig({...})` whose imports resolve from the repository root',
      where: path,
    });
  }
  const exported = typeof mod === 'object' && mod !== null && 'default' in mod ? mod.default : undefined;
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw new HarnessError({
      what: `${CONFIG_FILE} has no default export object`,
      why: 'the harness reads its settings from the default export',
      fix: "end the file with `export default defineConfig({ ... })` (import { defineConfig } from 'agent-harness/config')",
      where: path,
    });
  }
  return { path, sections: { ...exported } };
}
