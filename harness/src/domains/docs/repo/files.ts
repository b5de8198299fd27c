import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Reads a repository file as UTF-8, or null when it does not exist or is not a file. */
export function readRepoFile(root: string, path: string): string | null {
  try {
    return readFileSync(join(root, path), 'utf8');
  } catch {
    return null;
  }
}

/** True when the repository path exists on disk (file or folder). */
export function existsOnDisk(root: string, path: string): boolean {
  return existsSync(join(root, path));
}

export function isDirectoryOnDisk(root: string, path: string): boolean {
  try {
    return statSync(join(root, path)).isDirectory();
  } catch {
    return false;
  }
}

/** Writes a repository file, creating its folder. Docs are ordinary tracked files (0644). */
export function writeRepoFile(root: string, path: string, content: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), content);
}

/** Writes a private state file under .harness/ (folder 0700, file 0600). */
export function writeStateFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, content, { mode: 0o600 });
}

/**
 * The content hash of a set of files: sha256 over each path and its content's sha256,
 * in sorted order, cut to 16 hex digits. Adding, removing, renaming or editing any
 * covered file changes it. Per-file hashes are cached across docs.
 */
export class CoverageHasher {
  private readonly fileHashes = new Map<string, string>();

  constructor(private readonly root: string) {}

  hash(paths: readonly string[]): string {
    const h = createHash('sha256');
    for (const path of [...paths].sort()) {
      h.update(path).update('\0').update(this.fileHash(path)).update('\n');
    }
    return `sha256:${h.digest('hex').slice(0, 16)}`;
  }

  private fileHash(path: string): string {
    let hash = this.fileHashes.get(path);
    if (hash === undefined) {
      let content: Buffer;
      try {
        content = readFileSync(join(this.root, path));
      } catch {
        content = Buffer.from('\0missing');
      }
      hash = createHash('sha256').update(content).digest('hex');
      this.fileHashes.set(path, hash);
    }
    return hash;
  }
}
