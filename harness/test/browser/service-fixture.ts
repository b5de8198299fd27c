import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBrowserConfig } from '../../src/domains/browser/config/settings.js';
import { ArtifactStore } from '../../src/domains/browser/repo/artifacts.js';
import { BrowserService } from '../../src/domains/browser/service/browser-service.js';

/** A BrowserService on Debian's Chromium with a fresh profile and artifacts folder. */
export function newBrowserService(appUrl: string | undefined, config: Record<string, unknown> = {}, worktreeRoot?: string): { service: BrowserService; dir: string; cleanup(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'harness-browser-'));
  const service = new BrowserService({
    config: parseBrowserConfig(config),
    profileDir: join(dir, 'profile'),
    artifacts: new ArtifactStore(join(dir, 'artifacts')),
    appUrl: () => appUrl,
    worktreeRoot: worktreeRoot ?? dir,
  });
  return {
    service,
    dir,
    cleanup: async () => {
      await service.stop();
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Runs every cleanup step in order, each even when an earlier one failed. */
export async function cleanUp(...steps: (() => Promise<unknown>)[]): Promise<void> {
  for (const step of steps) await step().catch(() => undefined);
}
