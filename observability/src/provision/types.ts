import type { StoreBinary } from '../stack/versions.js';

export type { StoreBinary };

/** Where a resolved binary came from, in the order the chain tries them. */
export type BinarySource = 'explicit' | 'path' | 'cache' | 'tarball' | 'go-build';

export interface ResolvedBinary {
  name: StoreBinary;
  /** Absolute path of the executable. */
  path: string;
  /** The version the binary reports (`-version`), e.g. `v1.43.1`. */
  version: string;
  source: BinarySource;
}

/** One step of slow work, for progress output (`harness install`). */
export type ProgressEvent =
  | { name: StoreBinary; kind: 'step'; message: string }
  | { name: StoreBinary; kind: 'download'; url: string; receivedBytes: number; totalBytes: number | null }
  | { name: StoreBinary; kind: 'go-build'; phase: 'modules' | 'compile'; message: string }
  | { name: StoreBinary; kind: 'warning'; message: string }
  | { name: StoreBinary; kind: 'done'; source: BinarySource; path: string };

export interface ResolveOptions {
  /** Use this executable; overrides the HARNESS_VICTORIA_*_BIN env var. */
  explicitPath?: string;
  /** Where provisioned binaries are kept; default `${XDG_CACHE_HOME:-~/.cache}/agent-harness/victoria`. */
  cacheDir?: string;
  /** Base URL laid out like https://github.com (default, or HARNESS_RELEASES_BASE_URL). */
  releasesBaseUrl?: string;
  /** Expected SHA-256 of the release tarball, overriding the pinned one (a mirror's repack). */
  tarballSha256?: string;
  /** Try the release tarball (default true). */
  allowDownload?: boolean;
  /** Try building from the committed Go module (default true). */
  allowGoBuild?: boolean;
  /** Look on PATH (default true). */
  searchPath?: boolean;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** Environment to read HARNESS_* variables, PATH and HOME from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Why one way of getting a binary did not give one, and what would make it work. */
export interface AttemptFailure {
  way: BinarySource;
  why: string;
  remedy: string;
}
