import type { z } from 'zod';
import type { BrowserService } from '../service/browser-service.js';
import { browserTools, type BrowserToolName } from '../types/tools.js';

/** The daemon's method table as the browser sees it (providers/daemon-rpc's MethodRegistry fits). */
export interface MethodSink {
  add<P extends z.ZodType>(name: string, definition: { description: string; params: P; handler(params: z.infer<P>, call: unknown): Promise<unknown> }): void;
}

type Handlers = { [K in BrowserToolName]: (service: BrowserService, params: z.output<(typeof browserTools)[K]['params']>) => Promise<unknown> };

/** Each tool of the catalog, bound to the service that runs it in the daemon. */
const handlers: Handlers = {
  navigate: (s, p) => s.navigate(p),
  wait: (s, p) => s.wait(p),
  snapshot: (s, p) => s.snapshot(p),
  dom: (s, p) => s.dom(p),
  click: (s, p) => s.click(p),
  type: (s, p) => s.type(p),
  fill: (s, p) => s.fill(p),
  select: (s, p) => s.select(p),
  press: (s, p) => s.press(p),
  scroll: (s, p) => s.scroll(p),
  upload: (s, p) => s.upload(p),
  dialog: (s, p) => s.dialog(p),
  screenshot: (s, p) => s.screenshot(p),
  console: (s, p) => s.console(p),
  network: (s, p) => s.network(p),
  eval: (s, p) => s.evaluate(p),
  mark: (s) => s.mark(),
  diff: async (s, p) => s.diff(p),
  record: (s, p) => s.record(p),
  status: async (s) => s.status(),
  journey: (s, p) => s.journey(p),
  evidence: (s, p) => s.evidence(p),
};

/** Registers `browser.*`, `journey.run` and `evidence.run` on the daemon. */
export function registerBrowserMethods(registry: MethodSink, service: () => Promise<BrowserService>): void {
  for (const name of Object.keys(browserTools) as BrowserToolName[]) {
    const spec = browserTools[name];
    const handler = handlers[name] as (service: BrowserService, params: unknown) => Promise<unknown>;
    registry.add(spec.method, { description: spec.description, params: spec.params, handler: async (params) => handler(await service(), params) });
  }
}
