import { Worker } from 'node:worker_threads';
import type { ICruiseResult } from 'dependency-cruiser';
import type { ArchitectureModel } from '../model/schema.js';

/**
 * Cruises the model's roots with the generated config (import rules only; the graph rules
 * run over the result in graphFindings) on a worker thread, so that a caller can lint
 * with ESLint on the main thread at the same time.
 */
export function cruiseGraph(root: string, model: ArchitectureModel): Promise<ICruiseResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { root, model } });
    let settled = false;
    worker.once('message', (message: unknown) => {
      settled = true;
      if (typeof message === 'object' && message !== null && 'ok' in message && message.ok === true && 'result' in message && isCruiseResult(message.result)) {
        resolve(message.result);
      } else {
        const error = typeof message === 'object' && message !== null && 'error' in message ? String(message.error) : 'no result';
        reject(new Error(`dependency-cruiser failed: ${error}`));
      }
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`dependency-cruiser's worker exited with code ${code} before answering`));
    });
  });
}

/** The result as dependency-cruiser produced it (its own schema validated it); a string would be a formatted report instead. */
function isCruiseResult(value: unknown): value is ICruiseResult {
  return typeof value === 'object' && value !== null && 'modules' in value && Array.isArray(value.modules) && 'summary' in value;
}
