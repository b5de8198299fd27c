import { format } from 'node:util';
import { SeverityNumber, type Logger } from '@opentelemetry/api-logs';

const LEVELS = {
  debug: { number: SeverityNumber.DEBUG, text: 'DEBUG' },
  log: { number: SeverityNumber.INFO, text: 'INFO' },
  info: { number: SeverityNumber.INFO, text: 'INFO' },
  warn: { number: SeverityNumber.WARN, text: 'WARN' },
  error: { number: SeverityNumber.ERROR, text: 'ERROR' },
} as const;

/**
 * Makes every console.debug/log/info/warn/error of the app also a log record (the console
 * still prints as before). Records emitted inside a request carry its trace and span ids,
 * so a log line is found from the span and back.
 */
export function captureConsole(logger: Logger): void {
  let inside = false;
  for (const method of Object.keys(LEVELS) as Array<keyof typeof LEVELS>) {
    const original = console[method].bind(console);
    const level = LEVELS[method];
    console[method] = (...args: unknown[]): void => {
      original(...args);
      // An exporter that logs its own failure must not loop back into itself.
      if (inside) return;
      inside = true;
      try {
        logger.emit({ severityNumber: level.number, severityText: level.text, body: format(...args), attributes: { 'log.source': 'console' } });
      } finally {
        inside = false;
      }
    };
  }
}
