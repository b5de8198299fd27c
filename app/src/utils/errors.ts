// The message of anything thrown, for diagnostics and logs.
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
