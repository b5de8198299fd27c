import { z } from 'zod';
import { forceFlushStore, storeRequest, type StoreTarget } from './http-client.js';
import { promqlError, safeJson, unexpectedAnswer } from './store-errors.js';
import { toUnixSeconds } from '../types/time-points.js';

/**
 * A PromQL client for VictoriaMetrics. Every query passes an explicit evaluation time
 * with millisecond precision and `nocache=1`: without them VictoriaMetrics rounds "now"
 * down and serves cached results, hiding samples written a moment ago.
 */

const SampleSchema = z.tuple([z.number(), z.string()]);
const SeriesLabelsSchema = z.record(z.string(), z.string());

export const InstantSeriesSchema = z.object({ metric: SeriesLabelsSchema, value: SampleSchema });
export const RangeSeriesSchema = z.object({ metric: SeriesLabelsSchema, values: z.array(SampleSchema) });

const QueryAnswerSchema = z.object({
  status: z.literal('success'),
  data: z.discriminatedUnion('resultType', [
    z.object({ resultType: z.literal('vector'), result: z.array(InstantSeriesSchema) }),
    z.object({ resultType: z.literal('matrix'), result: z.array(RangeSeriesSchema) }),
    z.object({ resultType: z.literal('scalar'), result: SampleSchema }),
    z.object({ resultType: z.literal('string'), result: SampleSchema }),
  ]),
});
const ListAnswerSchema = z.object({ status: z.literal('success'), data: z.array(z.string()) });
const SeriesAnswerSchema = z.object({ status: z.literal('success'), data: z.array(SeriesLabelsSchema) });

export type InstantSeries = z.infer<typeof InstantSeriesSchema>;
export type RangeSeries = z.infer<typeof RangeSeriesSchema>;

export type PromResult =
  | { type: 'vector'; series: InstantSeries[] }
  | { type: 'matrix'; series: RangeSeries[] }
  | { type: 'scalar'; value: [number, string] };

export class MetricsStore {
  readonly target: StoreTarget;

  constructor(target: StoreTarget) {
    this.target = target;
  }

  private async promql(path: string, query: string, params: Record<string, string>): Promise<PromResult> {
    const answer = await storeRequest(this.target, path, { method: 'POST', params: { query, nocache: '1', ...params } });
    if (answer.status === 400 || answer.status === 422) throw promqlError(query, answer.body);
    const parsed = QueryAnswerSchema.safeParse(safeJson(answer.body));
    if (!parsed.success) throw unexpectedAnswer(this.target, 'a PromQL query', `HTTP ${answer.status} ${answer.body}`);
    const data = parsed.data.data;
    if (data.resultType === 'vector') return { type: 'vector', series: data.result };
    if (data.resultType === 'matrix') return { type: 'matrix', series: data.result };
    return { type: 'scalar', value: data.result };
  }

  /** An instant query at `time` (unix ms). */
  instant(query: string, time: number): Promise<PromResult> {
    return this.promql('/api/v1/query', query, { time: toUnixSeconds(time) });
  }

  /** A range query from `start` to `end` (unix ms) every `stepSeconds`. */
  range(query: string, start: number, end: number, stepSeconds: number): Promise<PromResult> {
    return this.promql('/api/v1/query_range', query, { start: toUnixSeconds(start), end: toUnixSeconds(end), step: `${stepSeconds}s` });
  }

  /** Metric names with samples in the window, optionally only those matching a selector. */
  async metricNames(start: number, end: number, match?: string): Promise<string[]> {
    const answer = await storeRequest(this.target, '/api/v1/label/__name__/values', {
      method: 'GET',
      params: { start: toUnixSeconds(start), end: toUnixSeconds(end), 'match[]': match },
    });
    if (answer.status === 400 || answer.status === 422) throw promqlError(match ?? '', answer.body);
    const parsed = ListAnswerSchema.safeParse(safeJson(answer.body));
    if (!parsed.success) throw unexpectedAnswer(this.target, 'a label values request', answer.body);
    return parsed.data.data;
  }

  /** The label sets of the series matching a selector in the window. */
  async series(match: string, start: number, end: number, limit = 10_000): Promise<Array<Record<string, string>>> {
    const answer = await storeRequest(this.target, '/api/v1/series', {
      method: 'POST',
      params: { 'match[]': match, start: toUnixSeconds(start), end: toUnixSeconds(end), limit },
    });
    if (answer.status === 400 || answer.status === 422) throw promqlError(match, answer.body);
    const parsed = SeriesAnswerSchema.safeParse(safeJson(answer.body));
    if (!parsed.success) throw unexpectedAnswer(this.target, 'a series request', answer.body);
    return parsed.data.data;
  }

  /** Makes every sample ingested so far searchable. */
  forceFlush(): Promise<void> {
    return forceFlushStore(this.target);
  }
}
