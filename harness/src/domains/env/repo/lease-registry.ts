import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { HarnessError } from '../../../utils/diagnostic.js';
import { portRange, registryDir, type PortRange } from '../config/settings.js';
import { EnvRecordSchema, type EnvRecord } from '../types/env-info.js';
import { withLock } from '../../../providers/processes.js';
import { writeFileAtomic } from './state-files.js';

/**
 * The machine-wide lease registry: one JSON file per env under
 * `<state dir>/agent-harness/envs/`, all changed under one file lock. A port is leased
 * only if no record holds it and binding 127.0.0.1 to it succeeds right now, so two
 * `up`s racing in different worktrees never get the same port and a port taken by an
 * unrelated program is skipped.
 */

/** True when 127.0.0.1:port can be bound at this moment. */
export function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export class LeaseRegistry {
  readonly dir: string;
  readonly #envsDir: string;
  readonly #lockPath: string;

  constructor(dir: string = registryDir()) {
    this.dir = dir;
    this.#envsDir = join(dir, 'envs');
    this.#lockPath = join(dir, 'registry.lock');
  }

  #ensureDirs(): void {
    mkdirSync(this.#envsDir, { recursive: true, mode: 0o700 });
  }

  #locked<T>(body: () => Promise<T>): Promise<T> {
    this.#ensureDirs();
    return withLock(this.#lockPath, { timeoutMs: 30_000, what: `the lease registry (${this.dir})`, why: 'port leases of every env on this machine change one process at a time' }, body);
  }

  /** Every env on this machine, as recorded. Unreadable records are skipped. */
  list(): EnvRecord[] {
    let names: string[];
    try {
      names = readdirSync(this.#envsDir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const records: EnvRecord[] = [];
    for (const name of names) {
      const record = this.#read(join(this.#envsDir, name));
      if (record) records.push(record);
    }
    return records.sort((a, b) => a.worktree.localeCompare(b.worktree));
  }

  get(id: string): EnvRecord | null {
    return this.#read(join(this.#envsDir, `${id}.json`));
  }

  #read(path: string): EnvRecord | null {
    try {
      return EnvRecordSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      return null;
    }
  }

  #write(record: EnvRecord): void {
    writeFileAtomic(join(this.#envsDir, `${record.id}.json`), `${JSON.stringify(record, null, 2)}\n`);
  }

  /**
   * Leases one port per role for `record.id` (replacing any previous lease of that env),
   * trying `preferred` ports first, then the range from an offset derived from the id so
   * an env tends to get the same ports again. Throws a Diagnostic when the range is full.
   */
  async lease(record: Omit<EnvRecord, 'ports'>, roles: string[], preferred: Record<string, number> = {}, range: PortRange = portRange()): Promise<EnvRecord> {
    return this.#locked(async () => {
      const taken = new Set<number>();
      for (const other of this.list()) {
        if (other.id === record.id) continue;
        for (const port of Object.values(other.ports)) taken.add(port);
      }
      const size = range.last - range.first + 1;
      let offset = 0;
      for (const ch of record.id) offset = (offset * 31 + ch.charCodeAt(0)) % size;
      const ports: Record<string, number> = {};
      const skipped: number[] = [];
      let cursor = 0;
      for (const role of roles) {
        const hint = preferred[role];
        if (hint !== undefined && hint >= range.first && hint <= range.last && !taken.has(hint) && (await canBind(hint))) {
          ports[role] = hint;
          taken.add(hint);
          continue;
        }
        let found: number | null = null;
        while (cursor < size) {
          const port = range.first + ((offset + cursor) % size);
          cursor++;
          if (taken.has(port)) continue;
          if (await canBind(port)) {
            found = port;
            break;
          }
          skipped.push(port);
        }
        if (found === null) {
          throw new HarnessError({
            what: `no free port for ${role} in ${range.first}-${range.last} (${roles.length} needed; ${taken.size} leased by other envs, ${skipped.length} in use by other programs)`,
            why: 'every env gets its own ports, leased machine-wide and checked by binding 127.0.0.1',
            fix: 'stop envs you no longer need (`harness ls`, then `harness down` in their worktrees, or `harness gc`), or widen the range: HARNESS_PORT_RANGE=20000-29999',
          });
        }
        ports[role] = found;
        taken.add(found);
      }
      const leased: EnvRecord = { ...record, ports };
      this.#write(leased);
      return leased;
    });
  }

  /** Changes a record under the lock (the daemon records its children as it starts them). */
  async update(id: string, change: (record: EnvRecord) => EnvRecord): Promise<EnvRecord | null> {
    return this.#locked(async () => {
      const record = this.get(id);
      if (!record) return null;
      const next = change(record);
      this.#write(next);
      return next;
    });
  }

  /** Drops the env's record and with it every port it leased. */
  async release(id: string): Promise<void> {
    await this.#locked(async () => {
      rmSync(join(this.#envsDir, `${id}.json`), { force: true });
    });
  }
}
