// Runs dependency-cruiser in a worker thread (see cruise/run.ts): the cruise is the
// longest single piece of `harness lint`, and on its own thread it overlaps the ESLint
// pass instead of following it.
import { parentPort, workerData } from 'node:worker_threads';
import { cruise } from 'dependency-cruiser';
import { parseModel } from '../model/parse.js';
import { cruiserConfig } from './config.js';

const data: unknown = workerData;
const root = typeof data === 'object' && data !== null && 'root' in data && typeof data.root === 'string' ? data.root : '';
const model = parseModel(typeof data === 'object' && data !== null && 'model' in data ? data.model : undefined);
try {
  const { output } = await cruise(
    model.roots.map((r) => r.path),
    { ...cruiserConfig(model, { graphRules: false }), baseDir: root },
  );
  parentPort?.postMessage({ ok: true, result: output });
} catch (error) {
  parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
}
