/**
 * The largest --limit any telemetry answer takes: part of the tools' input contract, so the
 * CLI's flag parser can check it without loading the tools (or any config).
 */
export const MAX_LIMIT = 100_000;
