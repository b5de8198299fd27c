#!/usr/bin/env node
// What `npm start` runs after setup: the reference app under `harness up`, with its own
// VictoriaLogs, VictoriaMetrics and VictoriaTraces, in this worktree. Stays in the
// foreground showing the app's output; Ctrl-C runs `harness down`. With --detach it
// returns once the env is up and leaves it running (stop it with `npx harness down`).
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, statSync, watch } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const harness = join(root, 'harness', 'bin', 'harness.js');
const detach = process.argv.includes('--detach');

const up = spawnSync(process.execPath, [harness, 'up'], { cwd: root, stdio: 'inherit' });
if (up.status !== 0) process.exit(up.status ?? 2);
if (detach) {
  process.stderr.write('[boot] the env keeps running; stop it with: npx harness down\n');
  process.exit(0);
}

// Follow the app's log from its current end, like a dev server's console.
const log = join(root, '.harness', 'logs', 'app.log');
let offset = existsSync(log) ? statSync(log).size : 0;
const follow = () => {
  if (!existsSync(log)) return;
  const size = statSync(log).size;
  if (size < offset) offset = 0;
  if (size === offset) return;
  createReadStream(log, { start: offset, end: size - 1 }).pipe(process.stdout, { end: false });
  offset = size;
};
const watcher = existsSync(log) ? watch(log, follow) : null;
const timer = setInterval(follow, 500);
process.stderr.write('[boot] showing the app output; Ctrl-C stops the env (harness down)\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    watcher?.close();
    clearInterval(timer);
    const down = spawn(process.execPath, [harness, 'down'], { cwd: root, stdio: 'inherit' });
    down.on('exit', (code) => process.exit(code ?? 0));
  });
}
