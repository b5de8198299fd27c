/**
 * The provisioning API: find or fetch the pinned Victoria binaries, and the flags to run
 * them with. Import as '@agent-harness/observability/provision/index'.
 */
export { resolveBinary, explicitPathEnvVar } from './resolve.js';
export { ProvisionError, type ProvisionDiagnostic } from './errors.js';
export { defaultCacheDir, cachedBinaryPath } from './cache.js';
export type { StoreBinary, BinarySource, ResolvedBinary, ResolveOptions, ProgressEvent, AttemptFailure } from './types.js';
export { storeArgs, STORE_ENDPOINTS, type StoreArgsOptions, type StoreEndpoints } from '../stack/store-args.js';
export { STACK, STORE_BINARIES, type StorePin } from '../stack/versions.js';
