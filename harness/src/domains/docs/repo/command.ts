import { spawnSync } from 'node:child_process';
import { HarnessError } from '../../../utils/diagnostic.js';

/** Runs a shell command in the worktree and returns its stdout; a failure names the command. */
export function commandOutput(root: string, command: string): string {
  const run = spawnSync('sh', ['-c', command], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error || run.status !== 0) {
    throw new HarnessError({
      what: `\`${command}\` failed (${run.error?.message ?? `exit ${run.status}`}): ${run.stderr.trim().split('\n').slice(-1)[0] ?? ''}`,
      why: 'its output is the content of a generated doc',
      fix: `run \`${command}\` at ${root} to see the error, fix it, then rerun`,
    });
  }
  return run.stdout;
}
