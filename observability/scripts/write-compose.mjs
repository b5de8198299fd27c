#!/usr/bin/env node
// Rewrites docker-compose.yml from the pinned versions and dev flags (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const { renderCompose } = await import(new URL('../dist/stack/compose.js', import.meta.url).href);
const target = fileURLToPath(new URL('../../docker-compose.yml', import.meta.url));
writeFileSync(target, renderCompose());
process.stderr.write(`wrote ${target}\n`);
