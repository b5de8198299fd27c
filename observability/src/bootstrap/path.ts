/**
 * Where the OTel bootstrap lives, for the process that starts an app: pass
 * `NODE_OPTIONS=--import=<bootstrapImportUrl()>` and an unmodified Node app sends
 * traces, metrics and logs to OTEL_EXPORTER_OTLP_*_ENDPOINT. Importing this file has no
 * side effects; the bootstrap itself is register.js next to it.
 */
export function bootstrapImportUrl(): string {
  return new URL('./register.js', import.meta.url).href;
}

/** NODE_OPTIONS with the bootstrap preloaded, keeping whatever options were there. */
export function nodeOptionsWithBootstrap(existing: string | undefined = process.env.NODE_OPTIONS): string {
  const flag = `--import=${bootstrapImportUrl()}`;
  return existing && existing.trim() ? `${existing.trim()} ${flag}` : flag;
}

/** Env var naming a file the bootstrap rewrites after each SIGUSR2 flush (the readiness barrier). */
export const FLUSH_ACK_ENV = 'HARNESS_OTEL_FLUSH_ACK';
/** Set to `0` to leave console output out of the OTLP logs (when stdout is shipped anyway). */
export const CAPTURE_CONSOLE_ENV = 'HARNESS_OTEL_CAPTURE_CONSOLE';
