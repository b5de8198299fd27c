import { request } from 'node:http';

/**
 * Ships the app's stdout and stderr lines to VictoriaLogs (JSON lines ingestion), so an
 * app without OTel logs is still queryable. Batched: one POST per 200 ms at most.
 * Lines that cannot be delivered (the store is down) are dropped; the log file keeps them.
 */
export class LogShipper {
  readonly #url: string;
  readonly #fields: Record<string, string>;
  #batch: string[] = [];
  #timer: NodeJS.Timeout | null = null;
  #inFlight: Promise<void> = Promise.resolve();

  constructor(logsBaseUrl: string, fields: Record<string, string>) {
    const streamFields = ['service.name', 'harness.env', 'log.iostream'].join(',');
    this.#url = `${logsBaseUrl}/insert/jsonline?_stream_fields=${streamFields}&_msg_field=_msg&_time_field=_time`;
    this.#fields = fields;
  }

  push(stream: 'stdout' | 'stderr', line: string): void {
    if (line.length === 0) return;
    this.#batch.push(JSON.stringify({ _time: new Date().toISOString(), _msg: line, 'log.iostream': stream, ...this.#fields }));
    if (this.#batch.length >= 500) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), 200);
  }

  /** Sends what is batched; resolves when every send so far has finished. */
  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#batch.length > 0) {
      const body = `${this.#batch.join('\n')}\n`;
      this.#batch = [];
      this.#inFlight = this.#inFlight.then(() => this.#post(body));
    }
    return this.#inFlight;
  }

  #post(body: string): Promise<void> {
    return new Promise((resolve) => {
      const req = request(this.#url, { method: 'POST', headers: { 'content-type': 'application/stream+json' }, timeout: 2000, agent: false }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      req.on('timeout', () => req.destroy());
      req.on('error', () => resolve());
      req.end(body);
    });
  }
}
