/**
 * The seeded log lines every LogQL translation is checked against. Each row has an `id`,
 * so a test states which lines a LogQL query means and compares with what VictoriaLogs
 * returns for the translation. Streams: app × service.name. Messages mix plain text,
 * JSON and logfmt; some rows carry stored `level`/`status` fields, as OTLP logs do.
 */

export interface SeedRow {
  id: string;
  app: string;
  svc: string;
  msg: string;
  fields?: Record<string, string>;
}

const j = (value: unknown): string => JSON.stringify(value);

export const ROWS: SeedRow[] = [
  { id: 'r01', app: 'web', svc: 'ref-app', msg: 'GET /api/tasks 200 12ms', fields: { level: 'info', status: '200' } },
  { id: 'r02', app: 'web', svc: 'ref-app', msg: j({ level: 'error', status: 500, msg: 'db failed', route: '/api/tasks', latency: 0.5, user: { id: 'u1' } }) },
  { id: 'r03', app: 'worker', svc: 'ref-app', msg: 'level=warn msg="slow request" duration=1.5s size=2KB latency=1.2' },
  { id: 'r04', app: 'worker', svc: 'other', msg: 'someerrors here' },
  { id: 'r05', app: 'web', svc: 'ref-app', msg: 'POST /api/tasks 201 30ms', fields: { level: 'info', status: '201' } },
  { id: 'r06', app: 'web', svc: 'ref-app', msg: j({ level: 'info', status: 200, msg: 'ok', route: '/api/settings', latency: 0.1 }) },
  { id: 'r07', app: 'web', svc: 'ref-app', msg: j({ level: 'error', status: 503, msg: 'upstream timeout', route: '/api/settings', latency: 2.5 }) },
  { id: 'r08', app: 'worker', svc: 'ref-app', msg: 'level=error msg="job failed" duration=250ms size=512B latency=0.3' },
  { id: 'r09', app: 'worker', svc: 'ref-app', msg: 'level=info msg="job done" duration=40ms size=10KB latency=0.05' },
  { id: 'r10', app: 'web', svc: 'ref-app', msg: 'GET /health 200 1ms', fields: { level: 'debug', status: '200' } },
  { id: 'r11', app: 'web', svc: 'ref-app', msg: 'Error: connection refused (ECONNREFUSED)', fields: { level: 'error', status: '500' } },
  { id: 'r12', app: 'worker', svc: 'other', msg: 'timeout while waiting 30s', fields: { level: 'warn' } },
  { id: 'r13', app: 'web', svc: 'ref-app', msg: j({ level: 'warn', status: 429, msg: 'rate limited', route: '/api/tasks', latency: 0.02 }) },
  { id: 'r14', app: 'web', svc: 'ref-app', msg: 'GET /api/tasks?q=a*b 200 5ms', fields: { level: 'info', status: '200' } },
  { id: 'r15', app: 'worker', svc: 'ref-app', msg: 'level=info msg="said \\"hi\\"" duration=5ms latency=0.001' },
  { id: 'r16', app: 'web', svc: 'ref-app', msg: '\u001b[31mred alert\u001b[0m', fields: { level: 'error' } },
  { id: 'r17', app: 'batch', svc: 'ref-app', msg: 'level=info msg="nightly" latency=7' },
  { id: 'r18', app: 'web', svc: 'ref-app', msg: j({ level: 'error', status: 500, msg: 'db failed again', route: '/api/tasks', latency: 1.5 }) },
  // A stored level that differs from the one in the JSON line: Loki keeps the stored one.
  { id: 'r19', app: 'web', svc: 'ref-app', msg: j({ level: 'error', status: 502, msg: 'bad gateway', route: '/api/tasks', latency: 0.9 }), fields: { level: 'info' } },
];

/** The rows as VictoriaLogs JSON lines, one second apart, ending `agoMs` before `now`. */
export function seedLines(now: number, agoMs = 10 * 60_000): Array<Record<string, string>> {
  const first = now - agoMs - ROWS.length * 1000;
  return ROWS.map((row, i) => ({
    _time: new Date(first + i * 1000).toISOString(),
    _msg: row.msg,
    id: row.id,
    app: row.app,
    'service.name': row.svc,
    ...row.fields,
  }));
}

export const STREAM_FIELDS = ['app', 'service.name'];

const ids = (pred: (r: SeedRow) => boolean): string[] => ROWS.filter(pred).map((r) => r.id);
export const WEB = ids((r) => r.app === 'web');
