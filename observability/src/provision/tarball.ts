import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { currentPlatform, tarballName, tarballUrl, type StorePin } from '../stack/versions.js';
import { extractFileFromTarGz } from './tar-reader.js';
import type { ProgressEvent } from './types.js';
import { messageOf } from '../support/errors.js';

export interface TarballRequest {
  pin: StorePin;
  baseUrl: string;
  /** Overrides the pinned checksum (a mirror that repackages). */
  expectedSha256?: string;
  /** Where to write the extracted binary (a temp path; the caller installs it). */
  outPath: string;
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export type TarballOutcome = { ok: true; url: string; sha256: string } | { ok: false; why: string; remedy: string };

/** Stop a download that has received nothing for this long. */
const STALL_MS = 30_000;

/**
 * Downloads the pinned release tarball, checks its SHA-256 against the pin before
 * anything is written, and writes the binary inside it to `outPath`. A mismatch is
 * refused: nothing is written.
 */
export async function fetchReleaseBinary(request: TarballRequest): Promise<TarballOutcome> {
  const { pin } = request;
  const platform = currentPlatform();
  if (!platform) {
    return { ok: false, why: `no release tarball for ${process.platform}/${process.arch}`, remedy: 'use the Go build or set an explicit path' };
  }
  const file = tarballName(pin, platform);
  const expected = request.expectedSha256 ?? pin.tarballSha256[platform];
  if (!expected) {
    return {
      ok: false,
      why: `no pinned SHA-256 for ${file}, and an unverified download is never run`,
      remedy: `add the checksum from the release's ${file.replace(/\.tar\.gz$/, '')}_checksums.txt to observability/src/stack/versions.ts`,
    };
  }
  const url = tarballUrl(pin, platform, request.baseUrl);
  const body = await download(url, pin, request);
  if (!body.ok) return body;
  const actual = createHash('sha256').update(body.bytes).digest('hex');
  if (actual !== expected.toLowerCase()) {
    return {
      ok: false,
      why: `checksum mismatch for ${url}: expected sha256 ${expected}, got ${actual}; the download was refused and nothing was cached`,
      remedy: 'download again from the official release page; if it persists the file is not the pinned release (a proxy or mirror changed it)',
    };
  }
  request.onProgress?.({ name: pin.name, kind: 'step', message: `verified sha256 of ${file}` });
  let binary: Buffer | null;
  try {
    binary = extractFileFromTarGz(body.bytes, pin.tarballBinary);
  } catch (error) {
    return { ok: false, why: `cannot read ${file}: ${messageOf(error)}`, remedy: 'report it: the pinned tarball is not a gzip tar archive' };
  }
  if (!binary) {
    return { ok: false, why: `${file} holds no ${pin.tarballBinary}`, remedy: 'report it: the release layout changed; update tarballBinary in versions.ts' };
  }
  await writeFile(request.outPath, binary, { mode: 0o700 });
  return { ok: true, url, sha256: actual };
}

type Download = { ok: true; bytes: Buffer } | { ok: false; why: string; remedy: string };

async function download(url: string, pin: StorePin, request: TarballRequest): Promise<Download> {
  const unreachable = (why: string): Download => ({
    ok: false,
    why: `cannot download ${url}: ${why}`,
    remedy: 'check the network, or set HARNESS_RELEASES_BASE_URL to a mirror laid out like GitHub releases',
  });
  const stall = new AbortController();
  const signals = request.signal ? AbortSignal.any([request.signal, stall.signal]) : stall.signal;
  let timer = setTimeout(() => stall.abort(), STALL_MS);
  const rearm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), STALL_MS);
  };
  try {
    const response = await fetch(url, { signal: signals, redirect: 'follow' });
    if (!response.ok || !response.body) return unreachable(`HTTP ${response.status}`);
    const total = Number(response.headers.get('content-length')) || null;
    const chunks: Buffer[] = [];
    let received = 0;
    let lastReport = 0;
    for await (const chunk of response.body) {
      rearm();
      const bytes = Buffer.from(chunk);
      chunks.push(bytes);
      received += bytes.length;
      if (received - lastReport >= 1 << 20 || received === total) {
        lastReport = received;
        request.onProgress?.({ name: pin.name, kind: 'download', url, receivedBytes: received, totalBytes: total });
      }
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (error) {
    request.signal?.throwIfAborted();
    return unreachable(stall.signal.aborted ? `no data for ${STALL_MS / 1000} s` : describeFetchError(error));
  } finally {
    clearTimeout(timer);
  }
}

/** fetch() says only "fetch failed"; the cause says why (ENOTFOUND, ECONNREFUSED...). */
function describeFetchError(error: unknown): string {
  if (error instanceof Error && error.cause instanceof Error) return `${error.message} (${error.cause.message})`;
  return messageOf(error);
}
