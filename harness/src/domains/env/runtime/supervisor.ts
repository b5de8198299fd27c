import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, createWriteStream, existsSync, mkdirSync, openSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { HarnessError } from '../../../utils/diagnostic.js';
import { HEALTH_POLL_MS, LOG_TAIL_LINES, STORE_MAX_RESTARTS } from '../config/settings.js';
import { waitForHttp } from '../repo/health.js';
import { tailLines } from '../repo/log-files.js';
import { isAlive, recordOf, residentBytes, terminate } from '../repo/processes.js';
import type { PartStatus, ProcessRecord } from '../types/env-info.js';
import type { PartSpec } from '../types/part-spec.js';

/**
 * Starts the env's processes and watches them. Each child runs under
 * `setpriv --pdeathsig TERM` where util-linux has it, so the kernel stops it the moment
 * the daemon dies, even by SIGKILL; `harness up`/`gc` reap whatever is left from the
 * recorded pids and start times.
 */

const SETPRIV = '/usr/bin/setpriv';
const hasSetpriv = existsSync(SETPRIV);

export interface RunningPart {
  spec: PartSpec;
  child: ChildProcess;
  record: ProcessRecord;
  startedAt: number;
  state: PartStatus['state'];
  restarts: number;
  detail: string | null;
  /** Set while the harness itself stops the part, so its exit is not a crash. */
  stopping: boolean;
  /** Resolves once its piped output is all in its log file (at once for unpiped parts). */
  logWritten: Promise<void>;
}

export interface SupervisorEvents {
  /** The set of live processes changed: persist the records. */
  onProcessesChanged(records: ProcessRecord[]): void;
  /** A line the app wrote (parts with `shipOutput`). */
  onOutput(part: string, stream: 'stdout' | 'stderr', line: string): void;
  /** Something worth a line in the daemon log. */
  onEvent(message: string, attributes: Record<string, unknown>): void;
}

export class Supervisor {
  readonly #parts = new Map<string, RunningPart>();
  readonly #events: SupervisorEvents;

  constructor(events: SupervisorEvents) {
    this.#events = events;
  }

  records(): ProcessRecord[] {
    return [...this.#parts.values()].filter((p) => p.state !== 'stopped' && p.state !== 'exited').map((p) => p.record);
  }

  /** Spawns the part (does not wait for health). */
  start(spec: PartSpec, restarts = 0): RunningPart {
    if (spec.dataDir) mkdirSync(spec.dataDir, { recursive: true, mode: 0o700 });
    const [command, args] = hasSetpriv ? [SETPRIV, ['--pdeathsig', 'TERM', '--', spec.command, ...spec.args]] : [spec.command, spec.args];
    let child: ChildProcess;
    let logWritten = Promise.resolve();
    if (spec.shipOutput) {
      child = spawn(command, args, { cwd: spec.cwd, env: spec.env, detached: spec.group, stdio: ['ignore', 'pipe', 'pipe'] });
      const file = createWriteStream(spec.logFile, { flags: 'a', mode: 0o600 });
      for (const stream of ['stdout', 'stderr'] as const) {
        const source = child[stream];
        if (!source) continue;
        createInterface({ input: source, crlfDelay: Infinity }).on('line', (line) => {
          file.write(`${line}\n`);
          this.#events.onOutput(spec.name, stream, line);
        });
      }
      // 'exit' can come before the last piped lines are read and written: a failure report
      // waits for this, so it shows the app's last words (e.g. why it exited).
      logWritten = new Promise((resolve) => file.once('close', () => resolve()));
      child.once('close', () => file.end());
    } else {
      const fd = openSync(spec.logFile, 'a', 0o600);
      child = spawn(command, args, { cwd: spec.cwd, env: spec.env, detached: spec.group, stdio: ['ignore', fd, fd] });
      closeSync(fd);
    }
    const running: RunningPart = {
      spec,
      child,
      record: child.pid ? recordOf(spec.name, child.pid, spec.group) : { role: spec.name, pid: 1, startTime: null, group: false },
      startedAt: Date.now(),
      state: 'starting',
      restarts,
      detail: null,
      stopping: false,
      logWritten,
    };
    this.#parts.set(spec.name, running);
    child.once('error', (error) => {
      running.state = 'exited';
      running.detail = `could not start ${spec.command}: ${error.message}`;
    });
    child.once('exit', (code, signal) => this.#exited(running, code, signal));
    if (child.pid) this.#events.onProcessesChanged(this.records());
    return running;
  }

  #exited(running: RunningPart, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#parts.get(running.spec.name) !== running) return;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    if (running.stopping) {
      running.state = 'stopped';
    } else {
      const wasHealthy = running.state === 'healthy';
      running.state = 'exited';
      running.detail = `${running.spec.title} ${how}`;
      this.#events.onEvent('part exited', { part: running.spec.name, code, signal });
      // A store that crashes after it was healthy is restarted (its data stays); the app is not:
      // an agent must see its crash, then `harness restart app`.
      if (wasHealthy && running.spec.name !== 'app' && running.restarts < STORE_MAX_RESTARTS) {
        const next = this.start(running.spec, running.restarts + 1);
        void this.waitHealthy(next.spec.name).catch(() => undefined);
      }
    }
    this.#events.onProcessesChanged(this.records());
  }

  /** Resolves when the part answers its health check; throws a Diagnostic naming it, with its log's tail. */
  async waitHealthy(name: string): Promise<void> {
    const running = this.#parts.get(name);
    if (!running) throw new Error(`no part ${name}`);
    const { spec } = running;
    const ok = await waitForHttp(spec.healthUrl, {
      deadline: Date.now() + spec.healthTimeoutMs,
      pollMs: HEALTH_POLL_MS,
      gaveUp: () => running.state === 'exited' || running.state === 'stopped',
    });
    if (ok) {
      running.state = 'healthy';
      return;
    }
    const exited = running.state === 'exited';
    running.state = exited ? 'exited' : 'unhealthy';
    if (exited) await Promise.race([running.logWritten, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    const tail = tailLines(spec.logFile, LOG_TAIL_LINES);
    throw new HarnessError({
      what: exited
        ? `${spec.title} ${running.detail?.replace(`${spec.title} `, '') ?? 'exited'} before it was healthy`
        : `${spec.title} did not answer ${spec.healthUrl} within ${spec.healthTimeoutMs} ms`,
      why: `harness up waits until every part of the env is healthy; ${spec.name} is not${tail ? `. Last lines of ${spec.logFile}:\n${tail}` : ` (its log ${spec.logFile} is empty)`}`,
      fix:
        spec.name === 'app'
          ? 'fix the app so it starts and answers its health check (app.command, app.health in harness.config.ts), then rerun `harness up`'
          : `read ${spec.logFile}; if the port is taken rerun \`harness up\` (it leases fresh ports); if the binary is broken rerun \`harness install\``,
      where: spec.logFile,
    });
  }

  /** Stops one part: SIGTERM and `graceMs` to exit (0: SIGKILL at once). */
  async stop(name: string, graceMs: number): Promise<void> {
    const running = this.#parts.get(name);
    if (!running) return;
    running.stopping = true;
    await terminate([running.record], graceMs);
    running.state = 'stopped';
    this.#events.onProcessesChanged(this.records());
  }

  /**
   * Stops everything, the app first: it flushes its telemetry on SIGTERM, and an OTLP
   * exporter facing a store that is already gone retries until its timeout, which would
   * hold `down` for the whole grace period. Then the stores: at once when their data is
   * deleted anyway, with their grace when it is kept.
   */
  async stopAll(keepData: boolean): Promise<void> {
    const app = this.#parts.get('app');
    if (app) await this.stop('app', app.spec.stopTimeoutMs);
    const rest = [...this.#parts.values()].filter((p) => p.spec.name !== 'app');
    await Promise.all(rest.map((p) => this.stop(p.spec.name, keepData ? p.spec.stopTimeoutMs : 0)));
  }

  spec(name: string): PartSpec | undefined {
    return this.#parts.get(name)?.spec;
  }

  status(): PartStatus[] {
    return [...this.#parts.values()].map((p) => {
      const live = p.state !== 'stopped' && p.state !== 'exited' && isAlive(p.record);
      return {
        name: p.spec.name,
        state: live || p.state === 'stopped' ? p.state : 'exited',
        pid: live ? p.record.pid : null,
        port: p.spec.port,
        rssBytes: live ? residentBytes(p.record.pid) : null,
        uptimeMs: live ? Date.now() - p.startedAt : null,
        restarts: p.restarts,
        detail: p.detail,
        logFile: p.spec.logFile,
      };
    });
  }
}
