import { posix } from 'node:path';
import type { StaleDetails } from '../types/violation.js';
import { relativeLink } from './workspace.js';

/** The slug of a doc in task file names: docs/design-docs/x.md → design-docs-x. */
export function docSlug(doc: string, docsDir: string): string {
  return doc
    .replace(new RegExp(`^${docsDir}/`), '')
    .replace(/\.md$/, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .toLowerCase();
}

const MAX_FILES = 30;
const MAX_COMMITS = 20;

/** A re-verification task: the doc, the code changes since its last verification, what to check. */
export function renderTask(taskPath: string, doc: string, owner: string, title: string, stale: StaleDetails, today: string): string {
  const since = stale.verifiedCommit ? `${stale.verified} (commit ${stale.verifiedCommit.slice(0, 7)})` : stale.verified;
  const quoted = stale.covers.map((c) => `'${c}'`).join(' ');
  const diff = stale.verifiedCommit ? `git diff ${stale.verifiedCommit.slice(0, 7)} -- ${quoted}` : `git log -p --since=${stale.verified}T23:59:59Z -- ${quoted}`;
  const commits = stale.commits.slice(0, MAX_COMMITS).map((c) => `| ${c.sha.slice(0, 7)} | ${c.date} | ${c.subject.replace(/\|/g, '\\|')} |`);
  const files = stale.files.slice(0, MAX_FILES).map((f) => `- \`${f.path}\` (${statusWord(f.status)})`);
  return [
    '---',
    `title: ${JSON.stringify(`Re-verify ${doc}`)}`,
    'status: active',
    `owner: ${JSON.stringify(owner)}`,
    'covers: []',
    `verified: ${today}`,
    `task_for: ${doc}`,
    '---',
    '',
    `# Re-verify ${doc}`,
    '',
    `[${title}](${relativeLink(taskPath, doc)}) describes code that changed after it was last verified on ${since}. Written by \`npx harness docs garden\`; the checks below need judgment, so a person or an agent does them.`,
    '',
    '## Code changes since the last verification',
    '',
    commits.length > 0 ? '| commit | date | subject |\n| --- | --- | --- |\n' + commits.join('\n') : 'No commits: the changes are not committed yet.',
    stale.commits.length > MAX_COMMITS ? `\n…and ${stale.commits.length - MAX_COMMITS} older commits (\`git log\` lists them all).` : '',
    '',
    `Covered files changed (${stale.files.length}):`,
    '',
    ...(files.length > 0 ? files : ['- (none listed: see the diff below)']),
    stale.files.length > MAX_FILES ? `- …and ${stale.files.length - MAX_FILES} more` : '',
    '',
    '## What to check',
    '',
    `1. Read the changes: \`${diff}\`.`,
    `2. For each statement in ${posix.basename(doc)} about the changed code (names, paths, commands, flags, behaviour, numbers), check it still holds; correct or remove what does not, and add what a reader now needs.`,
    `3. If the doc now covers different code, update its \`covers\` globs.`,
    `4. Run \`npx harness docs verify ${doc}\` and \`npx harness docs lint\`, then commit.`,
    `5. Set this plan's status to completed and move it to completed/ (\`git mv\`).`,
    '',
    '## Progress',
    '',
    '- [ ] Changes read against the doc',
    '- [ ] Doc corrected where it no longer holds',
    '- [ ] `harness docs verify` run and committed',
    '',
    '## Decision log',
    '',
    `- ${today}: task written by \`harness docs garden\` (${stale.commits.length} commits, ${stale.files.length} files since the last verification).`,
    '',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n');
}

function statusWord(status: string): string {
  return { A: 'added', M: 'modified', D: 'deleted', R: 'renamed', C: 'copied', T: 'type changed' }[status] ?? 'changed';
}
