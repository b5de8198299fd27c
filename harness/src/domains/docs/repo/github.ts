import { spawnSync } from 'node:child_process';

/** True when the GitHub CLI is installed and authenticated (`gh auth status` succeeds). */
export function githubCliReady(cwd: string): { ready: boolean; reason: string } {
  const run = spawnSync('gh', ['auth', 'status'], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (run.error) return { ready: false, reason: 'the GitHub CLI (gh) is not installed' };
  if (run.status !== 0) return { ready: false, reason: 'gh is installed but not authenticated (gh auth login, or GH_TOKEN)' };
  return { ready: true, reason: 'gh is authenticated' };
}

/** Opens a pull request with gh and returns its URL (gh prints it last). */
export function openPullRequest(cwd: string, args: { base: string; head: string; title: string; body: string }): { ok: boolean; url: string; error: string } {
  const run = spawnSync('gh', ['pr', 'create', '--base', args.base, '--head', args.head, '--title', args.title, '--body', args.body], {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const url = run.stdout.trim().split('\n').slice(-1)[0] ?? '';
  return { ok: run.status === 0, url, error: run.error?.message ?? run.stderr.trim() };
}
