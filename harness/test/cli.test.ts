import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = fileURLToPath(new URL('../bin/harness.js', import.meta.url));

describe('harness binary', () => {
  it('prints its version from the compiled CLI', () => {
    const out = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('rejects an unknown command with exit code 2 and a pointer to help', () => {
    const run = spawnSync(process.execPath, [bin, 'no-such-command'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('harness --help');
  });

  // Agents call the CLI hundreds of times: declaring the commands must not load what they
  // run (zod schemas, YAML, store clients, provisioning). Speed itself is bench/cli's job.
  it('declares every command without loading any command\'s code: commander and the command declarations only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-loads-'));
    try {
      const loads = join(dir, 'loads.txt');
      const hook = fileURLToPath(new URL('./fixtures/cli/record-loads.mjs', import.meta.url));
      const help = execFileSync(process.execPath, ['--import', hook, bin, '--help'], { encoding: 'utf8', env: { ...process.env, HARNESS_TEST_LOADS: loads } });
      for (const command of ['up', 'status', 'install', 'docs', 'logs', 'traces', 'check', 'lint', 'browser', 'journey']) expect(help).toMatch(new RegExp(`^  ${command} `, 'm'));
      const urls = readFileSync(loads, 'utf8').trim().split('\n').filter((u) => u.startsWith('file:') && !u.includes('/test/fixtures/cli/'));
      const packages = new Set(urls.filter((u) => u.includes('/node_modules/')).map((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1]));
      expect([...packages]).toEqual(['commander']);
      const harness = urls.filter((u) => !u.includes('/node_modules/')).map((u) => u.replace(/^.*\/harness\/(bin|dist)\//, '$1/'));
      expect(harness.filter((u) => !/^(bin\/harness\.js|dist\/(shell|utils|providers)\/[\w-]+\.js|dist\/domains\/\w+\/(ui|types)\/[\w-]+\.js)$/.test(u))).toEqual([]);
      expect(harness.filter((u) => /\/(service|repo|runtime|config)\//.test(u))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
