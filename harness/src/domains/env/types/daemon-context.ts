import type { EnvInfo } from './env-info.js';
import type { EnvPaths } from './paths.js';
import type { PartSpec } from './part-spec.js';

/**
 * What the env daemon offers the other domains' daemon methods (browser, telemetry,
 * mcp). They register `<domain>.<verb>` methods on the daemon's MethodRegistry
 * (providers/daemon-rpc.ts) from harness/src/shell/daemon-methods.ts, and get this
 * context to reach the env: its URLs, a supervised child (Chromium), extra leased
 * ports, and a hook to clean up on `down`.
 */
export interface DaemonContext {
  paths: EnvPaths;
  /** The env as it is now (phase may still be `starting`). */
  env(): EnvInfo;
  /** Resolves once the env is ready; rejects if its startup failed. */
  whenReady(): Promise<EnvInfo>;
  /** Leases one more port for this env (machine-wide, checked by binding), e.g. for CDP. */
  leasePort(role: string): Promise<number>;
  /**
   * Starts a supervised child of the env and waits for its health URL. It is stopped on
   * `down`, reaped with the rest if the daemon dies, and shown in `status`.
   */
  startPart(spec: PartSpec): Promise<void>;
  stopPart(name: string): Promise<void>;
  /** Runs before the parts stop on `down` (close CDP sessions, finish a video). */
  onShutdown(hook: () => Promise<void>): void;
  /** One line in the daemon log: a message and attributes. */
  log(message: string, attributes?: Record<string, unknown>): void;
}
