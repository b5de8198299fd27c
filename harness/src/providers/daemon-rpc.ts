import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { chmodSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { z } from 'zod';
import { HarnessError, toDiagnostic, ExitCode, type Diagnostic } from '../utils/diagnostic.js';

/**
 * The wire protocol between a worktree's daemon and its clients (the CLI, the MCP
 * server): newline-delimited JSON over a unix socket. A request names a method; the
 * daemon may answer with any number of progress frames, then exactly one result or
 * error frame with the same id. Hand-rolled (about 150 lines) rather than a JSON-RPC
 * library because progress streaming and Diagnostic errors are the whole point and no
 * small library has both. Any domain adds methods through a `MethodRegistry`.
 */

const DiagnosticSchema = z.object({
  what: z.string(),
  why: z.string(),
  fix: z.string(),
  doc: z.string().optional(),
  where: z.string().optional(),
});

export const RequestFrameSchema = z.object({ id: z.number().int(), method: z.string(), params: z.unknown() });
export const ResponseFrameSchema = z.union([
  z.object({ id: z.number().int(), progress: z.object({ message: z.string(), part: z.string().optional() }) }),
  z.object({ id: z.number().int(), result: z.unknown() }),
  z.object({ id: z.number().int(), error: DiagnosticSchema, exitCode: z.number().int().optional() }),
]);

export interface Progress {
  message: string;
  /** The part the message is about (`logs`, `app`, …), when it is about one. */
  part?: string;
}

/** What a method handler gets besides its parsed params. */
export interface CallContext {
  progress(event: Progress): void;
}

export interface MethodDefinition<P extends z.ZodType = z.ZodType> {
  /** One line for `harness daemon methods` and the MCP tool list. */
  description: string;
  params: P;
  handler(params: z.infer<P>, call: CallContext): Promise<unknown>;
}

interface RegisteredMethod {
  description: string;
  /** Parses the raw params with the method's schema, then runs its handler. */
  invoke(rawParams: unknown, call: CallContext): Promise<unknown>;
}

/** The daemon's method table: each domain registers its own `<domain>.<verb>` methods. */
export class MethodRegistry {
  readonly #methods = new Map<string, RegisteredMethod>();

  add<P extends z.ZodType>(name: string, definition: MethodDefinition<P>): void {
    if (this.#methods.has(name)) throw new Error(`daemon method ${name} is registered twice`);
    this.#methods.set(name, {
      description: definition.description,
      invoke: async (rawParams, call) => {
        const parsed = definition.params.safeParse(rawParams ?? {});
        if (!parsed.success) {
          throw new HarnessError({
            what: `bad params for ${name}: ${formatZodIssue(parsed.error)}`,
            why: 'the daemon validates every call',
            fix: 'pass params of the documented shape',
          });
        }
        return definition.handler(parsed.data, call);
      },
    });
  }

  get(name: string): RegisteredMethod | undefined {
    return this.#methods.get(name);
  }

  /** Every method with its description, for listings. */
  list(): { name: string; description: string }[] {
    return [...this.#methods.entries()].map(([name, m]) => ({ name, description: m.description })).sort((a, b) => a.name.localeCompare(b.name));
  }
}

/**
 * A path short enough for `connect`/`listen`: unix socket paths are limited to about
 * 107 bytes, and worktrees can be deep, so fall back to the path relative to the cwd.
 */
export function connectablePath(socketPath: string): string {
  if (Buffer.byteLength(socketPath) <= 100) return socketPath;
  const rel = relative(process.cwd(), socketPath);
  return Buffer.byteLength(rel) < Buffer.byteLength(socketPath) ? rel : socketPath;
}

function splitLines(socket: Socket, onLine: (line: string) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line.trim().length > 0) onLine(line);
      newline = buffered.indexOf('\n');
    }
  });
}

function formatZodIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid params';
  const path = issue.path.length ? issue.path.join('.') : '(params)';
  return `${path}: ${issue.message}`;
}

/** Serves `registry` on a unix socket (mode 0600). Returns the server; close it to stop. */
export async function serveRpc(socketPath: string, registry: MethodRegistry): Promise<Server> {
  rmSync(socketPath, { force: true });
  const server = createServer((socket) => {
    socket.on('error', () => socket.destroy());
    const send = (frame: unknown): void => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(frame)}\n`);
    };
    splitLines(socket, (line) => {
      let request: z.infer<typeof RequestFrameSchema>;
      try {
        request = RequestFrameSchema.parse(JSON.parse(line));
      } catch {
        send({ id: -1, error: { what: 'malformed request frame', why: 'the daemon speaks newline-delimited JSON {id, method, params}', fix: 'use the harness CLI or providers/daemon-rpc.ts' } });
        return;
      }
      void handle(request, send);
    });
  });
  async function handle(request: z.infer<typeof RequestFrameSchema>, send: (frame: unknown) => void): Promise<void> {
    const method = registry.get(request.method);
    if (!method) {
      send({ id: request.id, error: { what: `unknown daemon method ${request.method}`, why: 'the daemon only runs the methods its domains registered', fix: `use one of: ${registry.list().map((m) => m.name).join(', ')}` } });
      return;
    }
    try {
      const result = await method.invoke(request.params, { progress: (event) => send({ id: request.id, progress: event }) });
      send({ id: request.id, result: result ?? null });
    } catch (error) {
      const exitCode = error instanceof HarnessError ? error.exitCode : ExitCode.misconfigured;
      send({ id: request.id, error: toDiagnostic(error), exitCode });
    }
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(connectablePath(socketPath), () => {
      server.off('error', reject);
      resolve();
    });
  });
  chmodSync(socketPath, 0o600);
  return server;
}

/** Thrown when nothing answers on the socket: the env is not running. */
export class DaemonUnavailableError extends HarnessError {}

/** Thrown when the daemon took the call but did not answer in time: busy or hung. */
export class DaemonTimeoutError extends HarnessError {}

export interface CallOptions {
  onProgress?: (event: Progress) => void;
  /** Deadline for the whole call; the default suits quick queries. */
  timeoutMs?: number;
}

/** An open connection to a daemon; several calls may be in flight. */
export class DaemonConnection {
  readonly #socket: Socket;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; onProgress?: (e: Progress) => void }>();

  private constructor(socket: Socket) {
    this.#socket = socket;
    splitLines(socket, (line) => this.#receive(line));
    const failAll = (reason: string): void => {
      for (const [id, pending] of this.#pending) {
        this.#pending.delete(id);
        pending.reject(new DaemonUnavailableError({ what: `the env daemon closed the connection (${reason})`, why: 'the daemon stopped or crashed while answering', fix: 'run `harness status`; if it is down, `harness up`' }));
      }
    };
    socket.on('close', () => failAll('closed'));
    socket.on('error', (error) => failAll(error.message));
  }

  /** Connects, or throws DaemonUnavailableError naming the fix. */
  static async open(socketPath: string, envName = 'this worktree'): Promise<DaemonConnection> {
    const socket = await new Promise<Socket>((resolve, reject) => {
      const s = createConnection(connectablePath(socketPath));
      s.once('connect', () => resolve(s));
      s.once('error', (error: NodeJS.ErrnoException) => {
        reject(
          new DaemonUnavailableError({
            what: `no env is running in ${envName} (${error.code ?? error.message} on ${socketPath})`,
            why: 'the env daemon answers on this socket while the env is up',
            fix: 'run `harness up` in this worktree (or `harness gc` if a previous env died)',
          }),
        );
      });
    });
    return new DaemonConnection(socket);
  }

  call(method: string, params: unknown = {}, options: CallOptions = {}): Promise<unknown> {
    const id = this.#nextId++;
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new DaemonTimeoutError({ what: `the env daemon did not answer ${method} within ${options.timeoutMs ?? 30_000} ms`, why: 'the daemon is busy or hung', fix: 'run `harness status`; if it hangs too, `harness down --force` ends the daemon and everything it started, then `harness up`' }));
      }, options.timeoutMs ?? 30_000);
      timer.unref();
      this.#pending.set(id, {
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      this.#socket.write(`${JSON.stringify({ id, method, params })}\n`);
    });
  }

  close(): void {
    this.#socket.end();
    this.#socket.destroy();
  }

  #receive(line: string): void {
    let frame: z.infer<typeof ResponseFrameSchema>;
    try {
      frame = ResponseFrameSchema.parse(JSON.parse(line));
    } catch {
      return;
    }
    const pending = this.#pending.get(frame.id);
    if (!pending) return;
    if ('progress' in frame) {
      pending.onProgress?.(frame.progress);
    } else if ('result' in frame) {
      this.#pending.delete(frame.id);
      pending.resolve(frame.result);
    } else {
      this.#pending.delete(frame.id);
      const diagnostic: Diagnostic = frame.error;
      pending.reject(new HarnessError(diagnostic, frame.exitCode === ExitCode.failed ? ExitCode.failed : ExitCode.misconfigured));
    }
  }
}

/** One call on a fresh connection: what most CLI commands need. */
export async function callDaemon(socketPath: string, method: string, params: unknown = {}, options: CallOptions = {}): Promise<unknown> {
  const connection = await DaemonConnection.open(socketPath);
  try {
    return await connection.call(method, params, options);
  } finally {
    connection.close();
  }
}
