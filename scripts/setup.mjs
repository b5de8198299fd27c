#!/usr/bin/env node
// Installs everything this repository needs, from nothing, idempotently:
// Debian packages (chromium, ffmpeg; a C++ toolchain when npm must compile
// better-sqlite3), npm packages, the TypeScript build and the pinned observability binaries. Plain Node with no dependencies, because it runs
// before `npm ci` has installed anything. Every slow step prints progress.
import { spawn, spawnSync } from 'node:child_process';
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

/** Like run, but async, saying every 15 s that the step is still going (npm ci can be
 *  silent for minutes while it compiles, and a CI log would look hung). */
function runWithHeartbeat(label, command, argv, options = {}) {
  const began = Date.now();
  const timer = setInterval(() => say(`${label} still running (${Math.round((Date.now() - began) / 1000)} s)`), 15_000);
  return new Promise((resolveRun) => {
    const child = spawn(command, argv, { cwd: root, stdio: 'inherit', ...options });
    child.on('error', (error) => {
      clearInterval(timer);
      resolveRun({ ok: false, reason: error.message });
    });
    child.on('exit', (code, signal) => {
      clearInterval(timer);
      resolveRun({ ok: code === 0, reason: signal ? `signal ${signal}` : `exit code ${code}` });
    });
  });
}

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

// 1. Node itself, against package.json's engines range (comparators like >=20.19 and <21,
//    joined by spaces (and) and || (or); no semver package yet, npm ci has not run).
const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines?.node ?? '>=20.19';
const version = process.versions.node.split('.').map(Number);
const compare = (a, b) => {
  for (let i = 0; i < 3; i += 1) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};
const satisfies = (comparator) => {
  const match = /^(>=|<=|>|<|=)?v?(\d+(?:\.\d+){0,2})$/.exec(comparator);
  if (!match) return false;
  const order = compare(version, match[2].split('.').map(Number));
  return { '>=': order >= 0, '<=': order <= 0, '>': order > 0, '<': order < 0, '=': order === 0 }[match[1] ?? '='];
};
if (!engines.split('||').some((part) => part.trim().split(/\s+/).every(satisfies))) {
  fail(
    `Node ${process.versions.node} is outside the supported range ${engines} (package.json engines)`,
    'the harness and its tools (eslint 10, vitest 4, the native better-sqlite3) are built and tested only on those versions',
    `install a Node in ${engines} (the Debian machines of this project ship 20.20), e.g. nvm install 20`,
  );
}

// 2. Debian packages: Chromium for the browser tools and tests, ffmpeg for videos, and
//    when npm must install packages, the compiler toolchain better-sqlite3 is built with.
const lockPath = join(root, 'package-lock.json');
const stampPath = join(root, 'node_modules', '.setup-lock-hash');
const lockHash = existsSync(lockPath) ? createHash('sha256').update(readFileSync(lockPath)).digest('hex') : 'none';
const installed = existsSync(stampPath) ? readFileSync(stampPath, 'utf8').trim() : '';
const needsNpmInstall = installed !== lockHash;
const debian = [
  { bin: '/usr/bin/chromium', pkg: 'chromium' },
  { bin: 'ffmpeg', pkg: 'ffmpeg' },
  { bin: 'ffprobe', pkg: 'ffmpeg' },
  ...(needsNpmInstall
    ? [
        { bin: 'python3', pkg: 'python3' },
        { bin: 'make', pkg: 'build-essential' },
        { bin: 'g++', pkg: 'build-essential' },
      ]
    : []),
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
      'the browser tools need /usr/bin/chromium, the video recorder ffmpeg, and npm compiles better-sqlite3 with python3, make and g++',
      `run: apt-get update && apt-get install -y ${missing.join(' ')}`,
    );
  }
} else {
  say(
    missing.length
      ? `skipping Debian packages (--no-system): ${missing.join(', ')}`
      : `Debian packages: chromium and ffmpeg present${needsNpmInstall ? '; python3, make and g++ too' : ''}`,
  );
}

// 3. npm packages, reinstalled when package-lock.json changed since the last install.
if (needsNpmInstall) {
  const command = existsSync(lockPath) ? 'ci' : 'install';
  say(`npm ${command} (first run compiles better-sqlite3: a few minutes)`);
  // better-sqlite3 compiles from source here (its prebuilt download is unreachable):
  // point node-gyp at this Node's own headers so it never downloads them either.
  const nodeDir = resolve(dirname(process.execPath), '..');
  const env = existsSync(join(nodeDir, 'include', 'node', 'node.h')) ? { ...process.env, npm_config_nodedir: nodeDir } : process.env;
  const result = await runWithHeartbeat(`npm ${command}`, 'npm', [command, '--no-audit', '--no-fund', '--foreground-scripts=false'], { env });
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
