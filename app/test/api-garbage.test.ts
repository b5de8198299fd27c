// Throws garbage at the real app: malformed JSON, wrong content types, huge bodies, random
// bytes, broken HTTP, odd paths. Every answer must be a 4xx with the API's error shape
// (never a 500), and the process must keep serving afterwards.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskSchema } from '../src/domains/tasks/types/task.js';
import { ProblemSchema } from '../src/utils/problem.js';
import { disposeApp, startApp, type RunningApp } from './helpers/app-process.js';
import { request } from './helpers/http.js';

let app: RunningApp;
const statuses: number[] = [];

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await disposeApp(app);
});

async function send(path: string, options: Parameters<typeof request>[2]) {
  const reply = await request(app.url, path, options);
  statuses.push(reply.status);
  return reply;
}

/** Writes raw bytes on a fresh connection and returns what came back. */
function rawExchange(bytes: string | Buffer): Promise<string> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('end', () => resolve(received));
    socket.on('close', () => resolve(received));
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(received) : reject(error)));
    socket.write(bytes);
    socket.setTimeout(5000, () => socket.destroy());
  });
}

describe('malformed bodies', () => {
  it.each(['{', '{"title":', 'nul', '{"title":"a"} trailing', "{'title':'a'}", '\u0000\u0001'])('answers 400 for %j', async (raw) => {
    const reply = await send('/api/tasks', { method: 'POST', raw, headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(400);
    expect(ProblemSchema.parse(reply.json).error.what).toMatch(/not valid JSON/);
  });

  it('answers 400 for an empty body and for invalid UTF-8', async () => {
    const empty = await send('/api/tasks', { method: 'POST', raw: '', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(400);
    expect(ProblemSchema.parse(empty.json).error.what).toMatch(/empty/);
    const latin1 = await send('/api/tasks', { method: 'POST', raw: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), headers: { 'content-type': 'application/json' } });
    expect(latin1.status).toBe(400);
    expect(ProblemSchema.parse(latin1.json).error.what).toMatch(/UTF-8/);
  });

  it.each([
    ['text/plain', 'unsupported content type'],
    ['application/x-www-form-urlencoded', 'unsupported content type'],
    ['application/json; charset=latin1', 'unsupported content type'],
    [undefined, 'no Content-Type'],
  ])('answers 415 for content type %s', async (type, what) => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    // bytes, not a string: fetch would label a string text/plain on its own
    const reply = await send('/api/tasks', { method: 'POST', raw: Buffer.from('{"title":"a"}'), headers });
    expect(reply.status).toBe(415);
    expect(ProblemSchema.parse(reply.json).error.what).toContain(what);
  });

  it('accepts application/json with a UTF-8 charset', async () => {
    const reply = await send('/api/tasks', { method: 'POST', raw: '{"title":"ü"}', headers: { 'content-type': 'application/json; charset=UTF-8' } });
    expect(reply.status).toBe(201);
  });
});

describe('huge bodies', () => {
  it('answers 413 for a body over 64 KiB, even valid JSON', async () => {
    const reply = await send('/api/tasks', { method: 'POST', json: { title: 'big', notes: 'x'.repeat(70 * 1024) } });
    expect(reply.status).toBe(413);
    expect(ProblemSchema.parse(reply.json).error.fix).toMatch(/at most 65536 bytes/);
  });

  it('answers 413 for 5 MB of garbage', async () => {
    const reply = await send('/api/settings', { method: 'PUT', raw: randomBytes(5 * 1024 * 1024), headers: { 'content-type': 'application/json' } });
    expect(reply.status).toBe(413);
  });

  it('refuses a declared 1 GB body without reading it', async () => {
    const answer = await rawExchange(
      `POST /api/tasks HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${1024 ** 3}\r\n\r\n{"title":`,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/connection: close/i);
  });
});

describe('random input', () => {
  it('never answers 500 to a fixed set of hostile JSON values on every writing route', async () => {
    const task = await send('/api/tasks', { method: 'POST', json: { title: 'fuzz target' } });
    const { id } = TaskSchema.parse(task.json);
    const samples: unknown[] = [null, true, 0, -1, 1e308, '', 'x', [], [null], {}, { title: null }, { title: ['a'] }, { title: { a: 1 } },
      { title: 'a', notes: null }, { title: 'a', priority: 1 }, { done: 1 }, { displayName: 7 }, { pageSize: Number.MAX_SAFE_INTEGER + 2 }, { flags: [] }, { flags: null },
      { theme: { dark: true } }, { __proto__: { title: 'x' } }, { constructor: { prototype: { title: 1 } } }, { title: '\u0000'.repeat(120) },
      { title: '😀'.repeat(121) }, { title: '😀'.repeat(60) }];
    for (const value of samples) {
      for (const [method, path] of [['POST', '/api/tasks'], ['PATCH', `/api/tasks/${id}`], ['PUT', '/api/settings']] as const) {
        const reply = await send(path, { method, json: value });
        expect(reply.status, `${method} ${path} ${JSON.stringify(value)}`).toBeLessThan(500);
      }
    }
  });

  it('never answers 500 to random bytes', async () => {
    for (let i = 0; i < 50; i += 1) {
      const reply = await send('/api/tasks', { method: 'POST', raw: randomBytes(1 + (i * 97) % 4000), headers: { 'content-type': 'application/json' } });
      expect([400, 422, 201]).toContain(reply.status);
    }
  });
});

describe('Host header (DNS rebinding)', () => {
  /** node:http, unlike fetch, lets a test say which Host the request names. */
  const exchange = (method: string, host: string, body = ''): Promise<{ status: number; json: unknown }> => {
    const { hostname, port } = new URL(app.url);
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({ hostname, port, method, path: '/api/tasks', headers: { host, 'content-type': 'application/json' } }, (incoming) => {
        let text = '';
        incoming.on('data', (chunk: Buffer) => (text += chunk.toString()));
        incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, json: JSON.parse(text) }));
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  };

  it('answers 421 with what, why and the fix to a host that is not loopback, and changes nothing', async () => {
    const { port } = new URL(app.url);
    const before = (await request(app.url, '/api/tasks')).json;
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `192.168.1.5:${port}`]) {
      const answer = await exchange('POST', host, JSON.stringify({ title: 'planted by a web page' }));
      expect(answer.status, host).toBe(421);
      const { error } = ProblemSchema.parse(answer.json);
      expect(error.what).toBe(`this app does not answer to the host "${host}"`);
      expect(error.why).toMatch(/DNS rebinding/);
      expect(error.fix).toContain(`http://127.0.0.1:${port}`);
    }
    expect((await request(app.url, '/api/tasks')).json).toEqual(before);
  });

  it.each(['127.0.0.1', 'localhost', '[::1]', 'LOCALHOST'])('serves the loopback host %s, with or without the port', async (name) => {
    const { port } = new URL(app.url);
    expect((await exchange('GET', `${name}:${port}`)).status).toBe(200);
    expect((await exchange('GET', name)).status).toBe(200);
  });
});

describe('broken HTTP and odd paths', () => {
  it('answers a request line that is not HTTP with a 400 JSON error', async () => {
    const answer = await rawExchange('GARBAGE GARBAGE GARBAGE\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('"what":"the request is not valid HTTP"');
  });

  it('answers oversized headers with 431', async () => {
    const answer = await rawExchange(`GET /healthz HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 431 /);
  });

  it('answers an unparsable request target with 400', async () => {
    const answer = await rawExchange(`GET http://[bad/ HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });

  it.each([
    ['a dot-dot path', '/api/tasks/../settings'],
    ['doubled slashes', '//api//tasks'],
    ['an 8000-character path', `/${'a'.repeat(8000)}`],
    ['a NUL escape', '/api/tasks/%00'],
    ['a broken query escape', '/api/tasks?status=%ZZ'],
    ['an escaped traversal', '/assets/..%2Fpackage.json'],
  ])(
    'answers %s without a 500',
    async (_name, path) => {
      const answer = await rawExchange(`GET ${path} HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nConnection: close\r\n\r\n`);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]);
      statuses.push(status);
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(500);
    },
  );

  it('answers an unknown method with 405 or 400, never 500', async () => {
    for (const method of ['OPTIONS', 'TRACE', 'PROPFIND']) {
      const answer = await rawExchange(`${method} /api/tasks HTTP/1.1\r\nHost: ${new URL(app.url).host}\r\nConnection: close\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 (405|400) /);
    }
  });

  it('is still serving afterwards and never answered 500', async () => {
    const health = await request(app.url, '/healthz');
    expect(health.status).toBe(200);
    expect(statuses.length).toBeGreaterThan(100); // every reply above was recorded
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
    expect(app.stderr()).toBe('');
  });
});
