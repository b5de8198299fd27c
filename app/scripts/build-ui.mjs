#!/usr/bin/env node
// Bundles the browser code into app/dist/public: one ES module per page (each domain's
// ui/*-page.ts, with the zod schemas it shares with the server), the pages' HTML and the
// shared stylesheet. esbuild only strips types; `npm run typecheck` checks them
// (app/tsconfig.ui.json). Part of the root `npm run build`.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const domainsDir = join(appDir, 'src', 'domains');
const outDir = join(appDir, 'dist', 'public');

const entryPoints = [];
const pages = [];
for (const domain of readdirSync(domainsDir)) {
  const uiDir = join(domainsDir, domain, 'ui');
  for (const name of readdirSync(uiDir, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name)) {
    if (name.endsWith('-page.ts')) entryPoints.push({ in: join(uiDir, name), out: basename(name, '.ts') });
    if (name.endsWith('.html')) pages.push(join(uiDir, name));
  }
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
await build({
  entryPoints,
  outdir: outDir,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const file of [...pages, join(appDir, 'src', 'shell', 'public', 'app.css')]) {
  copyFileSync(file, join(outDir, basename(file)));
}
