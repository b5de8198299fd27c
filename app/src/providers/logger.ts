// Structured logs through the OpenTelemetry logs API: a message plus an attributes
// object, with the active span's trace context attached by the SDK. This is the app's
// only way to log; nothing in app/src writes to the console.
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { INSTRUMENTATION_SCOPE } from './telemetry.js';

export type LogAttributes = Readonly<Record<string, string | number | boolean | undefined>>;

export interface Logger {
  debug(message: string, attributes?: LogAttributes): void;
  info(message: string, attributes?: LogAttributes): void;
  warn(message: string, attributes?: LogAttributes): void;
  error(message: string, attributes?: LogAttributes): void;
}

function emit(severityNumber: SeverityNumber, severityText: string, message: string, attributes: LogAttributes = {}): void {
  const defined: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) defined[key] = value;
  }
  logs.getLogger(INSTRUMENTATION_SCOPE).emit({ severityNumber, severityText, body: message, attributes: defined });
}

export const logger: Logger = {
  debug: (message, attributes) => emit(SeverityNumber.DEBUG, 'DEBUG', message, attributes),
  info: (message, attributes) => emit(SeverityNumber.INFO, 'INFO', message, attributes),
  warn: (message, attributes) => emit(SeverityNumber.WARN, 'WARN', message, attributes),
  error: (message, attributes) => emit(SeverityNumber.ERROR, 'ERROR', message, attributes),
};

/** The semantic-convention attributes of an exception, for an error log. */
export function exceptionAttributes(error: unknown): LogAttributes {
  if (error instanceof Error) {
    return { 'exception.type': error.name, 'exception.message': error.message, 'exception.stacktrace': error.stack };
  }
  return { 'exception.type': typeof error, 'exception.message': String(error) };
}
