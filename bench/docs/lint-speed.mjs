#!/usr/bin/env node
// Speed of the docs lint: generates a git repository with 1,000 docs and over 10,000
// relative links (with anchors, code links, an index and AGENTS.md), plus a few known
// broken links and anchors, then times `runDocsLint` in-process (median of 5 runs) and
// the whole `harness docs lint` command. Goal: the in-process check (`runDocsLint`) of
// 1,000 docs and 10,000 links in ≤ 1 s; the CLI adds Node start and config load. Then a
// commit changes the code of 10% of the docs and the check is timed again: each stale doc
// costs git history reads (commits and files since its verification), shown separately.
//
//   npm run build && node bench/docs/lint-speed.mjs [--docs 1000]
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { runDocsLint } = await import(join(repoRoot, 'harness/dist/domains/docs/service/lint.js'));
const { verifyDocs } = await import(join(repoRoot, 'harness/dist/domains/docs/service/verify.js'));

const argIndex = process.argv.indexOf('--docs');
const DOCS = argIndex > 0 ? Number(process.argv[argIndex + 1]) : 1000;
const MODULES = 50;
const BROKEN = 5;
const work = join(repoRoot, 'bench', '.work', 'docs-speed');
const today = new Date().toISOString().slice(0, 10);
const sections = { docs: { generated: [] } };
const program = new Command('harness');

function write(path, content) {
  mkdirSync(dirname(join(work, path)), { recursive: true });
  writeFileSync(join(work, path), content);
}

function git(...args) {
  const run = spawnSync('git', args, {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.invalid', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.invalid' },
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

const name = (i) => `doc-${String(i).padStart(4, '0')}.md`;

function doc(i) {
  const other = (k) => name((i * 7 + k * 131) % DOCS);
  const mod = i % MODULES;
  const links = [
    `See [the index](index.md) and [${other(1)}](${other(1)}#design), [${other(2)}](${other(2)}#how-it-works-part-2).`,
    `The code: [entry](../../src/mod-${mod}/index.ts) and [helpers](../../src/mod-${mod}/helpers.ts).`,
    `Related: [${other(3)}](${other(3)}), [${other(4)}](${other(4)}#decisions--trade-offs) and [${other(5)}](${other(5)}).`,
    `Jump to [design](#design) or [decisions](#decisions--trade-offs).`,
  ];
  return [
    '---',
    `title: Doc ${i}`,
    'status: accepted',
    'owner: bench',
    `covers: [src/mod-${mod}/**]`,
    `verified: ${today}`,
    '---',
    '',
    `# Doc ${i}`,
    '',
    'An introduction paragraph that explains what this part of the system does and why it exists,',
    'written the way design docs are: a few sentences of prose between headings and lists.',
    '',
    '## Design',
    '',
    links[0],
    '',
    '- a bullet with `inline code` and **bold** text',
    '- another bullet that mentions [an external site](https://example.com/page)',
    '',
    '## How it works (part 2)',
    '',
    links[1],
    '',
    '```ts',
    '// a code block whose [bracketed](text.md) is not a link',
    `export const value${i} = ${i};`,
    '```',
    '',
    '## Decisions & trade-offs',
    '',
    links[2],
    links[3],
    '',
    '| option | chosen | why |',
    '| --- | --- | --- |',
    '| A | yes | simpler |',
    '| B | no | slower |',
    '',
  ].join('\n');
}

rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
git('init', '-q', '-b', 'main');
write('.gitignore', '.harness/\n');
write('harness.config.ts', 'export default { docs: { generated: [] } };\n');
write('AGENTS.md', '# AGENTS.md\n\n- Design docs: [docs/design-docs/index.md](docs/design-docs/index.md)\n');
for (let m = 0; m < MODULES; m++) {
  write(`src/mod-${m}/index.ts`, `export const mod${m} = ${m};\n`);
  write(`src/mod-${m}/helpers.ts`, `export const helper${m} = ${m};\n`);
}
const rows = [];
for (let i = 0; i < DOCS; i++) {
  let text = doc(i);
  if (i % Math.floor(DOCS / BROKEN) === 0) text += `\nA broken [link](missing-${i}.md) and a broken [anchor](#no-such-heading).\n`;
  write(`docs/design-docs/${name(i)}`, text);
  rows.push(`| [${name(i)}](${name(i)}) | accepted | ${today} | doc ${i} |`);
}
write(
  'docs/design-docs/index.md',
  `---\ntitle: Design docs\nstatus: accepted\nowner: bench\ncovers: []\nverified: ${today}\n---\n\n# Design docs\n\n| doc | status | last verified | summary |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
);
git('add', '-A');
git('commit', '-q', '-m', 'bench docs');
const setupStart = performance.now();
await verifyDocs(work, Array.from({ length: DOCS }, (_, i) => `docs/design-docs/${name(i)}`), { program, sections });
git('add', '-A');
git('commit', '-q', '-m', 'verify bench docs');
const setupMs = performance.now() - setupStart;

const times = [];
let report;
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  report = await runDocsLint(work, { program, sections });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const median = times[2];

// The first CLI run also compiles harness.config.ts into .harness/cache; the figure is the second.
const runCli = () => {
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(repoRoot, 'harness/bin/harness.js'), 'docs', 'lint', '--json'], { cwd: work, encoding: 'utf8' });
  return { ms: performance.now() - start, status: run.status, report: JSON.parse(run.stdout) };
};
runCli();
const { ms: cliMs, status: cliStatus, report: cliReport } = runCli();

// 10% stale: change the code covered by every tenth doc (5 of 50 modules) and commit.
const STALE_MODULES = Math.max(1, Math.round(MODULES / 10));
for (let m = 0; m < STALE_MODULES; m++) write(`src/mod-${m}/index.ts`, `export const mod${m} = ${m + 1};\n`);
git('add', '-A');
git('commit', '-q', '-m', 'change 10% of the covered code');
const staleTimes = [];
let staleReport;
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  staleReport = await runDocsLint(work, { program, sections });
  staleTimes.push(performance.now() - start);
}
staleTimes.sort((a, b) => a - b);
const staleCount = staleReport.violations.filter((v) => v.rule === 'stale-doc').length;

const say = (line) => process.stdout.write(`${line}\n`);
const rules = {};
for (const v of report.violations) rules[v.rule] = (rules[v.rule] ?? 0) + 1;
say(`docs lint speed: ${report.stats.docs} docs, ${report.stats.links} relative links, ${report.stats.markdownFiles} markdown files`);
say(`  found: ${JSON.stringify(rules)} (expected ${BROKEN} broken-link, ${BROKEN} broken-anchor)`);
say(`  in-process runDocsLint: median ${median.toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)}) over 5 runs`);
say(`  with ${staleCount} stale docs (${((staleCount / DOCS) * 100).toFixed(0)}%, git history read for each): median ${staleTimes[2].toFixed(0)} ms (min ${staleTimes[0].toFixed(0)}, max ${staleTimes[4].toFixed(0)}) over 5 runs`);
say(`  whole CLI (node start, config load, lint, JSON out): ${cliMs.toFixed(0)} ms, exit ${cliStatus}, ${cliReport.violations.length} findings`);
say(`  goal: the in-process check of a fresh knowledge base in ≤ 1000 ms (median): ${median <= 1000 ? 'met' : 'NOT met'}`);
say(`  machine: ${cpus().length} cores, load average ${loadavg()[0].toFixed(1)} (figures grow with load)`);
say(`  (setup: docs verify of ${DOCS} docs took ${setupMs.toFixed(0)} ms)`);
