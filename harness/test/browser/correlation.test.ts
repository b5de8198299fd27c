import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { telemetryCorrelator } from '../../src/shell/backend-correlator.js';
import type { TelemetryEnv } from '../../src/domains/telemetry/types/telemetry-env.js';
import { startFixtureSite, type FixtureSite, type FixtureTelemetry } from './fixture-site.js';
import { cleanUp, newBrowserService } from './service-fixture.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import type { BrowserService } from '../../src/domains/browser/service/browser-service.js';
import { formatAction } from '../../src/domains/browser/ui/format.js';

let logs: RunningStore;
let traces: RunningStore;
let site: FixtureSite;
let service: BrowserService;
let cleanup: () => Promise<void>;

/** What an instrumented backend exports for one request: a server span and an error log. */
function telemetry(): FixtureTelemetry {
  return {
    async record(traceparent, failed) {
      const [, traceId = '', parentId = ''] = traceparent.split('-');
      const spanId = randomBytes(8).toString('hex');
      const now = new Date();
      const endNs = BigInt(now.getTime()) * 1_000_000n;
      await ingestJsonLines(
        traces.url,
        [
          {
            _time: now.toISOString(),
            _msg: '-',
            trace_id: traceId,
            span_id: spanId,
            parent_span_id: parentId,
            name: 'tasks.create',
            kind: '2',
            duration: '3400000',
            start_time_unix_nano: String(endNs - 3_400_000n),
            end_time_unix_nano: String(endNs),
            status_code: failed ? '2' : '1',
            status_message: failed ? 'constraint failed' : '',
            'resource_attr:service.name': 'fixture-app',
            'span_attr:http.response.status_code': failed ? '500' : '201',
            ...(failed ? { 'event:event_name:0': 'exception', 'event:event_attr:exception.type:0': 'SqliteError', 'event:event_attr:exception.message:0': 'NOT NULL constraint failed: tasks.title' } : {}),
          },
        ],
        ['resource_attr:service.name', 'name'],
      );
      await ingestJsonLines(logs.url, [{ _time: now.toISOString(), _msg: failed ? 'constraint failed: tasks.title' : 'task created', severity: failed ? 'ERROR' : 'INFO', trace_id: traceId, span_id: spanId, 'service.name': 'fixture-app' }], ['service.name']);
    },
  };
}

/** The telemetry view of the two stores, as the daemon builds it for an env (here with no app to signal). */
function storesEnv(): TelemetryEnv {
  const store = (label: string, base: string) => ({ label, base, envId: 'correlation-test' });
  return { id: 'correlation-test', worktree: null, upAt: null, logs: store('VictoriaLogs', logs.url), metrics: store('VictoriaMetrics', 'http://127.0.0.1:9'), traces: store('traces store', traces.url), tracesMode: 'fallback', appPid: null, flushAck: null, daemonSocket: null };
}

beforeAll(async () => {
  [logs, traces] = await Promise.all([startStore('victoria-logs'), startStore('victoria-logs')]);
  site = await startFixtureSite({ failCreate: true, telemetry: telemetry() });
  ({ service, cleanup } = newBrowserService(site.url));
  service.correlator = telemetryCorrelator(storesEnv);
});

// Every step runs even if an earlier one fails, so nothing is left running.
afterAll(() => cleanUp(() => cleanup(), () => site.close(), () => Promise.all([logs.stop(), traces.stop()])));

describe('trace correlation', () => {
  it("answers a click with the backend span and log line of that click's own trace id", async () => {
    await service.navigate({ url: '/' });
    await service.fill({ fields: [{ target: { selector: '#title' }, value: 'Will fail' }] });
    const click = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    const post = click.requests.find((r) => r.method === 'POST');
    expect(post?.status).toBe(500);
    expect(click.backend).toHaveLength(1);
    const backend = click.backend![0]!;
    expect(backend.traceId).toBe(click.traceId);
    expect(backend.spans).toHaveLength(1);
    const span = backend.spans[0]!;
    expect(span).toMatchObject({ name: 'tasks.create', service: 'fixture-app', status: 'error', durationMs: 3.4 });
    expect(span.attributes['http.response.status_code']).toBe('500');
    expect(span.attributes['exception.message']).toBe('NOT NULL constraint failed: tasks.title');
    expect(span.attributes.status_message).toBe('constraint failed');
    expect(backend.logs.map((l) => l.message)).toEqual(['constraint failed: tasks.title']);
    expect(backend.logs[0]?.severity).toBe('ERROR');
    expect(backend.note).toBeUndefined();
  });

  it('does not mix in the spans of an earlier action', async () => {
    const first = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    const second = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    expect(first.traceId).not.toBe(second.traceId);
    expect(second.backend?.[0]?.spans).toHaveLength(1);
    expect(second.backend?.[0]?.logs).toHaveLength(1);
  });

  it("keeps a traceparent the page sent itself and correlates that trace instead", async () => {
    const own = randomBytes(16).toString('hex');
    await service.evaluate({
      expression: `document.querySelector('#add').onclick = (e) => { e.preventDefault(); fetch('/api/tasks', { method: 'POST', headers: { traceparent: '00-${own}-${'1'.repeat(16)}-01' }, body: '{}' }); }`,
    });
    const click = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    const post = click.requests.find((r) => r.method === 'POST');
    expect(post?.traceId).toBe(own);
    expect(site.requests.filter((r) => r.path === '/api/tasks').at(-1)?.headers.traceparent).toBe(`00-${own}-${'1'.repeat(16)}-01`);
    expect(click.backend?.map((b) => b.traceId)).toEqual([own]);
    expect(click.backend?.[0]?.spans[0]?.name).toBe('tasks.create');
    // The answer names the id the request carried, and says the action's own went unused.
    expect(click.traceIds).toEqual([own]);
    const header = formatAction(click).split('\n')[0]!;
    expect(header).toContain(`(trace ${own}; own trace ${click.traceId} unused: the page sent its own)`);
  });

  it('says so when the backend recorded nothing for the trace', async () => {
    const correlator = telemetryCorrelator(storesEnv);
    const report = await correlator.find(randomBytes(16).toString('hex'), { expectSpans: 1, waitMs: 300, since: new Date(Date.now() - 60_000) });
    expect(report.spans).toEqual([]);
    expect(report.note).toMatch(/found 0 server span\(s\) for 1 traced request\(s\) within \d+ ms \(the app did not confirm a flush\)/);
  });
});
