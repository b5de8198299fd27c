#!/usr/bin/env node
// Times `harness lint` against eslint-plugin-boundaries 7 on a generated 10,000-file
// repository with the six-layer layout and planted violations, and prints both figures
// side by side. A benchmark prints figures; it asserts nothing.
//
//   node bench/lint/run.mjs [--files 10000] [--runs 3] [--reuse]
//
// Each run times both tools back to back (alternating which goes first), as separate
// processes with a cold cache, and reads their wall-clock and CPU time. The machine is
// shared, so the load average is printed with every figure and the best and median of
// the runs are both shown.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, PLANTED } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const files = Number(arg('--files', '10000'));
const runs = Number(arg('--runs', '3'));
const out = join(repoRoot, 'bench', '.work', 'lint-repo');

if (!existsSync(join(repoRoot, 'harness', 'dist', 'shell', 'cli.js'))) {
  process.stderr.write('bench/lint: the harness is not built; run `npm run setup` first\n');
  process.exit(2);
}
let shape;
if (args.includes('--reuse') && existsSync(join(out, 'bench-shape.json'))) {
  shape = JSON.parse(readFileSync(join(out, 'bench-shape.json'), 'utf8'));
} else {
  process.stdout.write(`generating ${files} files in ${out} ...\n`);
  shape = generate({ files, out });
}
const importPlanted = shape.planted.filter((p) => p.kind in PLANTED);

/** Runs a command under bash's `time` to get the children's CPU seconds as well as wall time. */
function timed(command, argv) {
  const load = loadavg()[0];
  const started = performance.now();
  const quoted = [command, ...argv].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const run = spawnSync('bash', ['-c', `TIMEFORMAT='%U %S'; { time ${quoted} > "$BENCH_OUT" ; } 2> "$BENCH_TIME"`], {
    cwd: out,
    env: { ...process.env, BENCH_OUT: join(out, '.bench-stdout'), BENCH_TIME: join(out, '.bench-time') },
    maxBuffer: 1 << 30,
  });
  const wall = (performance.now() - started) / 1000;
  const timeLines = readFileSync(join(out, '.bench-time'), 'utf8').trim().split('\n');
  const [user, sys] = (timeLines[timeLines.length - 1] ?? '0 0').split(' ').map(Number);
  return { status: run.status, wall, cpu: (user ?? 0) + (sys ?? 0), load, stdout: readFileSync(join(out, '.bench-stdout'), 'utf8'), stderr: timeLines.slice(0, -1).join('\n') };
}

function harnessLint() {
  const r = timed(process.execPath, [join(repoRoot, 'harness', 'bin', 'harness.js'), 'lint', '--json']);
  const report = JSON.parse(r.stdout);
  const found = new Set(report.violations.map((v) => `${v.file}`));
  const byRule = {};
  for (const v of report.violations) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
  const scopes = report.checkers.map((c) => `${c.name}: ${c.scope}`).join('; ');
  return { ...r, count: report.violations.length, importFound: importPlanted.filter((p) => found.has(p.file)).length, byRule, scopes };
}

function boundaries() {
  const eslintBin = join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const r = timed(process.execPath, [eslintBin, '--no-config-lookup', '-c', join(here, 'boundaries-config.mjs'), 'src', '-f', 'json']);
  const results = JSON.parse(r.stdout);
  const found = new Set(results.filter((f) => f.messages.length > 0).map((f) => f.filePath.slice(out.length + 1)));
  const count = results.reduce((n, f) => n + f.messages.length, 0);
  return { ...r, count, importFound: importPlanted.filter((p) => found.has(p.file)).length };
}

const samples = { harness: [], boundaries: [] };
for (let i = 0; i < runs; i++) {
  const order = i % 2 === 0 ? ['harness', 'boundaries'] : ['boundaries', 'harness'];
  for (const tool of order) {
    const s = tool === 'harness' ? harnessLint() : boundaries();
    samples[tool].push(s);
    process.stdout.write(`run ${i + 1} ${tool.padEnd(10)} wall ${s.wall.toFixed(1)} s  cpu ${s.cpu.toFixed(1)} s  load ${s.load.toFixed(1)}  violations ${s.count} (planted import violations found: ${s.importFound}/${importPlanted.length})\n`);
  }
}

const best = (xs, key) => Math.min(...xs.map((x) => x[key]));
const median = (xs, key) => {
  const sorted = xs.map((x) => x[key]).sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const h = samples.harness;
const b = samples.boundaries;
const row = (label, key, f) => `${label.padEnd(22)}${f(h, key).toFixed(1).padStart(14)}${f(b, key).toFixed(1).padStart(28)}${(f(h, key) / f(b, key)).toFixed(2).padStart(10)}`;
process.stdout.write(
  [
    '',
    `repository: ${shape.files} source files, ${importPlanted.length} planted import violations (+ ${shape.planted.length - importPlanted.length} taste violations only harness lint checks)`,
    `${''.padEnd(22)}${'harness lint'.padStart(14)}${'eslint-plugin-boundaries'.padStart(28)}${'ratio'.padStart(10)}`,
    row('wall s, best', 'wall', best),
    row('wall s, median', 'wall', median),
    row('cpu s, best', 'cpu', best),
    row('cpu s, median', 'cpu', median),
    `${'violations found'.padEnd(22)}${String(h[0]?.count).padStart(14)}${String(b[0]?.count).padStart(28)}`,
    `${'planted import found'.padEnd(22)}${`${h[0]?.importFound}/${importPlanted.length}`.padStart(14)}${`${b[0]?.importFound}/${importPlanted.length}`.padStart(28)}`,
    `harness lint by rule: ${JSON.stringify(h[0]?.byRule ?? {})}`,
    `harness lint looked at: ${h[0]?.scopes ?? ''}`,
    `goal: harness lint <= 1/3 of boundaries' time (ratio <= 0.33); ${runs} run(s), load average now ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
    '',
  ].join('\n'),
);
