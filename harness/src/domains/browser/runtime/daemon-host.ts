import { dirname, join } from 'node:path';
import { loadProjectConfig } from '../../../providers/project-config.js';
import type { DaemonContext } from '../../env/types/daemon-context.js';
import type { BackendCorrelator } from '../types/backend.js';
import { parseBrowserConfig } from '../config/settings.js';
import { ArtifactStore } from '../repo/artifacts.js';
import { BrowserService } from '../service/browser-service.js';
import { registerBrowserMethods, type MethodSink } from './daemon-methods.js';

/**
 * Hosts the browser tools in the env daemon: one BrowserService per env, created by the
 * first browser command once the env is ready (Chromium starts then, so an env that never
 * opens a page spends no memory on it), and Chromium stopped with the env on `down`. The
 * profile and the artifacts live under the worktree's `.harness/`. The composition root
 * gives the correlator that finds an action's backend spans and logs (the telemetry
 * domain's, see harness/src/shell/backend-correlator.ts); without one, answers list none.
 */
export function hostBrowser(registry: MethodSink, context: DaemonContext, correlator?: BackendCorrelator): void {
  const worktree = dirname(context.paths.dir);
  let service: Promise<BrowserService> | undefined;
  const get = (): Promise<BrowserService> => {
    service ??= (async () => {
      const info = await context.whenReady();
      const config = parseBrowserConfig((await loadProjectConfig(worktree)).sections.browser, join(worktree, 'harness.config.ts'));
      const created = new BrowserService({
        config,
        profileDir: join(context.paths.dir, 'browser', 'profile'),
        artifacts: new ArtifactStore(join(context.paths.dir, 'artifacts')),
        worktreeRoot: worktree,
        appUrl: () => info.urls.app,
        ...(correlator ? { correlator } : {}),
      });
      context.onShutdown(() => created.stop());
      context.log('browser tools ready', { profile: join(context.paths.dir, 'browser', 'profile') });
      return created;
    })();
    // A failed start (bad browser config) is retried by the next command, not cached.
    service.catch(() => (service = undefined));
    return service;
  };
  registerBrowserMethods(registry, get);
}
