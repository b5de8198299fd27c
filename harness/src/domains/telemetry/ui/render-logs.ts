import type { ExplainAnswer, LogLine, LogsAnswer } from '../types/answers.js';
import { formatTime } from '../service/time-input.js';
import { footer, header, labelsText, numberText, omissionLine, table } from './render-common.js';
import { omittedSummary } from '../service/shape.js';

/** Text answers of `harness logs`. */

export function renderLogLine(line: LogLine): string {
  const fields = Object.entries(line.fields)
    .map(([k, v]) => `${k}=${/\s/.test(v) ? JSON.stringify(v) : v}`)
    .join(' ');
  const stream = line.stream ? ` ${line.stream}` : '';
  const cut = line.cut > 0 ? ` …(+${line.cut} chars)` : '';
  return `${formatTime(Date.parse(line.time))}${stream}  ${line.message.replace(/\n/g, '⏎')}${cut}${fields ? `  · ${fields}` : ''}`;
}

export function renderLogs(answer: LogsAnswer): string {
  const out: string[] = [];
  const r = answer.result;
  if (r.kind === 'series') {
    out.push(header(answer.env, `${answer.language} metric query at ${formatTime(Date.parse(answer.at ?? ''))} (range ${answer.translation?.window?.text ?? '?'})`));
    if (answer.language === 'LogQL') out.push(`LogsQL: ${answer.logsql}`);
    if (r.series.length === 0) out.push('no series: no line matched in the range (the readiness barrier ran: nothing is waiting to be flushed)');
    else out.push(...table(r.series.map((s) => [labelsText(s.labels), numberText(s.value)])));
    out.push(...footer({ omitted: omissionLine(answer.omitted, 'series'), notes: answer.notes, barrier: answer.barrier }));
    return out.join('\n');
  }
  out.push(header(answer.env, `${answer.omitted.total} ${r.kind === 'lines' ? 'line' : 'row'}${answer.omitted.total === 1 ? '' : 's'}`, answer.window));
  if (answer.language === 'LogQL') out.push(`LogsQL: ${answer.logsql}`);
  if (r.kind === 'rows') {
    const keys = [...new Set(r.rows.flatMap((row) => Object.keys(row)))];
    out.push(...table([keys, ...r.rows.map((row) => keys.map((k) => row[k] ?? ''))]));
  } else {
    const common = Object.entries(r.common)
      .map(([k, v]) => (k === '_stream' ? v : `${k}=${v}`))
      .join(' ');
    if (common) out.push(`all lines: ${common}`);
    if (r.hiddenFields.length > 0) out.push(`(resource fields ${omittedSummary(r.hiddenFields)} not shown; select them with --logsql '… | fields _time, host.name')`);
    if (r.lines.length === 0) out.push('no lines matched in the window (the readiness barrier ran: nothing is waiting to be flushed)');
    out.push(...r.lines.map(renderLogLine));
  }
  out.push(...footer({ omitted: omissionLine(answer.omitted, r.kind === 'lines' ? 'lines' : 'rows'), notes: answer.notes, barrier: answer.barrier }));
  return out.join('\n');
}

export function renderExplain(answer: ExplainAnswer): string {
  const t = answer.translation;
  const out = [header(answer.env, `LogQL → LogsQL (${t.kind} query; not run)`), `LogQL:  ${answer.query}`, `LogsQL: ${t.logsql}`, `runs as: ${answer.api}`];
  if (t.kind === 'metric') out.push(`series identified by: ${t.labels.length > 0 ? t.labels.join(', ') : '(one series)'}`);
  for (const note of answer.notes) out.push(`note: ${note}`);
  return out.join('\n');
}
