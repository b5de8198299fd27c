import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The harness package version, read once from its package.json. */
export function harnessVersion(): string {
  version ??= readVersion();
  return version;
}

function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  return '0.0.0';
}
