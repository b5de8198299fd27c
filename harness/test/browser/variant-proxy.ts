import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The planted bug (app/test/fixtures/planted-bug/): a script the buggy variant of the tasks page loads first. */
export const PLANTED_BUG = fileURLToPath(new URL('../../../app/test/fixtures/planted-bug/rename-title.js', import.meta.url));

export interface VariantProxy {
  url: string;
  /** `buggy` serves the tasks page with the planted bug; `fixed` serves it as the app does. */
  variant: 'buggy' | 'fixed';
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the real app that serves a fixture variant of its tasks
 * page: the app's own HTML with the planted-bug script added to its head. Everything else
 * (assets, the API, traceparent headers) goes to the app untouched, so the backend's
 * spans and logs are the real ones.
 */
export async function startVariantProxy(appUrl: string): Promise<VariantProxy> {
  const app = new URL(appUrl);
  const bug = readFileSync(PLANTED_BUG, 'utf8');
  const state: VariantProxy = { url: '', variant: 'buggy', close: async () => undefined };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/__fixture/planted-bug.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(bug);
      return;
    }
    const upstream = request({ host: app.hostname, port: app.port, method: req.method, path, headers: { ...req.headers, host: app.host } }, (answer) => {
      const isTasksPage = req.method === 'GET' && (path === '/' || path.startsWith('/?')) && String(answer.headers['content-type'] ?? '').includes('text/html');
      if (!isTasksPage || state.variant === 'fixed') {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        return;
      }
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        const html = Buffer.concat(chunks).toString('utf8').replace('<head>', '<head>\n  <script src="/__fixture/planted-bug.js"></script>');
        const headers = { ...answer.headers };
        delete headers['content-length'];
        res.writeHead(answer.statusCode ?? 200, headers);
        res.end(html);
      });
    });
    upstream.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`proxy: ${error.message}`);
    });
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  state.url = `http://127.0.0.1:${port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
