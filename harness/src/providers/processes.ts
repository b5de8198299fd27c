/**
 * Process identity and the cross-process lock, shared with the observability package
 * (its binary provisioning takes the same kind of lock): one implementation for every
 * "one process at a time" in the harness. Domains import them from here.
 */
export { acquireLock, withLock, type LockOptions } from '@agent-harness/observability/support/file-lock';
export { isProcessAlive, processStartTime, readProcStat } from '@agent-harness/observability/support/processes';
