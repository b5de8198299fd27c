// The process's command line and environment, parsed once at startup. Flags win over
// environment variables; anything invalid is a diagnostic and exit code 2.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import * as z from 'zod';
import { messageOf } from '../utils/errors.js';
import type { ProblemParts } from '../utils/problem.js';

export const USAGE = `usage: node app/dist/shell/main.js [--port N] [--host ADDRESS] [--data-dir DIR]

  --port N        port to listen on; 0 picks a free one (env PORT, default 3000)
  --host ADDRESS  loopback address to bind (default 127.0.0.1)
  --data-dir DIR  where the SQLite database lives, created 0700 (env APP_DATA_DIR, default ./.data/app)

Telemetry: OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT (full http(s) URLs, OTLP/HTTP
protobuf), or OTEL_EXPORTER_OTLP_ENDPOINT (base URL; each signal goes to BASE/v1/<signal>),
OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_BSP_SCHEDULE_DELAY, OTEL_BLRP_SCHEDULE_DELAY,
OTEL_METRIC_EXPORT_INTERVAL. Signals: SIGTERM/SIGINT stop cleanly, SIGUSR2 flushes telemetry.`;

export const DEFAULT_PORT = 3000;

const PortSchema = z
  .string()
  .regex(/^\d{1,5}$/, { error: 'must be a whole number from 0 to 65535' })
  .transform(Number)
  .pipe(z.number().max(65535, { error: 'must be a whole number from 0 to 65535' }));

/** Loopback only: the app is a development target and must never listen on a network. */
const HostSchema = z
  .string()
  .refine((host) => host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host), {
    error: 'must be a loopback address (127.0.0.1, ::1 or localhost)',
  });

const DataDirSchema = z.string().min(1, { error: 'must not be empty' });

export interface AppOptions {
  port: number;
  host: string;
  dataDir: string;
}

export type OptionsResult =
  | { kind: 'run'; options: AppOptions }
  | { kind: 'help' }
  | { kind: 'invalid'; diagnostic: Omit<ProblemParts, 'fields'> };

function invalid(what: string, fix: string): OptionsResult {
  return { kind: 'invalid', diagnostic: { what, why: 'the app cannot start without a valid value', fix } };
}

export function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): OptionsResult {
  let values: { port?: string | undefined; host?: string | undefined; 'data-dir'?: string | undefined; help?: boolean | undefined };
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return invalid(messageOf(error), `run with --help to see the options`);
  }
  if (values.help) return { kind: 'help' };

  const portSource = values.port !== undefined ? '--port' : 'PORT';
  const port = PortSchema.safeParse(values.port ?? env.PORT ?? String(DEFAULT_PORT));
  if (!port.success) {
    return invalid(`${portSource} "${values.port ?? env.PORT}" ${port.error.issues[0]?.message}`, 'pass --port 3000, or --port 0 for any free port');
  }
  const host = HostSchema.safeParse(values.host ?? '127.0.0.1');
  if (!host.success) {
    return invalid(`--host "${values.host}" ${host.error.issues[0]?.message}`, 'pass --host 127.0.0.1 or leave it out');
  }
  const dataDir = DataDirSchema.safeParse(values['data-dir'] ?? env.APP_DATA_DIR ?? '.data/app');
  if (!dataDir.success) {
    return invalid(`the data dir ${dataDir.error.issues[0]?.message}`, 'pass --data-dir DIR or set APP_DATA_DIR');
  }
  return { kind: 'run', options: { port: port.data, host: host.data, dataDir: resolve(cwd, dataDir.data) } };
}
