import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { currentPlatform, STACK, tarballName, type StoreBinary } from '../../src/stack/versions.js';
import { tempDir } from './stores.js';

export interface ReleaseServer {
  /** Base URL laid out like https://github.com. */
  baseUrl: string;
  /** Requests served per path. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

export interface BuiltTarball {
  bytes: Buffer;
  sha256: string;
  /** The path the release would have under a GitHub-like base URL. */
  urlPath: string;
}

/**
 * Packs a copy of a real binary the way the Victoria release Makefiles do
 * (`tar -czf <name>-<os>-<arch>-<tag>.tar.gz <name>-prod`), with the system tar.
 */
export async function buildReleaseTarball(name: StoreBinary, realBinary: string): Promise<BuiltTarball> {
  const pin = STACK[name];
  const platform = currentPlatform();
  if (!platform) throw new Error('unsupported platform');
  const dir = await tempDir('release');
  await mkdir(join(dir, 'stage'));
  await copyFile(realBinary, join(dir, 'stage', pin.tarballBinary));
  const file = tarballName(pin, platform);
  execFileSync('tar', ['--owner=1000', '--group=1000', '-czf', join(dir, file), '-C', join(dir, 'stage'), pin.tarballBinary]);
  const bytes = await readFile(join(dir, file));
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    urlPath: `/${pin.githubRepo}/releases/download/${pin.version}/${file}`,
  };
}

/** Serves the given files over HTTP on 127.0.0.1; anything else is a 404. */
export async function startReleaseServer(files: Record<string, Buffer>): Promise<ReleaseServer> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const body = files[path];
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': String(body.length) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
