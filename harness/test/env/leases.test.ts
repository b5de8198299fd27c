import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireLock } from '../../src/providers/processes.js';
import { LeaseRegistry } from '../../src/domains/env/repo/lease-registry.js';

// The lease registry and its lock, across real processes.

const stateDir = mkdtempSync(join(tmpdir(), 'hx-state-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const registryModule = fileURLToPath(new URL('../../dist/domains/env/repo/lease-registry.js', import.meta.url));

function leaseInChild(id: string, dir: string): Promise<number[]> {
  const script = `
    const { LeaseRegistry } = await import(${JSON.stringify(registryModule)});
    const registry = new LeaseRegistry(${JSON.stringify(dir)});
    const record = await registry.lease({ id: ${JSON.stringify(id)}, worktree: '/nowhere/${id}', branch: null, createdAt: new Date().toISOString(), daemon: null, processes: [] },
      ['logs', 'metrics', 'traces', 'app.http'], {}, { first: 39200, last: 39239 });
    process.stdout.write(JSON.stringify(Object.values(record.ports)));`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`lease child exited ${code}`))));
  });
}

describe('lease registry', () => {
  it('eight processes leasing at once never get the same port', async () => {
    const dir = join(stateDir, 'race');
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => leaseInChild(`env-${i}`, dir)));
    const all = results.flat();
    expect(all).toHaveLength(32);
    expect(new Set(all).size).toBe(32);
    expect(new LeaseRegistry(dir).list()).toHaveLength(8);
  });

  it('keeps an env on its previous ports when they are free, and release frees them', async () => {
    const registry = new LeaseRegistry(join(stateDir, 'sticky'));
    const base = { id: 'sticky', worktree: '/nowhere', branch: null, createdAt: new Date().toISOString(), daemon: null, processes: [] };
    const first = await registry.lease(base, ['a', 'b'], {}, { first: 39250, last: 39259 });
    await registry.release('sticky');
    expect(registry.get('sticky')).toBeNull();
    const again = await registry.lease(base, ['a', 'b'], first.ports, { first: 39250, last: 39259 });
    expect(again.ports).toEqual(first.ports);
  });
});

describe('file lock', () => {
  it('breaks at once a lock whose owner died', async () => {
    const path = join(stateDir, 'dead.lock');
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 17, startTime: 1, acquiredAt: new Date().toISOString() }));
    const started = Date.now();
    const lock = await acquireLock(path, { timeoutMs: 1000, what: 'the test lock' });
    expect(Date.now() - started).toBeLessThan(500);
    expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
    lock.release();
  });

  it('waits for a live owner, then names it in the error', async () => {
    const path = join(stateDir, 'live.lock');
    const holder = await acquireLock(path, { timeoutMs: 1000, what: 'the test lock' });
    const error = await acquireLock(path, { timeoutMs: 200, what: 'the test lock' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { diagnostic: { what: string } }).diagnostic.what).toContain(`held by process ${process.pid}`);
    holder.release();
    (await acquireLock(path, { timeoutMs: 200, what: 'the test lock' })).release();
  });
});
