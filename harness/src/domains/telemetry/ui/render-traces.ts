import type { TraceAnswer, TraceSearchAnswer } from '../service/traces.js';
import type { SpanNode } from '../service/span-tree.js';
import { formatDurationMs, formatTime } from '../service/time-input.js';
import { MAX_ATTRIBUTES_PER_SPAN } from '../config/limits.js';
import { footer, header, omissionLine, table } from './render-common.js';

/** Text answers of `harness traces`: a list of traces, and one trace as a waterfall. */

export function renderTraceSearch(answer: TraceSearchAnswer): string {
  const out = [header(answer.env, `${answer.omitted.total} trace${answer.omitted.total === 1 ? '' : 's'} (newest first)`, answer.window), `LogsQL: ${answer.filter}`];
  if (answer.traces.length === 0) out.push('no trace matched in the window (the readiness barrier ran: nothing is waiting to be flushed)');
  out.push(
    ...table(
      answer.traces.map((t) => [
        t.traceId,
        formatTime(Date.parse(t.start)),
        formatDurationMs(t.durationMs),
        `${t.spans} span${t.spans === 1 ? '' : 's'}`,
        t.errors > 0 ? `${t.errors} error${t.errors === 1 ? '' : 's'}` : 'ok',
        `${t.root} [${t.service}]${t.matched.length > 0 && !(t.matched.length === 1 && t.matched[0] === t.root) ? ` · matched: ${t.matched.join(', ')}` : ''}`,
      ]),
    ),
  );
  out.push(...footer({ omitted: omissionLine(answer.omitted, 'traces'), barrier: answer.barrier }));
  if (answer.traces[0]) out.push(`next: harness traces get ${answer.traces[0].traceId}`);
  return out.join('\n');
}

/** Attributes worth a place in the waterfall, most telling first. */
const KEY_ATTRIBUTES = [
  'http.request.method',
  'http.route',
  'url.path',
  'http.response.status_code',
  'db.system',
  'db.system.name',
  'db.collection.name',
  'db.operation',
  'db.operation.name',
  'db.query.text',
  'db.statement',
  'error.type',
  'exception.message',
  'harness.journey',
];

function attributesText(node: SpanNode): string {
  const attrs = node.span.attributes;
  const keys = [...KEY_ATTRIBUTES.filter((k) => k in attrs), ...Object.keys(attrs).filter((k) => !KEY_ATTRIBUTES.includes(k)).sort()];
  const shown = keys.slice(0, MAX_ATTRIBUTES_PER_SPAN).map((k) => {
    const v = attrs[k]!;
    return `${k}=${v.length > 80 ? `${v.slice(0, 80)}…` : v}`;
  });
  const more = keys.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` (+${more} attrs)` : '');
}

const BAR = 20;

function bar(node: SpanNode, total: number): string {
  if (total <= 0) return `|${'█'.repeat(BAR)}|`;
  const from = Math.min(BAR - 1, Math.floor((node.offsetMs / total) * BAR));
  const width = Math.max(1, Math.min(BAR - from, Math.round((node.span.durationMs / total) * BAR)));
  return `|${' '.repeat(from)}${'█'.repeat(width)}${' '.repeat(BAR - from - width)}|`;
}

function prefix(node: SpanNode): string {
  if (node.depth === 0) return '';
  return node.rails.slice(1).map((r) => (r ? '│  ' : '   ')).join('') + (node.last ? '└─ ' : '├─ ');
}

export function renderTrace(answer: TraceAnswer): string {
  const head = `trace ${answer.traceId} · ${formatTime(Date.parse(answer.start))} · ${formatDurationMs(answer.durationMs)} · ${answer.spanCount} span${answer.spanCount === 1 ? '' : 's'} · ${answer.errors > 0 ? `${answer.errors} error${answer.errors === 1 ? '' : 's'}` : 'no errors'} · services: ${answer.services.join(', ')}`;
  const out = [header(answer.env, head)];
  const rows: string[][] = [];
  for (const node of answer.spans) {
    const s = node.span;
    const status = s.status === 'error' ? ` ✗ ERROR${s.statusMessage ? `: ${s.statusMessage}` : ''}` : '';
    const service = node.depth === 0 || answer.services.length > 1 ? ` [${s.kind} ${s.service}]` : ` [${s.kind}]`;
    if (node.collapsed) {
      const c = node.collapsed;
      const what = `${prefix(node)}${s.name} ×${c.count}${service}  (${formatDurationMs(c.totalMs)} in all, slowest ${formatDurationMs(c.maxMs)})`;
      rows.push([`+${formatDurationMs(node.offsetMs)}`, formatDurationMs(c.maxMs), bar(node, answer.durationMs), what]);
      continue;
    }
    rows.push([`+${formatDurationMs(node.offsetMs)}`, formatDurationMs(s.durationMs), bar(node, answer.durationMs), `${prefix(node)}${s.name}${service}${status}${node.orphan ? ' (parent span not stored)' : ''}  ${attributesText(node)}`.trimEnd()]);
    for (const event of s.events) {
      const message = event.attributes['exception.message'] ?? event.attributes.message ?? '';
      const type = event.attributes['exception.type'] ? `${event.attributes['exception.type']}: ` : '';
      rows.push(['', '', '', `${prefix(node).replace(/[├└]─ $/, '   ')}   ! ${event.name}${message ? ` ${type}${message.slice(0, 160)}` : ''}`]);
    }
  }
  out.push(...table([['start', 'duration', 'timeline', 'span'], ...rows]));
  out.push(...footer({ omitted: omissionLine(answer.omitted, 'spans'), barrier: answer.barrier }));
  return out.join('\n');
}
