import { dirname, join } from 'node:path';
import { loadProjectConfig } from '../../../providers/project-config.js';
import type { DaemonContext } from '../../env/types/daemon-context.js';
import { parseBrowserConfig } from '../config/settings.js';
import { ArtifactStore } from '../repo/artifacts.js';
import { VictoriaCorrelator } from '../repo/victoria-correlator.js';
import { BrowserService } from '../service/browser-service.js';
import { registerBrowserMethods, type MethodSink } from './daemon-methods.js';

/**
 * Hosts the browser tools in the env daemon: one BrowserService per env, created by the
 * first browser command once the env is ready (Chromium starts then, so an env that never
 * opens a page spends no memory on it), its correlator pointed at the env's logs and
 * traces stores, and Chromium stopped with the env on `down`. The profile and the
 * artifacts live under the worktree's `.harness/`.
 */
export function hostBrowser(registry: MethodSink, context: DaemonContext): void {
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
        correlator: new VictoriaCorrelator({ logsUrl: info.urls.logs.base, tracesUrl: info.urls.traces.base, flushApp: () => flushApp(context) }),
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

/**
 * SIGUSR2 is the env's "export your telemetry now" signal (the OTel bootstrap and the
 * reference app both flush on it), so a click's spans are queryable in tens of
 * milliseconds instead of after the app's next export interval.
 */
async function flushApp(context: DaemonContext): Promise<void> {
  const app = context.env().processes.find((p) => p.role === 'app');
  if (!app) return;
  try {
    process.kill(app.pid, 'SIGUSR2');
  } catch {
    // The app is gone: the correlation will say what it found.
  }
}
