// The built browser files (app/dist/public, made by app/scripts/build-ui.mjs), read once
// at startup. Serving from memory keeps request paths out of the file system entirely.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { problem } from '../utils/problem.js';
import type { Route } from '../utils/router.js';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

export interface StaticAssets {
  page(name: string): string;
  route: Route;
}

/** Throws when the build output is missing; main turns that into a diagnostic. */
export function loadStaticAssets(publicDir: string): StaticAssets {
  const files = new Map<string, { content: Buffer; contentType: string }>();
  for (const name of readdirSync(publicDir)) {
    const contentType = CONTENT_TYPES[extname(name)];
    if (contentType) files.set(name, { content: readFileSync(join(publicDir, name)), contentType });
  }
  return {
    page(name) {
      const file = files.get(name);
      if (!file) throw new Error(`${join(publicDir, name)} is missing`);
      return file.content.toString('utf8');
    },
    route: {
      method: 'GET',
      path: '/assets/:file',
      handler: ({ params }) => {
        const file = files.get(params.file ?? '');
        if (file) return { status: 200, asset: file };
        return {
          status: 404,
          json: problem({
            what: `no asset named "${params.file}"`,
            why: 'assets are the files the build put in app/dist/public',
            fix: 'load the pages at / and /settings, which reference the assets they need; rebuild with npm run build if one is missing',
          }),
        };
      },
    },
  };
}
