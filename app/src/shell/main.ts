// The reference app's process entry and composition root: parse options, start telemetry,
// open the database, wire the domains to their routes, serve, and stop cleanly on
// SIGTERM/SIGINT. SIGUSR2 flushes all telemetry (the harness's readiness barrier).
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { createSettingsRepo } from '../domains/settings/repo/settings-repo.js';
import { settingsRoutes } from '../domains/settings/runtime/settings-routes.js';
import { createSettingsService } from '../domains/settings/service/settings-service.js';
import { createTaskRepo } from '../domains/tasks/repo/task-repo.js';
import { taskRoutes } from '../domains/tasks/runtime/task-routes.js';
import { createTaskService } from '../domains/tasks/service/task-service.js';
import { systemClock } from '../providers/clock.js';
import { openDatabase, type Database } from '../providers/database.js';
import { createFeatureFlags } from '../providers/feature-flags.js';
import { createHttpInstrumentation } from '../providers/http-instrumentation.js';
import { exceptionAttributes, logger } from '../providers/logger.js';
import { observeStartup } from '../providers/startup-telemetry.js';
import { startTelemetry, TelemetryEnvSchema, type Telemetry } from '../providers/telemetry.js';
import { messageOf } from '../utils/errors.js';
import { createRouter } from '../utils/router.js';
import { createAppServer } from './http-server.js';
import { readOptions, USAGE, type AppOptions } from './options.js';
import { loadStaticAssets } from './static-assets.js';
import { writeDiagnostic, writeStderrLine, writeStdoutLine } from './terminal.js';

const PackageJsonSchema = z.object({ version: z.string() });
const appRoot = fileURLToPath(new URL('../../', import.meta.url));
const DATABASE_FILE = 'app.sqlite';

class StartupError extends Error {
  constructor(
    readonly what: string,
    readonly why: string,
    readonly fix: string,
  ) {
    super(what);
  }
}

/** Creates the data dir 0700. An existing one is left as it is (it may be any directory the
 *  user named), with a warning if others can read it; the database file itself is 0600. */
function prepareDataDir(dir: string): void {
  let created: string | undefined;
  try {
    created = mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new StartupError(`cannot use the data dir ${dir}: ${messageOf(error)}`, 'the SQLite database lives there', 'pass --data-dir with a directory you can write');
  }
  const mode = statSync(dir).mode & 0o777;
  if (created === undefined && (mode & 0o077) !== 0) {
    logger.warn('the data dir is open to other users', { 'app.data_dir': dir, 'file.mode': mode.toString(8), fix: `chmod 700 ${dir}` });
  }
}

function openAppDatabase(dir: string): Database {
  const file = join(dir, DATABASE_FILE);
  try {
    return openDatabase(file);
  } catch (error) {
    throw new StartupError(`cannot open the database ${file}: ${messageOf(error)}`, 'every task and setting is stored there', 'move the file away (it will be recreated empty) or pass another --data-dir');
  }
}

function listen(server: Server, options: AppOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE';
      reject(
        new StartupError(
          `cannot listen on ${options.host}:${options.port}: ${inUse ? 'the port is in use' : error.message}`,
          'the app serves its UI and API on that address',
          'pass another --port (or set PORT), or --port 0 for any free port',
        ),
      );
    });
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve(`http://${host}:${port}`);
    });
  });
}

async function start(options: AppOptions, telemetry: Telemetry, version: string): Promise<void> {
  const startup = observeStartup();
  let opened: Database | undefined; // closed again if a later step fails
  let running: { db: Database; server: Server; url: string };
  try {
    running = await startup.within(async () => {
      prepareDataDir(options.dataDir);
      const assets = loadBuiltAssets();
      const database = openAppDatabase(options.dataDir);
      opened = database;
      const flags = createFeatureFlags();
      const settings = createSettingsService({ repo: createSettingsRepo(database, systemClock), flags });
      const tasks = createTaskService({ repo: createTaskRepo(database, systemClock), clock: systemClock, flags });
      const startedAt = Date.now();
      const router = createRouter([
        ...taskRoutes({ service: tasks, tasksPageHtml: assets.page('tasks.html') }),
        ...settingsRoutes({ service: settings, settingsPageHtml: assets.page('settings.html') }),
        assets.route,
        {
          method: 'GET',
          path: '/healthz',
          handler: () => ({ status: 200, json: { status: 'ok', version, uptimeSeconds: (Date.now() - startedAt) / 1000 } }),
        },
      ]);
      const appServer = createAppServer({ router, instrumentation: createHttpInstrumentation() });
      return { db: database, server: appServer, url: await listen(appServer, options) };
    });
  } catch (error) {
    startup.end({ ok: false });
    opened?.close();
    await telemetry.shutdown(3000);
    throw error;
  }
  const { db, server, url } = running;
  const seconds = startup.end({ ok: true, attributes: { 'url.full': url } });
  logger.info('app started', { 'url.full': url, 'app.data_dir': options.dataDir, 'app.startup.duration_s': seconds, 'service.version': version });
  writeStdoutLine(`listening on ${url}`);
  handleSignals(server, db, telemetry);
  acknowledgeFlush();
}

function loadBuiltAssets(): ReturnType<typeof loadStaticAssets> {
  const publicDir = join(appRoot, 'dist', 'public');
  try {
    const assets = loadStaticAssets(publicDir);
    assets.page('tasks.html');
    assets.page('settings.html');
    return assets;
  } catch (error) {
    throw new StartupError(`the browser UI is not built: ${messageOf(error)}`, 'the pages and their scripts are served from app/dist/public', 'run npm run build');
  }
}

/**
 * The harness's readiness barrier: it sends SIGUSR2 and waits for the file named by
 * HARNESS_OTEL_FLUSH_ACK to be rewritten, which says every export was answered. Written
 * once at startup too, so the harness knows this app acknowledges and waits for it.
 */
let flushCount = 0;
function acknowledgeFlush(): void {
  const path = process.env.HARNESS_OTEL_FLUSH_ACK;
  if (!path) return;
  try {
    writeFileSync(`${path}.${process.pid}.tmp`, `${process.pid} ${Date.now()} ${(flushCount += 1)}\n`, { mode: 0o600 });
    renameSync(`${path}.${process.pid}.tmp`, path);
  } catch (error) {
    logger.warn('could not write the flush acknowledgement', { 'file.path': path, 'error.message': messageOf(error) });
  }
}

function handleSignals(server: Server, db: Database, telemetry: Telemetry): void {
  let stopping = false;
  const stop = async (reason: string, exitCode: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('app stopping', { 'app.stop_reason': reason });
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 3000);
    await closed;
    clearTimeout(force);
    logger.info('app stopped', { 'app.stop_reason': reason });
    await telemetry.shutdown(3000);
    db.close();
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void stop('SIGTERM', 0));
  process.on('SIGINT', () => void stop('SIGINT', 0));
  process.on('SIGUSR2', () => {
    void telemetry.flush().then(acknowledgeFlush);
  });
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception; stopping', exceptionAttributes(error));
    void stop('uncaughtException', 1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.error('unhandled rejection; stopping', exceptionAttributes(reason));
    void stop('unhandledRejection', 1);
  });
}

async function main(): Promise<void> {
  const parsed = readOptions(process.argv.slice(2), process.env, process.cwd());
  if (parsed.kind === 'help') {
    writeStdoutLine(USAGE);
    return;
  }
  if (parsed.kind === 'invalid') {
    writeDiagnostic(parsed.diagnostic);
    process.exitCode = 2;
    return;
  }
  const env = TelemetryEnvSchema.safeParse(process.env);
  if (!env.success) {
    const issue = env.error.issues[0];
    const name = issue?.path.join('.') ?? 'an OTEL_* variable';
    writeDiagnostic({
      what: `${name} ${issue?.message}`,
      why: 'OTLP/HTTP exports only over http or https; telemetry sent there would go nowhere',
      fix: `set ${name} to an http(s) URL (a signal's own endpoint in full, e.g. http://127.0.0.1:4318/v1/traces; OTEL_EXPORTER_OTLP_ENDPOINT without /v1/...), or unset it to run without exporting`,
    });
    process.exitCode = 2;
    return;
  }
  const version = PackageJsonSchema.parse(JSON.parse(readFileSync(join(appRoot, 'package.json'), 'utf8'))).version;
  const telemetry = startTelemetry({ env: env.data, serviceVersion: version, writeStderr: writeStderrLine });
  try {
    await start(parsed.options, telemetry, version);
  } catch (error) {
    if (error instanceof StartupError) writeDiagnostic(error);
    else writeDiagnostic({ what: `the app failed to start: ${messageOf(error)}`, why: 'this is a bug in the app', fix: 'report it with the message above' });
    process.exitCode = 2;
  }
}

await main();
