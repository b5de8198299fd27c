import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Small pages for the browser tests, served on 127.0.0.1 by the test itself: a form with
 * a list (the shape of the reference app's tasks page), an iframe, a page that hangs its
 * renderer, and a tall page. Every request's headers are kept so tests can check the
 * traceparent an action sent.
 */
export interface FixtureSite {
  url: string;
  requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

const FORM_PAGE = `<!doctype html><html><head><title>Fixture tasks</title></head><body>
<header><nav><a href="/other">Other page</a></nav></header>
<main>
<h1>Tasks</h1>
<form id="new-task">
  <label>Title <input id="title" name="title" placeholder="What needs doing?" required></label>
  <label><input type="checkbox" id="urgent"> Urgent</label>
  <label>Owner <select id="owner"><option value="ann">Ann</option><option value="bob">Bob</option></select></label>
  <button type="submit" id="add">Add task</button>
</form>
<p id="status" role="status"></p>
<ul id="list"></ul>
<button id="alert" onclick="alert('hello from the page')">Alert me</button>
<iframe id="frame" title="Help frame" src="/frame" style="width:300px;height:120px"></iframe>
</main>
<script>
document.getElementById('new-task').addEventListener('submit', async (e) => {
  e.preventDefault();
  const title = document.getElementById('title').value;
  console.log('adding task', title);
  const res = await fetch('/api/tasks', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title }) });
  if (!res.ok) { console.error('create failed with', res.status); document.getElementById('status').textContent = 'Error ' + res.status; return; }
  const li = document.createElement('li'); li.textContent = title; document.getElementById('list').append(li);
  document.getElementById('status').textContent = 'Added';
});
</script></body></html>`;

const FRAME_PAGE = `<!doctype html><html><body><p>Inside the frame</p><button id="inner">Inner button</button></body></html>`;
const HANG_PAGE = `<!doctype html><html><head><title>Hang</title></head><body><button id="spin" onclick="for(;;){}">Spin forever</button></body></html>`;
const TALL_PAGE = `<!doctype html><html><head><title>Tall</title><style>body{margin:0}div{height:5000px;background:linear-gradient(#fff,#36c)}</style></head><body><div>top</div></body></html>`;
const OTHER_PAGE = `<!doctype html><html><head><title>Other</title></head><body><h1>Other</h1><a href="/">Back to tasks</a></body></html>`;

/**
 * A stand-in backend's telemetry: when set, POST /api/tasks records a server span (with
 * VictoriaTraces' field names) and a log line under the request's traceparent, the way
 * an OTel-instrumented app would.
 */
export interface FixtureTelemetry {
  record(traceparent: string, failed: boolean): Promise<void>;
}

export async function startFixtureSite(options: { failCreate?: boolean; telemetry?: FixtureTelemetry } = {}): Promise<FixtureSite> {
  const requests: FixtureSite['requests'] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    requests.push({ method: req.method ?? 'GET', path, headers: req.headers });
    const html = (body: string): void => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(body);
    };
    if (path === '/') return html(FORM_PAGE);
    if (path === '/frame') return html(FRAME_PAGE);
    if (path === '/hang') return html(HANG_PAGE);
    if (path === '/tall') return html(TALL_PAGE);
    if (path === '/other') return html(OTHER_PAGE);
    if (path === '/never') return; // never answers
    if (path === '/api/tasks' && req.method === 'POST') {
      req.resume();
      req.on('end', async () => {
        const traceparent = req.headers.traceparent;
        if (options.telemetry && typeof traceparent === 'string') await options.telemetry.record(traceparent, options.failCreate === true);
        res.writeHead(options.failCreate ? 500 : 201, { 'content-type': 'application/json' });
        res.end(options.failCreate ? '{"error":"constraint failed"}' : '{"id":1}');
      });
      return;
    }
    res.writeHead(404);
    res.end('not found');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
