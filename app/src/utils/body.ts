// Reads a JSON request body at the boundary: content type, size, UTF-8 and JSON syntax are
// checked here, so handlers only ever see a parsed (not yet validated) value. Every failure
// is a reply the client can act on, never an exception.
import type { IncomingMessage } from 'node:http';
import { messageOf } from './errors.js';
import { problem, type Problem } from './problem.js';

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413 | 415; problem: Problem; closeConnection: boolean }
  | { ok: false; status: 'aborted' };

export interface BodyLimits {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Beyond this many bytes the rest is not even read: the connection is closed instead. */
  discardBytes: number;
}

const JSON_MEDIA_TYPE = 'application/json';

function contentTypeProblem(given: string | undefined): Problem {
  return problem({
    what: given ? `unsupported content type "${given}"` : 'the request has no Content-Type header',
    why: 'this API reads JSON bodies only',
    fix: `send the body as JSON with the header "Content-Type: ${JSON_MEDIA_TYPE}"`,
  });
}

/** True for `application/json` with no charset or a UTF-8 one. */
export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const [mediaType = '', ...parameters] = header.split(';').map((part) => part.trim().toLowerCase());
  if (mediaType !== JSON_MEDIA_TYPE) return false;
  return parameters.every((parameter) => !parameter.startsWith('charset=') || /^charset="?utf-8"?$/.test(parameter));
}

async function collect(request: IncomingMessage, limits: BodyLimits): Promise<{ body: Buffer; size: number } | 'aborted'> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of request) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
      size += buffer.length;
      if (size <= limits.maxBytes) chunks.push(buffer);
      if (size > limits.discardBytes) break; // stop reading; the reply closes the connection
    }
  } catch {
    return 'aborted';
  }
  return { body: Buffer.concat(chunks), size };
}

export async function readJsonBody(request: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.discardBytes) {
    return { ok: false, status: 413, problem: tooLarge(declared, limits), closeConnection: true };
  }
  const typeOk = isJsonContentType(request.headers['content-type']);
  const read = await collect(request, limits);
  if (read === 'aborted') return { ok: false, status: 'aborted' };
  const closeConnection = read.size > limits.discardBytes;
  if (!typeOk) {
    return { ok: false, status: 415, problem: contentTypeProblem(request.headers['content-type']), closeConnection };
  }
  if (read.size > limits.maxBytes) {
    return { ok: false, status: 413, problem: tooLarge(read.size, limits), closeConnection };
  }
  return parseJson(read.body);
}

function tooLarge(size: number, limits: BodyLimits): Problem {
  return problem({
    what: `the request body is too large (${size} bytes or more)`,
    why: `bodies are limited to ${limits.maxBytes} bytes so one request cannot exhaust the server`,
    fix: `send a body of at most ${limits.maxBytes} bytes`,
  });
}

function malformed(what: string): BodyResult {
  return {
    ok: false,
    status: 400,
    closeConnection: false,
    problem: problem({
      what,
      why: 'the body must be one JSON value, so nothing was changed',
      fix: 'send valid JSON, for example {"title":"Buy milk"}',
    }),
  };
}

function parseJson(body: Buffer): BodyResult {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return malformed('the request body is not valid UTF-8');
  }
  if (text.trim().length === 0) return malformed('the request body is empty');
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch (error) {
    return malformed(`the request body is not valid JSON${jsonErrorHint(messageOf(error))}`);
  }
}

/** Where JSON.parse stopped, without quoting the body (the parser's message does; logs must not). */
function jsonErrorHint(message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position) return ` (error at character ${position})`;
  const token = /^Unexpected token '(.)'/u.exec(message)?.[1];
  if (token) return ` (unexpected "${token}")`;
  if (/end of JSON input/.test(message)) return ' (it ends too early)';
  return '';
}
