#!/usr/bin/env node
// The CLI's cold start, as agents pay it on every call: wall time of
// `node harness/bin/harness.js --version` and of `harness status` in a git worktree with
// no env (it answers "no env is running", exit 1), each a fresh process, with plain
// `node -e 0` as the floor. Runs are interleaved so load changes hit all three alike.
// Goal: --version under 80 ms median on an idle machine.
//
//   npm run build && node bench/cli/cold-start.mjs [--runs 21] [--bin OTHER/harness/bin/harness.js]
//
// `--bin` adds another build's binary (e.g. a copy of harness/ from before a change,
// kept under bench/.work/) to compare both in the same run, under the same load.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const flag = (name) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const RUNS = Number(flag('--runs') ?? 21);
const bins = [{ label: 'harness', path: join(repoRoot, 'harness', 'bin', 'harness.js') }];
if (flag('--bin')) bins.push({ label: 'other', path: resolve(flag('--bin')) });

// A worktree with no env: a fresh git repository outside this one.
const worktree = mkdtempSync(join(tmpdir(), 'harness-cold-start-'));
spawnSync('git', ['init', '-q', worktree]);

const cases = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'], cwd: repoRoot, expect: 0 },
  ...bins.flatMap((b) => [
    { name: `${b.label} --version`, args: [b.path, '--version'], cwd: repoRoot, expect: 0, says: /^\d+\.\d+\.\d+/ },
    { name: `${b.label} status (no env)`, args: [b.path, 'status'], cwd: worktree, expect: 1, says: /no env is running/ },
  ]),
];

/**
 * CPU time (user + system, ms) of the children this process has waited for, from
 * /proc/self/stat (cutime, cstime; clock ticks of 10 ms): far less sensitive to other
 * processes' load than wall time, so it says what a run costs on an idle machine.
 */
function childrenCpuMs() {
  if (!existsSync('/proc/self/stat')) return NaN;
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) * 10;
}

function once(c) {
  const cpuBefore = childrenCpuMs();
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, c.args, { cwd: c.cwd, encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== c.expect || (c.says && !c.says.test(run.stdout))) throw new Error(`${c.name}: exit ${run.status}, expected ${c.expect}\n${run.stdout}${run.stderr}`);
  return { ms, cpuMs: childrenCpuMs() - cpuBefore };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

try {
  for (const c of cases) once(c); // warm the file cache
  const times = new Map(cases.map((c) => [c.name, []]));
  const cpu = new Map(cases.map((c) => [c.name, 0]));
  for (let i = 0; i < RUNS; i++) {
    for (const c of cases) {
      const run = once(c);
      times.get(c.name).push(run.ms);
      cpu.set(c.name, cpu.get(c.name) + run.cpuMs);
    }
  }
  if (bins.length > 1) console.log(`other = ${bins[1].path}`);
  console.log(`CLI cold start, ${RUNS} runs each (node ${process.version}, ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} at the end)`);
  // Node's own start-up is most of a cold start and swings with the machine's load; what
  // the harness adds on top of it (median minus the floor's median) is steadier.
  const floor = quantile(times.get(cases[0].name).sort((a, b) => a - b), 0.5);
  for (const c of cases) {
    const sorted = times.get(c.name).sort((a, b) => a - b);
    const median = quantile(sorted, 0.5);
    const over = c === cases[0] ? '' : `   +${(median - floor).toFixed(0)} ms over node`;
    console.log(`  ${c.name.padEnd(26)} median ${median.toFixed(0).padStart(4)} ms   min ${sorted[0].toFixed(0).padStart(4)} ms   p90 ${quantile(sorted, 0.9).toFixed(0).padStart(4)} ms   cpu ${(cpu.get(c.name) / RUNS).toFixed(0).padStart(4)} ms${over}`);
  }
} finally {
  rmSync(worktree, { recursive: true, force: true });
}
