import type { MetricListAnswer, MetricsAnswer } from '../service/metrics.js';
import { formatTime } from '../service/time-input.js';
import { footer, header, labelsText, numberText, omissionLine, table } from './render-common.js';
import { isResourceNoise, omittedSummary } from '../service/shape.js';

/** Text answers of `harness metrics`. */

export function renderMetrics(answer: MetricsAnswer): string {
  const out: string[] = [];
  if (answer.kind === 'scalar') {
    out.push(header(answer.env, `PromQL scalar at ${formatTime(Date.parse(answer.at ?? ''))}`), numberText(answer.scalar ?? Number.NaN));
    return [...out, ...footer({ notes: answer.notes, barrier: answer.barrier })].join('\n');
  }
  if (answer.kind === 'instant') {
    out.push(header(answer.env, `PromQL at ${formatTime(Date.parse(answer.at ?? ''))} · ${answer.omitted.total} series`));
    if (answer.series.length === 0) out.push('no series: nothing matches (the readiness barrier ran: nothing is waiting to be flushed). List metrics with `harness metrics --list`');
    else out.push(...table(answer.series.map((s) => [labelsText(s.labels), numberText(s.value ?? Number.NaN)])));
  } else {
    const w = answer.window!;
    out.push(header(answer.env, `PromQL range · step ${w.step} · ${answer.omitted.total} series`, w));
    if (answer.series.length === 0) out.push('no series: nothing matches in the window (the readiness barrier ran). List metrics with `harness metrics --list`');
    for (const s of answer.series) {
      const sum = s.summary!;
      out.push(`${labelsText(s.labels)}  last ${numberText(sum.last)} · min ${numberText(sum.min)} · avg ${numberText(sum.avg)} · max ${numberText(sum.max)} · ${sum.count} points`);
      out.push(`  ${(s.points ?? []).map(([t, v]) => `${formatTime(Date.parse(t)).slice(11, 19)} ${numberText(v)}`).join(' | ')}`);
    }
  }
  out.push(...footer({ omitted: omissionLine(answer.omitted, 'series'), notes: answer.notes, barrier: answer.barrier }));
  return out.join('\n');
}

export function renderMetricList(answer: MetricListAnswer): string {
  const out = [header(answer.env, `${answer.omitted.total} metric${answer.omitted.total === 1 ? '' : 's'}${answer.match ? ` matching ${answer.match}` : ''} (with samples in the window)`)];
  if (answer.metrics.length === 0) out.push('no metrics: has the app exported any yet? (the readiness barrier asked it to)');
  const noise = new Set(answer.metrics.flatMap((m) => m.labels.filter(isResourceNoise)));
  out.push(...table(answer.metrics.map((m) => [m.name, `${m.series} series`, m.labels.filter((l) => !isResourceNoise(l)).join(', ')])));
  if (noise.size > 0) out.push(`(resource labels ${omittedSummary([...noise])} left out; every series of the app carries them)`);
  out.push(...footer({ omitted: omissionLine(answer.omitted, 'metrics'), barrier: answer.barrier }));
  return out.join('\n');
}
