// The app as a process: data survives a restart, migrations run once, files are private,
// signals stop it cleanly, and bad options or a broken data dir end in a diagnostic
// with exit code 2 instead of a stack trace.
import { createServer } from 'node:net';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../src/domains/settings/types/settings.js';
import { TaskListSchema, TaskSchema } from '../src/domains/tasks/types/task.js';
import { killAll, removeTempDataDir, runApp, startApp, tempDataDir } from './helpers/app-process.js';
import { request } from './helpers/http.js';

const dirs: string[] = [];
function newDataDir(): string {
  const dir = tempDataDir();
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  killAll();
  for (const dir of dirs) removeTempDataDir(dir);
});

describe('persistence', () => {
  it('keeps tasks and settings across a restart, running each migration once', async () => {
    const dataDir = newDataDir();
    const first = await startApp({ dataDir });
    const created = TaskSchema.parse((await request(first.url, '/api/tasks', { method: 'POST', json: { title: 'survive a restart', notes: 'n', priority: 'high' } })).json);
    await request(first.url, `/api/tasks/${created.id}`, { method: 'PATCH', json: { done: true } });
    await request(first.url, '/api/tasks', { method: 'POST', json: { title: 'second' } });
    const saved = SettingsSchema.parse((await request(first.url, '/api/settings', { method: 'PUT', json: { displayName: 'Ada', theme: 'dark', pageSize: 7, flags: { doneLast: true } } })).json);
    const before = TaskListSchema.parse((await request(first.url, '/api/tasks')).json);
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    const second = await startApp({ dataDir });
    expect(TaskListSchema.parse((await request(second.url, '/api/tasks')).json)).toEqual(before);
    expect(SettingsSchema.parse((await request(second.url, '/api/settings')).json)).toEqual(saved);
    const third = TaskSchema.parse((await request(second.url, '/api/tasks', { method: 'POST', json: { title: 'after restart' } })).json);
    expect(third.id).toBeGreaterThan(created.id + 1);
    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null });

    const db = new Database(join(dataDir, 'app.sqlite'), { readonly: true });
    const migrations = db.prepare('SELECT domain, version FROM schema_migrations ORDER BY domain, version').all();
    db.close();
    expect(migrations).toEqual([
      { domain: 'settings', version: 1 },
      { domain: 'tasks', version: 1 },
      { domain: 'tasks', version: 2 },
    ]);
  });

  it('creates the data dir 0700 and the database 0600', async () => {
    const app = await startApp({ dataDir: newDataDir(), viaEnv: true });
    expect(statSync(app.dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(app.dataDir, 'app.sqlite')).mode & 0o777).toBe(0o600);
    await app.stop();
  });

  it('leaves an existing data dir as it is but warns when others can read it', async () => {
    const dataDir = newDataDir();
    mkdirSync(dataDir, { mode: 0o755 });
    chmodSync(dataDir, 0o755);
    const app = await startApp({ dataDir });
    expect(statSync(dataDir).mode & 0o777).toBe(0o755);
    expect(statSync(join(dataDir, 'app.sqlite')).mode & 0o777).toBe(0o600);
    expect(app.stderr()).toContain('the data dir is open to other users');
    expect(app.stderr()).toContain(`chmod 700 ${dataDir}`);
    await app.stop();
  });

  it('falls back to the default for a stored setting that no longer parses, and says so', async () => {
    const dataDir = newDataDir();
    const first = await startApp({ dataDir });
    await request(first.url, '/api/settings', { method: 'PUT', json: { theme: 'dark', displayName: 'Kept' } });
    await first.stop();
    const db = new Database(join(dataDir, 'app.sqlite'));
    db.prepare("UPDATE settings SET value = '\"purple\"' WHERE key = 'theme'").run();
    db.close();

    const second = await startApp({ dataDir });
    const settings = SettingsSchema.parse((await request(second.url, '/api/settings')).json);
    expect(settings).toMatchObject({ theme: 'light', displayName: 'Kept' });
    expect(second.stderr()).toContain('stored settings did not parse');
    expect(second.stderr()).toContain('theme');
    await second.stop();
  });
});

describe('process', () => {
  it('prints exactly one line on stdout and nothing on stderr when no telemetry is exported', async () => {
    const app = await startApp();
    dirs.push(app.dataDir);
    await request(app.url, '/api/tasks', { method: 'POST', json: { title: 'quiet' } });
    await request(app.url, '/api/tasks', { method: 'POST', json: {} });
    process.kill(app.pid, 'SIGUSR2'); // a flush with no exporter is quiet too
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await app.stop()).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toBe(`listening on ${app.url}\n`);
    expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(app.stderr()).toBe('');
  });

  it('prints its options for --help', async () => {
    const result = await runApp(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--data-dir DIR');
  });

  it.each([
    [['--port', 'abc'], '--port "abc" must be a whole number'],
    [['--port', '70000'], 'must be a whole number from 0 to 65535'],
    [['--host', '0.0.0.0'], 'must be a loopback address'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j with a diagnostic and exit code 2', async (args, what) => {
    const result = await runApp([...args, '--data-dir', newDataDir()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(what);
    expect(result.stderr).toMatch(/^error: .+\n {2}why: .+\n {2}fix: .+/);
    expect(result.stderr).not.toMatch(/at .+\.js:\d+/); // no stack trace
  });

  it('refuses an invalid OTLP endpoint', async () => {
    const result = await runApp(['--port', '0', '--data-dir', newDataDir()], { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be a full http(s) URL');
  });

  it('refuses an OTLP endpoint that is not http(s), saying what, why and the fix', async () => {
    const result = await runApp(['--port', '0', '--data-dir', newDataDir()], { OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: 'ftp://127.0.0.1:4318/v1/logs' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: OTEL_EXPORTER_OTLP_LOGS_ENDPOINT must be a full http\(s\) URL.*\n {2}why: .+\n {2}fix: set OTEL_EXPORTER_OTLP_LOGS_ENDPOINT to an http\(s\) URL/);
    expect(result.stdout).not.toContain('listening on');
  });

  it('says which port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const result = await runApp(['--port', String(port), '--data-dir', newDataDir()]);
    blocker.close();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(result.stderr).toContain('--port 0');
  });

  it('refuses a data dir that is a file, and a database file that is not SQLite', async () => {
    const dataDir = newDataDir();
    mkdirSync(join(dataDir, '..'), { recursive: true });
    writeFileSync(dataDir, 'not a dir');
    const notADir = await runApp(['--port', '0', '--data-dir', dataDir]);
    expect(notADir.code).toBe(2);
    expect(notADir.stderr).toContain(`cannot use the data dir ${dataDir}`);

    const otherDir = newDataDir();
    mkdirSync(otherDir, { recursive: true });
    writeFileSync(join(otherDir, 'app.sqlite'), 'this is not a database '.repeat(100));
    const corrupt = await runApp(['--port', '0', '--data-dir', otherDir]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain('cannot open the database');
  });
});
