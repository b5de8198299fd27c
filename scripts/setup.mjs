#!/usr/bin/env node
// Installs everything this repository needs, from nothing, idempotently:
// Debian packages (chromium, ffmpeg), npm packages, the TypeScript build and the
// pinned observability binaries. Plain Node with no dependencies, because it runs
// before `npm ci` has installed anything. Every slow step prints progress.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const started = Date.now();

function say(message) {
  process.stderr.write(`[setup] ${message}\n`);
}

function fail(what, why, fix) {
  process.stderr.write(`[setup] error: ${what}\n  why: ${why}\n  fix: ${fix}\n`);
  process.exit(2);
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) return { ok: false, reason: result.error.message };
  return { ok: result.status === 0, reason: `exit code ${result.status}` };
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// 1. Node itself.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(
    `Node ${process.versions.node} is too old`,
    'the harness and its tools (eslint 10, vitest 4) need Node 20.19 or newer',
    'install Node 20.19+ (the Debian machines of this project ship 20.20)',
  );
}

// 2. Debian packages: Chromium for the browser tools and tests, ffmpeg for videos.
const debian = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: 'ffmpeg', pkg: 'ffmpeg' },
  { bin: 'ffprobe', pkg: 'ffmpeg' },
];
const missing = [...new Set(debian.filter((d) => !(d.bin.startsWith('/') ? existsSync(d.bin) : hasCommand(d.bin))).map((d) => d.pkg))];
if (missing.length > 0 && !args.has('--no-system')) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && !hasCommand('sudo')) {
    fail(
      `Debian packages missing: ${missing.join(', ')}`,
      'installing them needs root and this user is not root and has no sudo',
      `run as root: apt-get update && apt-get install -y ${missing.join(' ')}; or pass --no-system to skip`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...argv) => (isRoot ? run('apt-get', argv, { env }) : run('sudo', ['-n', 'apt-get', ...argv], { env }));
  say(`installing Debian packages: ${missing.join(', ')} (apt-get, about a minute)`);
  const update = apt('update', '-q');
  if (!update.ok) say(`apt-get update failed (${update.reason}); trying the install with the current lists`);
  const install = apt('install', '-y', '-q', '--no-install-recommends', ...missing);
  if (!install.ok) {
    fail(
      `apt-get install ${missing.join(' ')} failed (${install.reason})`,
      'the browser tools need /usr/bin/chromium and the video recorder needs ffmpeg',
      `run: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
} else {
  say(missing.length ? `skipping Debian packages (--no-system): ${missing.join(', ')}` : 'Debian packages: chromium and ffmpeg present');
}

// 3. npm packages, reinstalled when package-lock.json changed since the last install.
const lockPath = join(root, 'package-lock.json');
const stampPath = join(root, 'node_modules', '.setup-lock-hash');
const lockHash = existsSync(lockPath) ? createHash('sha256').update(readFileSync(lockPath)).digest('hex') : 'none';
const installed = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : '';
if (installed !== lockHash) {
  const command = existsSync(lockPath) ? 'ci' : 'install';
  say(`npm ${command} (first run compiles better-sqlite3: a few minutes)`);
  // better-sqlite3 compiles from source here (its prebuilt download is unreachable):
  // point node-gyp at this Node's own headers so it never downloads them either.
  const nodeDir = resolve(dirname(process.execPath), '..');
  const env = existsSync(join(nodeDir, 'include', 'node', 'node.h')) ? { ...process.env, npm_config_nodedir: nodeDir } : process.env;
  const result = run('npm', [command, '--no-audit', '--no-fund', '--foreground-scripts=false'], { env });
  if (!result.ok) {
    fail(
      `npm ${command} failed (${result.reason})`,
      'the harness, the app and the lints need their npm packages',
      `read npm's message above; then run npm ${command} by hand to see it again`,
    );
  }
  mkdirSync(dirname(stampPath), { recursive: true });
  writeFileSync(stampPath, `${lockHash}\n`);
} else {
  say('npm packages: up to date');
}

// 4. The build: tsc -b (incremental: seconds when nothing changed), then the app's
//    browser bundles (esbuild, under a second).
say('building (npm run build: tsc -b, then the app\'s browser bundles)');
const build = run('npm', ['run', '--silent', 'build']);
if (!build.ok) {
  fail('the build failed', 'the harness CLI and the app run compiled JavaScript', 'fix the errors printed above, then rerun');
}

// 5. The pinned observability binaries (cached after the first build).
const harnessBin = join(root, 'harness', 'bin', 'harness.js');
if (!args.has('--no-binaries') && existsSync(join(root, 'harness', 'dist', 'domains', 'env'))) {
  say('provisioning the observability binaries (harness install)');
  const provision = run(process.execPath, [harnessBin, 'install']);
  if (!provision.ok) {
    fail('harness install failed', 'harness up needs VictoriaLogs, VictoriaMetrics and VictoriaTraces', 'read the message above: it lists each way to get the binaries');
  }
}

say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
