import { afterAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { resolveBinary, ProvisionError } from '../src/provision/index.js';
import type { StoreBinary } from '../src/stack/versions.js';
import { startStore, type RunningStore } from './helpers/stores.js';

const started: RunningStore[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

async function start(name: StoreBinary): Promise<RunningStore> {
  const store = await startStore(name);
  started.push(store);
  return store;
}

/** Local addresses of listening TCP sockets on `port`, from /proc/net/tcp{,6}. */
async function listenersOn(port: number): Promise<string[]> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.slice(0, -5));
    }
  }
  return found;
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
}

async function expectLoopbackOnly(store: RunningStore): Promise<void> {
  // 0100007F is 127.0.0.1 in /proc/net/tcp's little-endian hex; 00000000 would be 0.0.0.0.
  expect(await listenersOn(store.port)).toEqual(['0100007F']);
  const external = externalIPv4();
  if (external) expect(await canConnect(external, store.port)).toBe(false);
}

describe('the stores with the dev flags', () => {
  it('VictoriaLogs answers on 127.0.0.1 only and makes rows searchable after a forced flush', async () => {
    const vl = await start('victoria-logs');
    await expectLoopbackOnly(vl);
    const line = JSON.stringify({ _msg: 'dev-flags probe', _time: new Date().toISOString(), 'service.name': 'probe' });
    const insert = await fetch(`${vl.url}/insert/jsonline?_stream_fields=service.name`, { method: 'POST', body: `${line}\n` });
    expect(insert.status).toBe(200);
    expect((await fetch(`${vl.url}/internal/force_flush`, { method: 'POST' })).status).toBe(200);
    const query = await fetch(`${vl.url}/select/logsql/query?query=${encodeURIComponent('"dev-flags probe"')}`);
    expect(await query.text()).toContain('dev-flags probe');
  });

  it('VictoriaMetrics answers on 127.0.0.1 only and returns a sample at once (no latency offset, no cache)', async () => {
    const vm = await start('victoria-metrics');
    await expectLoopbackOnly(vm);
    const now = Date.now();
    const imported = await fetch(`${vm.url}/api/v1/import/prometheus`, { method: 'POST', body: `dev_flags_probe{run="a"} 42 ${now}\n` });
    expect(imported.status).toBe(204);
    expect((await fetch(`${vm.url}/internal/force_flush`, { method: 'POST' })).status).toBe(200);
    // An instant query without `time` is evaluated at the current whole second, before a
    // sample from this very second: pass the time with milliseconds.
    const answer = await (await fetch(`${vm.url}/api/v1/query?query=dev_flags_probe&time=${Date.now() / 1000}`)).text();
    expect(answer).toContain('"42"');
  });

  it('VictoriaTraces starts with its dev flags where it can be provisioned', async (context) => {
    const vt = await resolveBinary('victoria-traces', { allowGoBuild: false }).catch((e: unknown) => e);
    if (vt instanceof ProvisionError) {
      // Every way fails on machines without GitHub access and without a Go proxy that
      // serves VictoriaTraces; the harness then runs the traces bridge instead.
      context.skip(`VictoriaTraces cannot be provisioned here: ${vt.diagnostic.what}`);
      return;
    }
    const store = await start('victoria-traces');
    await expectLoopbackOnly(store);
  });
});
