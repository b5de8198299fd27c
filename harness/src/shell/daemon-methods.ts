import type { MethodRegistry } from '../providers/daemon-rpc.js';
import type { DaemonContext } from '../domains/env/types/daemon-context.js';
import { hostBrowser } from '../domains/browser/runtime/daemon-host.js';

/**
 * The one list of daemon method groups besides the env's own (`env.*`, registered by
 * the daemon itself). Each domain's runtime layer exports a function that adds its
 * `<domain>.<verb>` methods; adding a domain to the daemon means adding one line here.
 */
export function registerDaemonMethods(registry: MethodRegistry, context: DaemonContext): void {
  hostBrowser(registry, context);
}
