import { z } from 'zod';
import { HarnessError } from '../../../utils/diagnostic.js';
import { parseDuration } from '../../../utils/duration.js';
import { closestNames } from '../../../utils/closest-names.js';

/**
 * The `app` section of harness.config.ts: how to start the application the env boots.
 * Any program works; a Node app can get OpenTelemetry with no code change through
 * `otel.preload`. Strings in `command` and `env` may use placeholders:
 * `{ports.<name>}`, `{dataDir}` (the app's own data folder under .harness/data),
 * `{worktree}` and `{envId}`.
 */

const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PORT_NAME = /^[a-z][a-z0-9-]*$/;

const DurationSchema = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration (write 500ms, 30s or 2m)` });
    return z.NEVER;
  }
  return ms;
});

export const AppConfigSchema = z
  .object({
    /** The OpenTelemetry service name (OTEL_SERVICE_NAME) of the app's records. */
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, dots, dashes or underscores').default('app'),
    /** The argv that starts the app (no shell); `node` means the Node running the harness. */
    command: z.array(z.string().min(1, 'an argument cannot be empty')).min(1, 'give at least the program to run'),
    /** Working directory, relative to the worktree root. */
    cwd: z.string().default('.'),
    /** Extra environment variables for the app (placeholders allowed). */
    env: z.record(z.string().regex(ENV_VAR, 'an environment variable name'), z.string()).default({}),
    /**
     * The ports the app listens on, by name, each leased for the env and passed in the
     * environment variable given (or null: only through `{ports.<name>}` placeholders).
     * The first one is the app's URL.
     */
    ports: z
      .record(z.string().regex(PORT_NAME, 'a port name is lowercase letters, digits and dashes'), z.string().regex(ENV_VAR, 'an environment variable name').nullable())
      .default({ http: 'PORT' })
      .refine((ports) => Object.keys(ports).length > 0, 'declare at least one port'),
    /** The readiness check: an HTTP GET answered with 2xx within the timeout. */
    health: z
      .object({
        /** Which of `ports` to check (the first by default). */
        port: z.string().optional(),
        path: z.string().startsWith('/', 'a path starts with /').default('/'),
        timeout: DurationSchema.default(30_000),
      })
      .strict()
      .default({ path: '/', timeout: 30_000 }),
    otel: z
      .object({
        /**
         * Preload the observability package's OpenTelemetry bootstrap through NODE_OPTIONS,
         * so an unmodified Node app exports traces, metrics and logs.
         */
        preload: z.boolean().default(false),
        /** How often metrics are exported (and the batch delay of spans and logs). */
        exportInterval: DurationSchema.default(1000),
      })
      .strict()
      .default({ preload: false, exportInterval: 1000 }),
    /** How long the app gets to exit (and flush its telemetry) after SIGTERM before SIGKILL. */
    stopTimeout: DurationSchema.default(3000),
  })
  .strict();
export type AppConfig = z.infer<typeof AppConfigSchema>;

const EXAMPLE = "app: { name: 'my-app', command: ['node', 'dist/server.js'], ports: { http: 'PORT' }, health: { path: '/healthz' } }";

/** The fix to suggest for a bad field, by its top-level name. */
const FIXES: Record<string, string> = {
  name: "set app.name to a service name such as 'my-app'",
  command: "set app.command to the argv that starts the app, e.g. ['node', 'dist/server.js', '--port', '{ports.http}']",
  cwd: "set app.cwd to a folder relative to the worktree root, e.g. 'app'",
  env: "set app.env to an object of string values, e.g. { LOG_LEVEL: 'debug' }",
  ports: "set app.ports to names and the env var each is passed in, e.g. { http: 'PORT' }",
  health: "set app.health to { path: '/healthz', timeout: '30s' } (port: one of app.ports)",
  otel: 'set app.otel to { preload: true } to instrument an unmodified Node app, or leave it out',
  stopTimeout: "set app.stopTimeout to a duration such as '3s'",
};

function configError(what: string, fix: string, where: string | null): HarnessError {
  return new HarnessError({
    what,
    why: 'harness up needs to know how to start your app, on which ports, and how to tell it is healthy',
    fix,
    doc: 'docs/product-specs/per-worktree-environments.md',
    ...(where ? { where } : {}),
  });
}

/** The fields of each object in the section, for "unknown field" errors. */
const KNOWN_FIELDS: Record<string, string[]> = {
  '': Object.keys(AppConfigSchema.shape),
  health: ['port', 'path', 'timeout'],
  otel: ['preload', 'exportInterval'],
};

const PLACEHOLDER = /\{([^{}]+)\}/g;

/** Parses the raw `app` section; every error names the field and the fix. */
export function parseAppConfig(raw: unknown, configPath: string | null): AppConfig {
  if (raw === undefined) {
    throw configError(
      configPath ? 'harness.config.ts has no `app` section' : 'this worktree has no harness.config.ts',
      `add to harness.config.ts: export default defineConfig({ ${EXAMPLE} })`,
      configPath,
    );
  }
  const parsed = AppConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['app', ...issue.path.map(String)].join('.');
    const top = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (issue.code === 'unrecognized_keys') {
      const known = KNOWN_FIELDS[issue.path.map(String).join('.')] ?? [];
      const hints = issue.keys.map((key) => {
        const near = closestNames(key, known, 1)[0];
        return near ? `${field}.${key} (did you mean ${near}?)` : `${field}.${key}`;
      });
      throw configError(`${field}: unknown field ${issue.keys.join(', ')}`, `rename or remove ${hints.join(', ')}; known fields: ${known.join(', ')}`, configPath);
    }
    const message = issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    throw configError(`${field}: ${message}`, FIXES[top] ?? `fix it, e.g. ${EXAMPLE}`, configPath);
  }
  const config = parsed.data;
  const portNames = Object.keys(config.ports);
  if (config.health.port !== undefined && !portNames.includes(config.health.port)) {
    throw configError(`app.health.port: "${config.health.port}" is not one of app.ports (${portNames.join(', ')})`, `set app.health.port to one of: ${portNames.join(', ')}`, configPath);
  }
  const templated: [string, string][] = [
    ...config.command.map((arg, i): [string, string] => [`app.command.${i}`, arg]),
    ...Object.entries(config.env).map(([k, v]): [string, string] => [`app.env.${k}`, v]),
  ];
  for (const [field, value] of templated) {
    for (const match of value.matchAll(PLACEHOLDER)) {
      const key = match[1]!;
      const ok = key === 'dataDir' || key === 'worktree' || key === 'envId' || (key.startsWith('ports.') && portNames.includes(key.slice(6)));
      if (!ok) {
        throw configError(
          `${field}: unknown placeholder {${key}}`,
          `use one of {dataDir}, {worktree}, {envId}, ${portNames.map((p) => `{ports.${p}}`).join(', ')}`,
          configPath,
        );
      }
    }
  }
  return config;
}

/** Replaces the placeholders of a command argument or env value. */
export function fillPlaceholders(value: string, values: { ports: Record<string, number>; dataDir: string; worktree: string; envId: string }): string {
  return value.replace(PLACEHOLDER, (whole, key: string) => {
    if (key === 'dataDir') return values.dataDir;
    if (key === 'worktree') return values.worktree;
    if (key === 'envId') return values.envId;
    if (key.startsWith('ports.')) {
      const port = values.ports[key.slice(6)];
      return port === undefined ? whole : String(port);
    }
    return whole;
  });
}
