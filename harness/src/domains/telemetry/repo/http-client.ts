import { request as httpRequest, type IncomingMessage } from 'node:http';
import { HarnessError } from '../../../utils/diagnostic.js';
import type { StoreTarget } from '../types/telemetry-env.js';
import { unexpectedAnswer } from './store-errors.js';

/**
 * The one HTTP client of the telemetry tools (node:http: the CLI starts faster than with
 * fetch). A store that does not answer becomes a diagnostic naming the store and the fix,
 * never a socket error.
 */

export type { StoreTarget };

export interface HttpAnswer {
  status: number;
  body: string;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  /** Form parameters: query string for GET, url-encoded body for POST. */
  params?: Record<string, string | number | undefined>;
  timeoutMs?: number;
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 30_000;

export function storeNotRunning(target: StoreTarget, detail: string): HarnessError {
  return new HarnessError({
    what: `this env's ${target.label} is not running (${target.base}: ${detail}); run \`harness up\``,
    why: `the answer comes from ${target.label}, and nothing answers at its address`,
    fix: 'run `harness up` in this worktree (it starts the stores and prints their URLs), then rerun the command',
    where: `env ${target.envId}`,
  });
}

function encode(params: RequestOptions['params']): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined) search.set(key, String(value));
  return search.toString();
}

/** Sends one request and reads the whole answer. */
export function storeRequest(target: StoreTarget, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const method = options.method ?? 'GET';
    const encoded = encode(options.params);
    const url = new URL(path, target.base);
    if (method === 'GET' && encoded) url.search = encoded;
    const body = method === 'POST' ? encoded : '';
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const req = httpRequest(
      url,
      {
        method,
        headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {},
        signal: options.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => reject(storeNotRunning(target, error.message)));
      },
    );
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      reject(
        new HarnessError({
          what: `this env's ${target.label} did not answer within ${Math.round(timeoutMs / 1000)} s (${url.pathname})`,
          why: 'the store is overloaded or stuck, or the query scans far too much data',
          fix: 'narrow the query (a shorter --since, more filters), or check the store with `harness status`',
          where: `env ${target.envId}`,
        }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error.name === 'AbortError') reject(error);
      else reject(storeNotRunning(target, error.code ?? error.message));
    });
    req.end(body);
  });
}

/**
 * Makes everything a Victoria store ingested so far searchable (VictoriaLogs and
 * VictoriaMetrics keep recent data in memory); both answer `/internal/force_flush`.
 */
export async function forceFlushStore(target: StoreTarget): Promise<void> {
  const answer = await storeRequest(target, '/internal/force_flush', { method: 'GET', timeoutMs: 5000 });
  if (answer.status !== 200) throw unexpectedAnswer(target, 'force_flush', `HTTP ${answer.status} ${answer.body}`);
}

/**
 * Streams newline-delimited answers (VictoriaLogs' live tail) until the signal aborts
 * or the store closes the connection. Resolves when the stream ends.
 */
export function storeStream(target: StoreTarget, path: string, params: RequestOptions['params'], onLine: (line: string) => void, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, target.base);
    url.search = encode(params);
    const req = httpRequest(url, { method: 'GET', signal }, (res: IncomingMessage) => {
      if ((res.statusCode ?? 0) >= 400) {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(new StoreHttpError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
        return;
      }
      let buffered = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffered += chunk;
        let newline: number;
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, newline).trim();
          buffered = buffered.slice(newline + 1);
          if (line) onLine(line);
        }
      });
      res.on('end', () => resolve());
      res.on('error', () => resolve());
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (signal.aborted) resolve();
      else reject(storeNotRunning(target, error.code ?? error.message));
    });
    req.end();
  });
}

/** A store answered with an error status; the caller turns the body into a diagnostic. */
export class StoreHttpError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`HTTP ${status}: ${body.slice(0, 300)}`);
    this.name = 'StoreHttpError';
    this.status = status;
    this.body = body;
  }
}
