import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StorePin } from '../stack/versions.js';
import type { ProgressEvent } from './types.js';

/**
 * Builds a store from its committed Go module (observability/go/<name>/: go.mod requiring
 * the pinned release, go.sum holding every module hash). `go install pkg@version` is not
 * used: it asks the proxy for the version list, which the proxy here refuses. With go.sum
 * committed, the build verifies every download offline and resolves nothing new.
 */

/** observability/go/ — the same relative path from src/provision and dist/provision. */
export function goModulesRoot(): string {
  return fileURLToPath(new URL('../../go/', import.meta.url));
}

export interface GoBuildRequest {
  pin: StorePin;
  outPath: string;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export type GoBuildOutcome = { ok: true; moduleDir: string } | { ok: false; why: string; remedy: string };

/** What `-version` prints for a binary built here, e.g. `victoria-logs-gobuild-tags-v1.43.1`. */
export function goBuildVersionTag(pin: StorePin): string {
  return `${pin.name}-gobuild-tags-${pin.version}`;
}

export async function goBuild(request: GoBuildRequest): Promise<GoBuildOutcome> {
  const { pin } = request;
  if (!pin.goBuildDir) {
    return {
      ok: false,
      why: `no committed Go module for ${pin.name}: the Go module proxy refused every version of ${pin.goModule}, so no go.sum could be made`,
      remedy: `where the proxy serves ${pin.goModule}@${pin.version}, add observability/go/${pin.name}/ like the others (go.mod, tools.go, go mod tidy) and set goBuildDir`,
    };
  }
  const moduleDir = `${goModulesRoot()}${pin.goBuildDir}`;
  if (!existsSync(`${moduleDir}/go.sum`)) {
    return { ok: false, why: `${moduleDir}/go.sum is missing`, remedy: 'restore observability/go/ from git (git checkout -- observability/go)' };
  }
  request.onProgress?.({ name: pin.name, kind: 'step', message: `building ${pin.title} ${pin.version} from its Go module (a minute or two the first time)` });
  const env: NodeJS.ProcessEnv = {
    ...(request.env ?? process.env),
    // Pure Go: no C toolchain needed, the same as the official "-pure" builds.
    CGO_ENABLED: '0',
    // go.mod and go.sum are final: never rewrite them, never resolve anything new. No VCS
    // stamping: the build dir sits inside this repository's git worktree.
    GOFLAGS: '-mod=readonly -buildvcs=false',
    GOWORK: 'off',
  };
  const goVersion = await run('go', ['env', 'GOVERSION'], moduleDir, env, request, null);
  if (!goVersion.ok) {
    return {
      ok: false,
      why: `the Go toolchain is not usable (${goVersion.why})`,
      remedy: 'install Go 1.26 or newer (https://go.dev/dl/) and put `go` on PATH',
    };
  }
  const modules = await run('go', ['mod', 'download'], moduleDir, env, request, 'modules');
  if (!modules.ok) {
    return {
      ok: false,
      why: `go mod download failed in ${moduleDir}: ${modules.why}`,
      remedy: 'check that the Go module proxy (GOPROXY) is reachable; a "verifying" error means a module differs from go.sum',
    };
  }
  const ldflags = `-s -w -X github.com/VictoriaMetrics/VictoriaMetrics/lib/buildinfo.Version=${goBuildVersionTag(pin)}`;
  const build = await run('go', ['build', '-trimpath', '-ldflags', ldflags, '-o', request.outPath, pin.goMainPackage], moduleDir, env, request, 'compile');
  if (!build.ok) {
    return { ok: false, why: `go build of ${pin.goMainPackage} failed: ${build.why}`, remedy: 'read the compiler message; Go 1.26+ is needed (go.mod says which)' };
  }
  return { ok: true, moduleDir };
}

type RunOutcome = { ok: true; stdout: string } | { ok: false; why: string };

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  request: GoBuildRequest,
  phase: 'modules' | 'compile' | null,
): Promise<RunOutcome> {
  return new Promise((resolve) => {
    if (phase) request.onProgress?.({ name: request.pin.name, kind: 'go-build', phase, message: `${command} ${args.slice(0, 2).join(' ')}` });
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], signal: request.signal });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      stderr = (stderr + text).slice(-8000);
      if (!phase) return;
      for (const line of text.split('\n')) {
        if (line.trim()) request.onProgress?.({ name: request.pin.name, kind: 'go-build', phase, message: line.trim() });
      }
    });
    child.on('error', (error) => resolve({ ok: false, why: error.message }));
    child.on('close', (code) => {
      if (code === 0) resolve({ ok: true, stdout });
      else resolve({ ok: false, why: `exit code ${code}: ${lastLines(stderr)}` });
    });
  });
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' | ') || 'no output';
}
