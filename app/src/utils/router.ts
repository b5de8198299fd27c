// A tiny method + path router. Patterns are literal segments and `:name` parameters;
// the pattern itself is what telemetry records as http.route. Owning this is simpler
// than a framework: the app has a handful of routes and no middleware chain.
import type { IncomingHttpHeaders } from 'node:http';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Methods whose requests carry a JSON body. */
export const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(['POST', 'PUT', 'PATCH']);

export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The parsed JSON body for POST, PUT and PATCH; undefined otherwise. Not yet validated. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

export type RouteReply =
  | { status: number; json: unknown; headers?: Readonly<Record<string, string>> }
  | { status: number; html: string }
  | { status: number; asset: { content: Buffer; contentType: string } }
  | { status: 204 };

export interface Route {
  method: HttpMethod;
  path: string;
  handler: (request: RouteRequest) => RouteReply | Promise<RouteReply>;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong-method'; path: string; allowed: HttpMethod[] }
  | { kind: 'not-found' };

interface CompiledRoute {
  route: Route;
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment.length > 0);
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const want = pattern[i] ?? '';
    const got = actual[i] ?? '';
    if (want.startsWith(':')) {
      params[want.slice(1)] = decodeSegment(got);
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // malformed %-escapes stay as typed; the handler rejects them
  }
}

export interface Router {
  match(method: string, path: string): RouteMatch;
  routes(): readonly Route[];
}

export function createRouter(routes: readonly Route[]): Router {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, segments: splitPath(route.path) }));
  return {
    routes: () => routes,
    match(method, path) {
      const actual = splitPath(path);
      const allowed: HttpMethod[] = [];
      let pathPattern = '';
      for (const { route, segments } of compiled) {
        const params = matchSegments(segments, actual);
        if (params === undefined) continue;
        if (route.method === method) return { kind: 'found', route, params };
        allowed.push(route.method);
        pathPattern = route.path;
      }
      return allowed.length > 0 ? { kind: 'wrong-method', path: pathPattern, allowed } : { kind: 'not-found' };
    },
  };
}
