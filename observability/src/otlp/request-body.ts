import type { IncomingMessage } from 'node:http';
import { gunzipSync } from 'node:zlib';

/**
 * The body of an OTLP/HTTP export request, gunzipped when the exporter compressed it.
 * Rejects once the body passes `maxBytes` (and drops the connection), so an oversized
 * export cannot fill the memory of whoever receives it.
 */
export function readOtlpBody(req: IncomingMessage, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error(`request bigger than ${maxBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        const raw = Buffer.concat(chunks);
        resolve(req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}
