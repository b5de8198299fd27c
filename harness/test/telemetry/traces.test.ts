import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { carriesDiagnostic } from '../../src/utils/diagnostic.js';
import { traceGetTool, traceSearchTool } from '../../src/domains/telemetry/ui/tools.js';
import type { TraceAnswer, TraceSearchAnswer } from '../../src/domains/telemetry/service/traces.js';
import { ingestJsonLines, startStore, type RunningStore } from '../support/stores.js';
import { spanRows, TRACE_STREAM_FIELDS, type SeedSpan } from './helpers/span-rows.js';
import { id32, SPANS } from './helpers/trace-dataset.js';
import { testEnv } from './helpers/env.js';

// Trace search and the waterfall over spans stored in VictoriaTraces' data model in a
// real VictoriaLogs (what the traces bridge runs on when VictoriaTraces is unavailable).
describe('traces search and waterfall', () => {
  let store: RunningStore;
  const base = Date.now() - 5 * 60_000;
  const ctx = (): { cwd: string; env: ReturnType<typeof testEnv> } => ({ cwd: process.cwd(), env: testEnv({ logs: store.url, metrics: 'http://127.0.0.1:1', traces: store.url }) });
  const search = async (input: Parameters<typeof traceSearchTool.run>[0]): Promise<TraceSearchAnswer> => traceSearchTool.run({ since: '1h', ...input }, ctx());

  beforeAll(async () => {
    store = await startStore('victoria-logs');
    await ingestJsonLines(store.url, spanRows(base, SPANS), TRACE_STREAM_FIELDS);
  });
  afterAll(async () => {
    await store?.stop();
  });

  it('lists every trace, newest first, with root, duration, span and error counts', async () => {
    const answer = await search({});
    expect(answer.traces.map((t) => t.traceId)).toEqual(['e5', 'c3', 'b2', 'a1', 'd4'].map(id32));
    const create = answer.traces.find((t) => t.traceId === id32('a1'))!;
    expect(create).toMatchObject({ root: 'POST /api/tasks', service: 'ref-app', spans: 4, errors: 0 });
    expect(create.durationMs).toBeCloseTo(2600, 6);
    expect(answer.traces.find((t) => t.traceId === id32('b2'))).toMatchObject({ spans: 2, errors: 1 });
    expect(answer.env).toBe('test-env');
  });

  it.each([
    [{ service: 'worker' }, ['e5']],
    [{ operation: 'db.*' }, ['c3', 'b2', 'a1']],
    [{ operation: 'app.startup' }, ['d4']],
    [{ minDuration: '2s' }, ['a1']],
    [{ minDuration: '600ms' }, ['e5', 'a1', 'd4']],
    [{ attrs: ['http.route=/api/tasks'] }, ['c3', 'a1']],
    [{ attrs: ['service.name=worker'] }, ['e5']],
    [{ errors: true }, ['b2']],
    [{ journey: 'complete task' }, ['b2']],
    [{ journey: 'create task', minDuration: '2s' }, ['a1']],
    [{ service: 'ref-app', operation: 'GET *' }, ['c3']],
  ])('filters %j', async (input, expected) => {
    const answer = await search(input);
    expect(answer.traces.map((t) => t.traceId)).toEqual(expected.map(id32));
  });

  it('names the matching spans and says what it left out', async () => {
    const answer = await search({ operation: 'db.*', limit: 2 });
    expect(answer.traces.map((t) => t.matched)).toEqual([['db.select tasks'], ['db.update tasks']]);
    expect(answer.omitted).toMatchObject({ total: 3, shown: 2 });
    expect(traceSearchTool.render(answer)).toContain("… 1 more traces not shown (3 in total). Get them: harness traces search --operation 'db.*' --since 1h --limit 3");
  });

  it('draws a trace as a waterfall: tree, offsets, durations, key attributes', async () => {
    const answer = (await traceGetTool.run({ traceId: id32('a1') }, ctx())) as TraceAnswer;
    expect(answer.spans.map((n) => [n.span.name, n.depth])).toEqual([
      ['POST /api/tasks', 0],
      ['validate', 1],
      ['db.insert tasks', 1],
      ['sqlite.step', 2],
    ]);
    expect(answer.spans.map((n) => n.offsetMs)).toEqual([0, 5, 20, 30]);
    const text = traceGetTool.render(answer);
    expect(text).toContain(`env test-env · trace ${id32('a1')}`);
    expect(text).toContain('2.60 s · 4 spans · no errors');
    expect(text).toMatch(/\+0 ms\s+2\.60 s\s+\|█{20}\|\s+POST \/api\/tasks \[server ref-app\]\s+http\.request\.method=POST http\.route=\/api\/tasks http\.response\.status_code=201 harness\.journey=create task/);
    expect(text).toMatch(/\+5\.0 ms\s+10 ms\s+\|█ +\|\s+├─ validate \[internal\]/);
    expect(text).toMatch(/\+20 ms\s+2\.50 s\s+\|█{19} \|\s+└─ db\.insert tasks \[client\]\s+db\.system=sqlite db\.query\.text=INSERT INTO tasks/);
    expect(text).toMatch(/\+30 ms\s+2\.47 s\s+\|.+\|\s+ {3}└─ sqlite\.step \[internal\]/);
  });

  it('shows errors and exceptions, and finds a trace by a unique prefix', async () => {
    const answer = (await traceGetTool.run({ traceId: 'b20000' }, ctx())) as TraceAnswer;
    expect(answer.traceId).toBe(id32('b2'));
    expect(answer.errors).toBe(1);
    const text = traceGetTool.render(answer);
    expect(text).toContain('└─ db.update tasks [client] ✗ ERROR: constraint failed');
    expect(text).toContain('! exception Error: SQLITE_CONSTRAINT: NOT NULL constraint failed: tasks.title');
  });

  it('returns the stored spans as JSON with --raw', async () => {
    const answer = await traceGetTool.run({ traceId: id32('c3'), raw: true }, ctx());
    expect(answer.tool).toBe('trace-raw');
    if (answer.tool !== 'trace-raw') return;
    expect(answer.spans.map((s) => [s.name, s.kind, s.parentSpanId])).toEqual([
      ['GET /api/tasks', 'server', ''],
      ['db.select tasks', 'client', 'c01'.padEnd(16, '0')],
    ]);
  });

  it('answers an unknown trace with exit code 1 and where to look, and a bad id with the right form', async () => {
    const unknown = await traceGetTool.run({ traceId: 'f'.repeat(32) }, ctx()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(carriesDiagnostic(unknown) && unknown.exitCode).toBe(1);
    expect(carriesDiagnostic(unknown) && unknown.diagnostic.what).toContain(`no trace ${'f'.repeat(32)} in this env's traces store (env test-env)`);
    const bad = await traceGetTool.run({ traceId: 'not-a-trace' }, ctx()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(carriesDiagnostic(bad) && bad.diagnostic.fix).toContain('harness traces get 4bf92f3577b34da6');
  });

  it('keeps error spans and the slowest spans with their parents in a big trace, collapsing repeated siblings', async () => {
    // Outside every search window above (2 h ago): 82 spans, the error and the slow call at the end.
    const big: SeedSpan[] = [{ trace: 'f6', span: 'f001', name: 'GET /api/report', kind: 2, startMs: 0, durationMs: 3000 }];
    for (let i = 0; i < 48; i++) big.push({ trace: 'f6', span: `f1${String(i).padStart(2, '0')}`, parent: 'f001', name: 'db.query', kind: 3, startMs: 10 + i * 10, durationMs: i === 7 ? 9 : 5 });
    for (let i = 0; i < 30; i++) big.push({ trace: 'f6', span: `f2${String(i).padStart(2, '0')}`, parent: 'f001', name: `render part ${i}`, startMs: 600 + i * 10, durationMs: 2 });
    big.push({ trace: 'f6', span: 'f301', parent: 'f001', name: 'fetch upstream', startMs: 2000, durationMs: 900 });
    big.push({ trace: 'f6', span: 'f302', parent: 'f301', name: 'http.client', kind: 3, startMs: 2000, durationMs: 899 });
    big.push({ trace: 'f6', span: 'f401', parent: 'f001', name: 'audit.write', startMs: 2990, durationMs: 1, error: 'disk full' });
    await ingestJsonLines(store.url, spanRows(base - 2 * 3_600_000, big), TRACE_STREAM_FIELDS);

    const whole = (await traceGetTool.run({ traceId: id32('f6') }, ctx())) as TraceAnswer;
    expect(whole.spanCount).toBe(82);
    expect(whole.omitted).toMatchObject({ total: 82, shown: 82, hint: null });
    const text = traceGetTool.render(whole);
    expect(text).toContain('db.query ×48 [client]  (244 ms in all, slowest 9.0 ms)');
    expect(text).toContain('└─ audit.write [internal] ✗ ERROR: disk full');

    const small = (await traceGetTool.run({ traceId: id32('f6'), limit: 6 }, ctx())) as TraceAnswer;
    expect(small.spans.map((n) => n.span.name)).toEqual(['GET /api/report', 'db.query', 'render part 0', 'fetch upstream', 'http.client', 'audit.write']);
    expect(small.omitted.shown).toBe(53);
    expect(small.omitted.hint).toContain('--limit 82');
  });
});
