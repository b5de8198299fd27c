/**
 * `defineConfig` for harness.config.ts: an identity function that gives the file its
 * types. Each domain owns the schema of its own section (in its `config/` layer) and
 * parses it when it runs, so an error names the exact field and its fix.
 */
export interface HarnessConfigInput {
  [section: string]: unknown;
}

export function defineConfig<T extends HarnessConfigInput>(config: T): T {
  return config;
}
