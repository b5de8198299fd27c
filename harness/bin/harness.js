#!/usr/bin/env node
// The `harness` binary: a thin shim over the compiled CLI (no TypeScript loader, for cold start).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/shell/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'harness: the CLI is not built (harness/dist/shell/cli.js is missing)\n' +
      '  why: the binary runs compiled JavaScript so that each call starts fast\n' +
      '  fix: run `npm run setup` (or `npm run build`) at the repository root\n',
  );
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
