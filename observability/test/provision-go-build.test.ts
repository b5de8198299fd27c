import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { resolveBinary, type ProgressEvent } from '../src/provision/index.js';
import { tempDir } from './helpers/stores.js';

const run = promisify(execFile);

// The Go build step for real: the committed module under observability/go/ is compiled
// into a fresh cache (modules come from the Go module cache or the proxy, each checked
// against the committed go.sum). Slow: tens of seconds with a warm Go cache.
describe('resolveBinary: the Go build from the committed module', () => {
  it('builds VictoriaMetrics at the pinned version when nothing else is allowed', async () => {
    const cacheDir = await tempDir('gobuild');
    const events: ProgressEvent[] = [];
    const built = await resolveBinary('victoria-metrics', {
      cacheDir,
      allowDownload: false,
      searchPath: false,
      env: { ...process.env, HARNESS_VICTORIA_METRICS_BIN: '' },
      onProgress: (e) => events.push(e),
    });
    expect(built).toMatchObject({ source: 'go-build', version: 'v1.150.0', path: `${cacheDir}/victoria-metrics-v1.150.0/victoria-metrics` });
    const { stdout } = await run(built.path, ['-version']);
    expect(stdout.trim()).toBe('victoria-metrics-gobuild-tags-v1.150.0');
    expect(events.filter((e) => e.kind === 'go-build').map((e) => e.kind === 'go-build' && e.phase)).toEqual(expect.arrayContaining(['modules', 'compile']));
  }, 600_000);
});
