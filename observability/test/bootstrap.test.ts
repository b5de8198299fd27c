import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOtlpReceiver, type OtlpReceiver } from '../src/otlp/receiver.js';
import { startTracesBridge, type TracesBridge } from '../src/bridge/index.js';
// The compiled bootstrap, exactly what the daemon preloads (npm test builds first).
import { nodeOptionsWithBootstrap } from '../dist/bootstrap/path.js';
import { startStore, tempDir, type RunningStore } from './helpers/stores.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface App {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts an unmodified app with the compiled bootstrap preloaded through NODE_OPTIONS. */
async function startApp(file: string, env: NodeJS.ProcessEnv): Promise<App> {
  const child = spawn(process.execPath, [fixture(file)], {
    env: { ...process.env, NODE_OPTIONS: nodeOptionsWithBootstrap(''), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(({ code }) => reject(new Error(`app exited with ${code}: ${stderr}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, exited };
}

/** Resolves with the file's content once it exists and differs from `previous`. */
async function waitForFile(path: string, previous?: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const content = await readFile(path, 'utf8').catch(() => undefined);
    if (content !== undefined && content !== previous) return content;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${path} was not (re)written`);
}

// An unmodified Node app gets traces, metrics and logs from the preload alone.
describe('the OTel bootstrap (NODE_OPTIONS=--import)', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  const otlpEnv = (service: string): NodeJS.ProcessEnv => ({
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.endpoints.traces,
    OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: receiver.endpoints.metrics,
    OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: receiver.endpoints.logs,
    OTEL_SERVICE_NAME: service,
    OTEL_RESOURCE_ATTRIBUTES: 'harness.worktree=/work/wt/demo,deployment.environment=dev',
  });

  for (const file of ['plain-http-server.mjs', 'plain-http-server.cjs']) {
    it(`${file}: HTTP server and client spans, HTTP metrics and console logs arrive, flushed on SIGUSR2`, async () => {
      const service = `plain-${file.split('.').pop()}`;
      const ack = join(await tempDir('ack'), 'flushed');
      const app = await startApp(file, { ...otlpEnv(service), HARNESS_OTEL_FLUSH_ACK: ack });
      try {
        // Written at startup: the app acknowledges flushes.
        const atStart = await waitForFile(ack);
        expect(await (await fetch(`${app.url}/`)).text()).toBe('ok');
        app.child.kill('SIGUSR2');
        const afterFlush = await waitForFile(ack, atStart);
        expect(afterFlush.split(' ')[0]).toBe(String(app.child.pid));

        const spans = receiver.spans.filter((s) => s.resource['service.name'] === service);
        const root = spans.find((s) => s.kind === 'server' && s.parentSpanId === '');
        const client = spans.find((s) => s.kind === 'client');
        const inner = spans.find((s) => s.kind === 'server' && s.parentSpanId !== '');
        expect(root?.attributes['url.path'] ?? root?.attributes['http.target']).toBe('/');
        expect(client?.parentSpanId).toBe(root?.spanId);
        expect(inner?.parentSpanId).toBe(client?.spanId);
        expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
        expect(root?.resource).toMatchObject({ 'harness.worktree': '/work/wt/demo', 'deployment.environment': 'dev' });

        const metricNames = receiver.metrics.filter((m) => m.resource['service.name'] === service).map((m) => m.name);
        expect(metricNames).toContain('http.server.request.duration');
        const line = receiver.logs.find((l) => l.resource['service.name'] === service && l.body === 'handling GET /');
        expect(line).toMatchObject({ severityText: 'INFO', traceId: root?.traceId });
      } finally {
        app.child.kill('SIGKILL');
      }
    });
  }

  it('flushes on SIGTERM and then exits by the signal, as the app would have', async () => {
    const app = await startApp('plain-http-server.mjs', otlpEnv('sigterm-app'));
    await fetch(`${app.url}/`);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: null, signal: 'SIGTERM' });
    expect(receiver.spans.filter((s) => s.resource['service.name'] === 'sigterm-app')).toHaveLength(3);
  });

  it('leaves an app that handles SIGTERM itself to shut down its own way', async () => {
    const app = await startApp('plain-http-server.cjs', { ...otlpEnv('own-sigterm'), FIXTURE_OWN_SIGTERM: '1' });
    await fetch(`${app.url}/`);
    app.child.kill('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
  });
});

describe('the OTel bootstrap into the traces bridge', () => {
  let vl: RunningStore;
  let bridge: TracesBridge;
  beforeAll(async () => {
    vl = await startStore('victoria-logs');
    bridge = await startTracesBridge({ victoriaLogsUrl: vl.url });
  }, 600_000);
  afterAll(async () => {
    await bridge?.close();
    await vl?.stop();
  });

  it("an unmodified app's HTTP spans are found in VictoriaLogs by trace_id, with their parent links", async () => {
    const ack = join(await tempDir('ack'), 'flushed');
    const app = await startApp('plain-http-server.mjs', {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: bridge.tracesEndpoint,
      OTEL_SERVICE_NAME: 'bridged-app',
      HARNESS_OTEL_FLUSH_ACK: ack,
    });
    try {
      const atStart = await waitForFile(ack);
      await fetch(`${app.url}/`);
      app.child.kill('SIGUSR2');
      await waitForFile(ack, atStart);
    } finally {
      app.child.kill('SIGKILL');
    }
    await fetch(`${bridge.url}/internal/force_flush`, { method: 'POST' });
    const query = encodeURIComponent('{resource_attr:service.name="bridged-app"} | sort by (start_time_unix_nano)');
    const text = await (await fetch(`${bridge.url}/select/logsql/query?query=${query}`)).text();
    const rows = text
      .split('\n')
      .filter(Boolean)
      .map((l): unknown => JSON.parse(l))
      .map((r) => (typeof r === 'object' && r !== null ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])) : {}));
    expect(rows.map((r) => r.kind)).toEqual(['2', '3', '2']);
    const [root, client, inner] = rows as [Record<string, string>, Record<string, string>, Record<string, string>];
    expect(client.parent_span_id).toBe(root.span_id);
    expect(inner.parent_span_id).toBe(client.span_id);
    expect(Number(root.duration)).toBeGreaterThan(Number(inner.duration));
    const byTrace = await (await fetch(`${bridge.url}/select/logsql/query?query=${encodeURIComponent(`trace_id:${root.trace_id}`)}`)).text();
    expect(byTrace.trim().split('\n')).toHaveLength(3);
  });
});
