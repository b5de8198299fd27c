// The app's OpenTelemetry setup, and the only module that knows which SDK is behind the
// tracer, meter and logger the rest of the app uses. Each signal is exported over
// OTLP/HTTP protobuf only when its endpoint is set (its own, or the base one); with none set
// the app runs quietly (no exporter, no retries, no error spam) and warnings go to stderr
// instead. A failing export is reported on stderr too, rate-limited (telemetry-diag.ts).
import { metrics, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, type LogRecordProcessor, type SdkLogRecord } from '@opentelemetry/sdk-logs';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as z from 'zod';
import { registerDiagLogger } from './telemetry-diag.js';

export const INSTRUMENTATION_SCOPE = 'reference-app';
const DEFAULT_SERVICE_NAME = 'reference-app';

const OptionalUrlSchema = z.preprocess(
  (value) => (value === '' ? undefined : value),
  z
    .url({ protocol: /^https?$/, error: 'must be a full http(s) URL, for example http://127.0.0.1:4318/v1/traces' })
    .optional(),
);

/**
 * Environment variables this module reads itself. The SDK reads OTEL_BSP_*,
 * OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME; its log processor does not read
 * OTEL_BLRP_* when built by hand, so those are passed on from here.
 */
export const TelemetryEnvSchema = z.object({
  /** The base endpoint: each signal without its own goes to BASE/v1/<signal> (OTel spec). */
  OTEL_EXPORTER_OTLP_ENDPOINT: OptionalUrlSchema,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: OptionalUrlSchema,
  OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: OptionalUrlSchema,
  OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: OptionalUrlSchema,
  OTEL_METRIC_EXPORT_INTERVAL: z.string().optional(),
  OTEL_METRIC_EXPORT_TIMEOUT: z.string().optional(),
  OTEL_BLRP_SCHEDULE_DELAY: z.string().optional(),
  OTEL_BLRP_EXPORT_TIMEOUT: z.string().optional(),
});
export type TelemetryEnv = z.infer<typeof TelemetryEnvSchema>;

export interface TelemetryOptions {
  env: TelemetryEnv;
  serviceVersion: string;
  /** Where warnings and errors go when no logs endpoint is set. */
  writeStderr: (line: string) => void;
}

export interface Telemetry {
  /** Which signals are exported, for the startup log. */
  exporting: { traces: boolean; metrics: boolean; logs: boolean };
  /** Exports everything buffered now: spans, then metrics, then logs. */
  flush(): Promise<void>;
  /** Flushes and stops the SDK; resolves after at most `deadlineMs` even if a store hangs. */
  shutdown(deadlineMs: number): Promise<void>;
}

function positiveInteger(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Writes warnings and errors as one line each; used only when logs are not exported. */
class StderrLogRecordProcessor implements LogRecordProcessor {
  constructor(private readonly write: (line: string) => void) {}
  onEmit(record: SdkLogRecord): void {
    if ((record.severityNumber ?? 0) < 13) return; // below WARN
    const attributes = JSON.stringify(record.attributes);
    this.write(`${record.severityText ?? 'WARN'} ${String(record.body)} ${attributes}`);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

export interface SignalEndpoints {
  traces: string | undefined;
  metrics: string | undefined;
  logs: string | undefined;
}

/** A signal's own endpoint is used as it is; else the base endpoint plus /v1/<signal>. */
export function signalEndpoints(env: TelemetryEnv): SignalEndpoints {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, '');
  const from = (own: string | undefined, signal: keyof SignalEndpoints): string | undefined =>
    own ?? (base === undefined ? undefined : `${base}/v1/${signal}`);
  return {
    traces: from(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'traces'),
    metrics: from(env.OTEL_EXPORTER_OTLP_METRICS_ENDPOINT, 'metrics'),
    logs: from(env.OTEL_EXPORTER_OTLP_LOGS_ENDPOINT, 'logs'),
  };
}

export function startTelemetry(options: TelemetryOptions): Telemetry {
  const { env } = options;
  const endpoints = signalEndpoints(env);
  registerDiagLogger(options.writeStderr);
  const spanProcessors = endpoints.traces ? [new BatchSpanProcessor(new OTLPTraceExporter({ url: endpoints.traces }))] : [];
  const interval = positiveInteger(env.OTEL_METRIC_EXPORT_INTERVAL, 60_000);
  const metricReaders = endpoints.metrics
    ? [
        new PeriodicExportingMetricReader({
          exporter: new OTLPMetricExporter({ url: endpoints.metrics }),
          exportIntervalMillis: interval,
          // the reader refuses a timeout longer than the interval
          exportTimeoutMillis: Math.min(positiveInteger(env.OTEL_METRIC_EXPORT_TIMEOUT, 30_000), interval),
        }),
      ]
    : [];
  const logRecordProcessors: LogRecordProcessor[] = endpoints.logs
    ? [
        new BatchLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: endpoints.logs }),
          scheduledDelayMillis: positiveInteger(env.OTEL_BLRP_SCHEDULE_DELAY, 1000),
          exportTimeoutMillis: positiveInteger(env.OTEL_BLRP_EXPORT_TIMEOUT, 30_000),
        }),
      ]
    : [new StderrLogRecordProcessor(options.writeStderr)];

  // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (read by the SDK's env detector) win
  // over these defaults, so the harness can stamp the worktree's identity on every record.
  const sdk = new NodeSDK({
    resource: defaultResource().merge(
      resourceFromAttributes({ 'service.name': DEFAULT_SERVICE_NAME, 'service.version': options.serviceVersion }),
    ),
    spanProcessors,
    metricReaders,
    logRecordProcessors,
    instrumentations: [],
  });
  sdk.start();

  const flush = async (): Promise<void> => {
    await Promise.all(spanProcessors.map((processor) => processor.forceFlush()));
    await Promise.all(metricReaders.map((reader) => reader.forceFlush()));
    await Promise.all(logRecordProcessors.map((processor) => processor.forceFlush()));
  };

  return {
    exporting: {
      traces: spanProcessors.length > 0,
      metrics: metricReaders.length > 0,
      logs: endpoints.logs !== undefined,
    },
    flush,
    async shutdown(deadlineMs) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, deadlineMs);
      });
      await Promise.race([sdk.shutdown().catch(() => undefined), deadline]);
      clearTimeout(timer);
    },
  };
}

/** The app's tracer. Spans are dropped unless traces are exported. */
export function tracer(): Tracer {
  return trace.getTracer(INSTRUMENTATION_SCOPE);
}

/** The app's meter. Call after startTelemetry: instruments made earlier stay no-ops. */
export function meter(): Meter {
  return metrics.getMeter(INSTRUMENTATION_SCOPE);
}
