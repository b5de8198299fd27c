import { DiagLogLevel, diag } from '@opentelemetry/api';
import { logs as logsApi } from '@opentelemetry/api-logs';
import { NodeSDK, logs, metrics, tracing } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { captureConsole } from './console-capture.js';
import { JourneyBaggageSpanProcessor } from './journey-baggage.js';
import { CAPTURE_CONSOLE_ENV } from './path.js';

export interface Telemetry {
  /** Which signals are exported (a signal without an endpoint is off). */
  signals: Array<'traces' | 'metrics' | 'logs'>;
  /** Exports everything recorded so far: spans, a metrics collection, log records. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** The signal's own endpoint variable, or the generic one the exporters fall back to. */
function hasEndpoint(env: NodeJS.ProcessEnv, signal: 'TRACES' | 'METRICS' | 'LOGS'): boolean {
  return Boolean(env[`OTEL_EXPORTER_OTLP_${signal}_ENDPOINT`] || env.OTEL_EXPORTER_OTLP_ENDPOINT);
}

/**
 * Starts the OTel SDK for an app that knows nothing about it: HTTP server and client spans,
 * HTTP metrics, console output as log records, all as OTLP/HTTP protobuf to the
 * OTEL_EXPORTER_OTLP_* endpoints. Service name and resource attributes come from
 * OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES (the SDK's env detector). Spans of a
 * request that carried `baggage: harness.journey=NAME` get that attribute.
 */
export function startTelemetry(env: NodeJS.ProcessEnv = process.env): Telemetry {
  // Exporter failures go to stderr, never through console (which is captured).
  diag.setLogger(
    {
      error: (message, ...args) => void process.stderr.write(`[harness-otel] ${message} ${args.map(String).join(' ')}\n`),
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      verbose: () => undefined,
    },
    DiagLogLevel.ERROR,
  );
  const spanProcessor = hasEndpoint(env, 'TRACES') ? new tracing.BatchSpanProcessor(new OTLPTraceExporter()) : null;
  const metricReader = hasEndpoint(env, 'METRICS')
    ? new metrics.PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        // Dev default: every 10 s instead of the SDK's 60 s (SIGUSR2 exports at once anyway).
        exportIntervalMillis: Number(env.OTEL_METRIC_EXPORT_INTERVAL) || 10_000,
      })
    : null;
  const logProcessor = hasEndpoint(env, 'LOGS') ? new logs.BatchLogRecordProcessor({ exporter: new OTLPLogExporter() }) : null;

  const sdk = new NodeSDK({
    spanProcessors: spanProcessor ? [new JourneyBaggageSpanProcessor(), spanProcessor] : [],
    metricReaders: metricReader ? [metricReader] : [],
    logRecordProcessors: logProcessor ? [logProcessor] : [],
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
  if (logProcessor && env[CAPTURE_CONSOLE_ENV] !== '0') captureConsole(logsApi.getLogger('console'));

  const signals: Telemetry['signals'] = [];
  if (spanProcessor) signals.push('traces');
  if (metricReader) signals.push('metrics');
  if (logProcessor) signals.push('logs');
  return {
    signals,
    async flush() {
      await Promise.allSettled([spanProcessor?.forceFlush(), metricReader?.forceFlush(), logProcessor?.forceFlush()]);
    },
    shutdown: () => sdk.shutdown(),
  };
}
