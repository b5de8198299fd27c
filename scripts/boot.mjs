#!/usr/bin/env node
// What `npm start` runs after setup: the reference app alone, on 127.0.0.1:3000 (or
// $PORT) with its data under .data/app, until Ctrl-C. The app prints its URL itself.
// Once per-worktree environments land, `npm start` boots the app under the harness.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const main = join(root, 'app', 'dist', 'shell', 'main.js');
const dataDir = join(root, '.data', 'app');

if (!existsSync(main)) {
  process.stderr.write(`[boot] error: ${main} is missing\n  why: the app runs compiled JavaScript\n  fix: run npm run setup (or npm run build)\n`);
  process.exit(2);
}

process.stderr.write(`[boot] starting the reference app (data in ${dataDir}); Ctrl-C stops it\n`);
const child = spawn(process.execPath, [main, '--port', process.env.PORT ?? '3000', '--data-dir', dataDir], {
  cwd: root,
  stdio: 'inherit',
});

// Ctrl-C reaches the app too (same process group): let it stop cleanly, then exit with it.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null) child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
