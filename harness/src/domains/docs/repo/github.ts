import { spawnSync } from 'node:child_process';
import { z } from 'zod';

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

const PullRequestListSchema = z.array(z.object({ number: z.number().int(), headRefName: z.string(), url: z.string() }));

export interface OpenPullRequest {
  number: number;
  branch: string;
  url: string;
}

/** Open pull requests whose branch starts with `prefix`, newest first; empty when gh cannot answer. */
export function openPullRequestsFrom(cwd: string, prefix: string): OpenPullRequest[] {
  const run = spawnSync('gh', ['pr', 'list', '--state', 'open', '--json', 'number,headRefName,url', '--limit', '100'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) return [];
  let json: unknown;
  try {
    json = JSON.parse(run.stdout);
  } catch {
    return [];
  }
  const parsed = PullRequestListSchema.safeParse(json);
  if (!parsed.success) return [];
  return parsed.data.filter((pr) => pr.headRefName.startsWith(prefix)).map((pr) => ({ number: pr.number, branch: pr.headRefName, url: pr.url }));
}

/** Rewrites an open pull request's title and body with gh. */
export function updatePullRequest(cwd: string, number: number, args: { title: string; body: string }): { ok: boolean; error: string } {
  const run = spawnSync('gh', ['pr', 'edit', String(number), '--title', args.title, '--body', args.body], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { ok: run.status === 0, error: run.error?.message ?? run.stderr.trim() };
}
