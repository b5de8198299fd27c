#!/usr/bin/env node
// How long the Go build fallback takes: cold (empty Go module and build caches, as on a
// fresh CI machine) and warm (caches filled by the cold run), per store.
// Usage: npm run build && node bench/provision/go-build.mjs   (downloads ~100 MB of modules)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { resolveBinary, STACK, STORE_BINARIES } = await import(new URL('../../observability/dist/provision/index.js', import.meta.url).href);
const work = mkdtempSync(join(tmpdir(), 'bench-gobuild-'));
const env = { ...process.env, GOMODCACHE: join(work, 'gomod'), GOCACHE: join(work, 'gocache') };

for (const round of ['cold', 'warm']) {
  for (const name of STORE_BINARIES.filter((n) => STACK[n].goBuildDir)) {
    const t0 = performance.now();
    const built = await resolveBinary(name, { cacheDir: join(work, `bin-${round}`), allowDownload: false, searchPath: false, env: { ...env, [`HARNESS_${name.replace(/-/g, '_').toUpperCase()}_BIN`]: '' } });
    console.log(`${round} go build of ${name} ${built.version}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
// The module cache is read-only by design: let Go remove it.
spawnSync('go', ['clean', '-modcache'], { env, stdio: 'ignore' });
rmSync(work, { recursive: true, force: true, maxRetries: 3 });
