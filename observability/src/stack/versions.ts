/**
 * The pinned Victoria stack: the one place that names each store's version, where its
 * release tarball lives, how to build it from its Go module, and its container image.
 * Nothing here may say "latest"; a test checks docker-compose.yml against this table.
 * Sources of every checksum and the reason for each choice:
 * docs/design-docs/stack-provisioning.md.
 */

export type StoreBinary = 'victoria-logs' | 'victoria-metrics' | 'victoria-traces';

export const STORE_BINARIES: readonly StoreBinary[] = ['victoria-logs', 'victoria-metrics', 'victoria-traces'];

/** `<os>-<arch>` as the release tarballs name it, e.g. `linux-amd64`. */
export type PlatformKey = `${string}-${string}`;

export interface StorePin {
  name: StoreBinary;
  /** Human name, for messages. */
  title: string;
  /** The release tag, e.g. `v1.43.1`. */
  version: string;
  /** `owner/repo` on GitHub, where the release tarballs are published. */
  githubRepo: string;
  /** The binary inside the release tarball. */
  tarballBinary: string;
  /**
   * SHA-256 of the release tarball per platform. A platform missing here cannot use the
   * tarball path: an unverified download is never run.
   */
  tarballSha256: Partial<Record<PlatformKey, string>>;
  /** Where each checksum was read, so it can be checked again. */
  checksumSource: string;
  /** The Go module and main package of the release, for the Go build fallback. */
  goModule: string;
  goMainPackage: string;
  /**
   * The committed build module under observability/go/ (go.mod + go.sum), or null when
   * none could be made: the module proxy here refuses every version of the module.
   */
  goBuildDir: string | null;
  /** Container image, pinned to the same release (docker-compose.yml). */
  image: string;
  /** The port the store listens on by default (used by docker-compose.yml only). */
  defaultPort: number;
}

export const STACK: Readonly<Record<StoreBinary, StorePin>> = {
  'victoria-logs': {
    name: 'victoria-logs',
    title: 'VictoriaLogs',
    version: 'v1.43.1',
    githubRepo: 'VictoriaMetrics/VictoriaLogs',
    tarballBinary: 'victoria-logs-prod',
    // No published checksum of the v1.43.1 tarballs could be read from here; the
    // VictoriaMetrics Homebrew tap only carries v1.52.0, which the Go proxy refuses.
    tarballSha256: {},
    checksumSource: 'none known for v1.43.1 (add from victoria-logs-<os>-<arch>-v1.43.1_checksums.txt of the release)',
    goModule: 'github.com/VictoriaMetrics/VictoriaLogs',
    goMainPackage: 'github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs',
    goBuildDir: 'victoria-logs',
    image: 'victoriametrics/victoria-logs:v1.43.1',
    defaultPort: 9428,
  },
  'victoria-metrics': {
    name: 'victoria-metrics',
    title: 'VictoriaMetrics',
    version: 'v1.150.0',
    githubRepo: 'VictoriaMetrics/VictoriaMetrics',
    tarballBinary: 'victoria-metrics-prod',
    tarballSha256: {
      'linux-amd64': '22bfe77be3de1ad03f214a005129312536d77ed4e293b66c186df417ee40a61d',
      'linux-arm64': 'fdb9e272f5e4d49cb506991b7293ed53bccbff821a62653dea7c463ae1980da5',
      'darwin-amd64': '46bf0d386197990a9d21fc470021990c8f0304690b6598a474cf1fffe14c2df0',
      'darwin-arm64': 'ed6e2c06e88fed5865fbe838d34f68613208f79032308cd12ec7d7b13785d978',
    },
    checksumSource: 'VictoriaMetrics/homebrew-tap Formula/victoriametrics.rb (version 1.150.0)',
    goModule: 'github.com/VictoriaMetrics/VictoriaMetrics',
    goMainPackage: 'github.com/VictoriaMetrics/VictoriaMetrics/app/victoria-metrics',
    goBuildDir: 'victoria-metrics',
    image: 'victoriametrics/victoria-metrics:v1.150.0',
    defaultPort: 8428,
  },
  'victoria-traces': {
    name: 'victoria-traces',
    title: 'VictoriaTraces',
    version: 'v0.12.0',
    githubRepo: 'VictoriaMetrics/VictoriaTraces',
    tarballBinary: 'victoria-traces-prod',
    tarballSha256: {
      'linux-amd64': '67be031fb00635929b2d02a6e2ce7e5ebc8b2929f8e0d79fb54ab48bff0ca966',
      'linux-arm64': 'cb9756793fd0f19cc3ce1adecf6e0d1d4c8c88f1d084e96da02d266bdd96c814',
      'darwin-amd64': '765825cc24ac21345ba92af8824996901a5032b29bdb768eb20975460792ac18',
      'darwin-arm64': '4bd3dbe20f73784567efd6ad07da2c6286d83365f7a800b805d1ce8040857858',
    },
    checksumSource: 'a Homebrew formula for victoria-traces 0.12.0; linux-amd64 and darwin-arm64 confirmed by a second, independent script',
    goModule: 'github.com/VictoriaMetrics/VictoriaTraces',
    goMainPackage: 'github.com/VictoriaMetrics/VictoriaTraces/app/victoria-traces',
    goBuildDir: null,
    image: 'victoriametrics/victoria-traces:v0.12.0',
    defaultPort: 10428,
  },
};

/** The platform key of this machine in the release tarballs' naming, or null if none. */
export function currentPlatform(platform: NodeJS.Platform = process.platform, arch: string = process.arch): PlatformKey | null {
  const os = platform === 'linux' || platform === 'darwin' || platform === 'freebsd' || platform === 'openbsd' ? platform : null;
  const cpu = arch === 'x64' ? 'amd64' : arch === 'arm64' ? 'arm64' : arch === 'ia32' ? '386' : null;
  return os && cpu ? `${os}-${cpu}` : null;
}

/** The release tarball's file name, e.g. `victoria-logs-linux-amd64-v1.43.1.tar.gz`. */
export function tarballName(pin: StorePin, platform: PlatformKey): string {
  return `${pin.name}-${platform}-${pin.version}.tar.gz`;
}

export const DEFAULT_RELEASES_BASE_URL = 'https://github.com';

/**
 * The tarball's URL under a releases base URL laid out like GitHub's:
 * `<base>/<owner>/<repo>/releases/download/<tag>/<file>`.
 */
export function tarballUrl(pin: StorePin, platform: PlatformKey, baseUrl: string = DEFAULT_RELEASES_BASE_URL): string {
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/${pin.githubRepo}/releases/download/${pin.version}/${tarballName(pin, platform)}`;
}

/**
 * The release version a binary's `-version` output names, the way VictoriaMetrics'
 * own `buildinfo.ShortVersion` reads it (`victoria-logs-20251226-223254-tags-v1.43.1-0-g66d23fbb3d`
 * → `v1.43.1`), or null when the output names none.
 */
export function versionFromOutput(output: string): string | null {
  return /v\d+\.\d+\.\d+/.exec(output)?.[0] ?? null;
}
