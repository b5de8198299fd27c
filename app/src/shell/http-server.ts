// The app's HTTP server (node:http, no framework): observe the request, route it, read the
// body for POST/PUT/PATCH, call the handler and write its reply. Bad input of any kind
// ends in a 4xx with the API's error shape; only a bug in the app answers 500.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { HttpInstrumentation } from '../providers/http-instrumentation.js';
import { exceptionAttributes, logger } from '../providers/logger.js';
import { readJsonBody, type BodyLimits } from '../utils/body.js';
import { isLoopbackHost } from '../utils/host-header.js';
import { problem, ProblemSchema } from '../utils/problem.js';
import { BODY_METHODS, type RouteReply, type Router } from '../utils/router.js';

export const BODY_LIMITS: BodyLimits = { maxBytes: 64 * 1024, discardBytes: 8 * 1024 * 1024 };

const API_PATHS = '/api/tasks, /api/tasks/:id, /api/settings, /healthz, and the pages / and /settings';

interface Outcome {
  reply: RouteReply;
  route: string | undefined;
  closeConnection: boolean;
}

function notFound(path: string): RouteReply {
  return {
    status: 404,
    json: problem({ what: `nothing is served at ${path}`, why: 'no route matches this path', fix: `use one of ${API_PATHS}` }),
  };
}

function misdirected(host: string, port: number): RouteReply {
  return {
    status: 421,
    json: problem({
      what: `this app does not answer to the host "${host}"`,
      why: 'it serves loopback names only, so that a web page whose domain resolves to 127.0.0.1 (DNS rebinding) cannot drive the API',
      fix: `request http://127.0.0.1:${port} (or localhost:${port}, [::1]:${port}) directly`,
    }),
  };
}

async function dispatch(request: IncomingMessage, router: Router, port: number): Promise<Outcome> {
  if (!isLoopbackHost(request.headers.host)) {
    // the body, if any, is not read: close rather than parse what follows it
    return { reply: misdirected(request.headers.host ?? '', port), route: undefined, closeConnection: true };
  }
  const method = (request.method ?? 'GET').toUpperCase();
  let url: URL;
  try {
    url = new URL(request.url ?? '/', 'http://localhost');
  } catch {
    const reply: RouteReply = {
      status: 400,
      json: problem({
        what: `the request target "${request.url}" is not a valid URL`,
        why: 'the server cannot tell which resource is meant',
        fix: `request a path such as /api/tasks`,
      }),
    };
    return { reply, route: undefined, closeConnection: false };
  }
  // HEAD is answered like GET without a body (node drops the body of a HEAD reply).
  const match = router.match(method === 'HEAD' ? 'GET' : method, url.pathname);
  if (match.kind === 'not-found') return { reply: notFound(url.pathname), route: undefined, closeConnection: false };
  if (match.kind === 'wrong-method') {
    const allowed = match.allowed.join(', ');
    const reply: RouteReply = {
      status: 405,
      headers: { allow: allowed },
      json: problem({
        what: `${method} is not allowed on ${match.path}`,
        why: `this path answers ${allowed} only`,
        fix: `send the request as ${allowed}`,
      }),
    };
    return { reply, route: match.path, closeConnection: false };
  }
  const { route, params } = match;
  let body: unknown = undefined;
  if (BODY_METHODS.has(route.method)) {
    const read = await readJsonBody(request, BODY_LIMITS);
    if (!read.ok) {
      if (read.status === 'aborted') return { reply: { status: 400, json: null }, route: route.path, closeConnection: true };
      return { reply: { status: read.status, json: read.problem }, route: route.path, closeConnection: read.closeConnection };
    }
    body = read.value;
  }
  const reply = await route.handler({ params, query: url.searchParams, body, headers: request.headers });
  return { reply, route: route.path, closeConnection: false };
}

function send(response: ServerResponse, outcome: Outcome, traceId: string | undefined): void {
  if (response.headersSent || response.destroyed) return;
  const { reply } = outcome;
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff' };
  if (traceId) headers['x-trace-id'] = traceId;
  if (outcome.closeConnection) headers.connection = 'close';
  let payload: string | Buffer | undefined;
  if ('json' in reply) {
    Object.assign(headers, reply.headers, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    payload = JSON.stringify(reply.json);
  } else if ('html' in reply) {
    Object.assign(headers, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    payload = reply.html;
  } else if ('asset' in reply) {
    Object.assign(headers, { 'content-type': reply.asset.contentType, 'cache-control': 'no-cache' });
    payload = reply.asset.content;
  }
  response.writeHead(reply.status, headers);
  response.end(payload);
}

function errorWhat(reply: RouteReply): string | undefined {
  if (!('json' in reply) || reply.status < 400) return undefined;
  const parsed = ProblemSchema.safeParse(reply.json);
  return parsed.success ? parsed.data.error.what : undefined;
}

export interface AppServerDeps {
  router: Router;
  instrumentation: HttpInstrumentation;
}

export function createAppServer({ router, instrumentation }: AppServerDeps): Server {
  const server = createServer((request, response) => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const observed = instrumentation.observe(request, port);
    void observed.within(async () => {
      const started = performance.now();
      let outcome: Outcome;
      try {
        outcome = await dispatch(request, router, port);
      } catch (error) {
        logger.error('request failed', { 'url.path': request.url, ...exceptionAttributes(error) });
        const reply: RouteReply = {
          status: 500,
          json: problem({
            what: 'the app failed while handling this request',
            why: 'this is a bug in the app, not a problem with the request',
            fix: `report it with the trace id ${observed.traceId ?? '(none)'}; the app's error log has the details`,
          }),
        };
        outcome = { reply, route: undefined, closeConnection: false };
      }
      send(response, outcome, observed.traceId);
      observed.end({ status: outcome.reply.status, route: outcome.route });
      logger.info('request handled', {
        'http.request.method': request.method,
        'url.path': request.url?.split('?')[0],
        'http.route': outcome.route,
        'http.response.status_code': outcome.reply.status,
        'duration_ms': Math.round((performance.now() - started) * 100) / 100,
        'error.what': errorWhat(outcome.reply),
      });
    });
  });

  // Requests node cannot even parse (bad request line, oversized headers) get the same
  // JSON error shape instead of node's bare default reply.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = JSON.stringify(
      problem({
        what: status === 431 ? 'the request headers are too large' : 'the request is not valid HTTP',
        why: 'the server could not read it at all',
        fix: status === 431 ? 'send fewer or smaller headers' : 'send a well-formed HTTP/1.1 request',
      }),
    );
    const reason = status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
