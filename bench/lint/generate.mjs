#!/usr/bin/env node
// Generates a synthetic repository with the six-layer layout and a known set of
// architecture violations, for bench/lint/run.mjs. Deterministic: the same arguments
// always give the same files, so both linters see exactly the same input.
//
//   node bench/lint/generate.mjs [--files 10000] [--out bench/.work/lint-repo]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LAYERS = ['types', 'config', 'repo', 'service', 'runtime', 'ui'];
/** How many import violations of each kind the generated repo holds (both linters must find these). */
export const PLANTED = { layers: 20, crossDomain: 20, providersOnly: 20, utilsPurity: 20 };
/** Taste violations, which only harness lint looks for: console calls, casts of parsed JSON, lower-case types, duplicate schemas. */
export const PLANTED_TASTE = { structuredLogging: 10, parseAtBoundary: 10, naming: 10, oneSchemaPerConcept: 5 };

const pad = (n, width = 2) => String(n).padStart(width, '0');

/**
 * Writes the repo and returns its shape: file count and the planted violations, each as
 * { kind, file, specifier } with repo-relative paths.
 */
export function generate({ files = 10_000, out }) {
  const providers = 40;
  const utils = 40;
  const domains = 60;
  const perLayer = Math.max(4, Math.round((files - providers - utils - 1) / (domains * LAYERS.length)));
  rmSync(out, { recursive: true, force: true });
  const planted = [];
  const written = new Map();
  const write = (rel, text) => written.set(rel, text);

  const domain = (d) => `d${pad(d)}`;
  const file = (k) => `f${pad(k)}`;
  // Each violation kind gets its own files, spread over the domains.
  const plantAt = (kind, i) => ({ kind, d: (i * 7 + (kind.length % 5)) % domains, k: 1 + ((i * 3) % (perLayer - 3)) });
  const plants = new Map();
  for (const [kind, count] of Object.entries(PLANTED)) {
    if (kind === 'utilsPurity') continue;
    for (let i = 0; i < count; i++) {
      const p = plantAt(kind, i);
      const layer = kind === 'layers' ? 'repo' : 'service';
      const key = `${domain(p.d)}/${layer}/${file(p.k)}`;
      if (plants.has(key)) throw new Error(`generator collision at ${key}`);
      plants.set(key, kind);
    }
  }

  for (let d = 0; d < domains; d++) {
    for (const [li, layer] of LAYERS.entries()) {
      for (let k = 0; k < perLayer; k++) {
        const rel = `src/domains/${domain(d)}/${layer}/${file(k)}.ts`;
        const imports = [];
        if (k + 1 < perLayer) imports.push(`./${file(k + 1)}.js`);
        if (li > 0) imports.push(`../${LAYERS[li - 1]}/${file(k)}.js`);
        if (layer === 'service') {
          imports.push(`../../../providers/p${pad((d * perLayer + k) % providers)}.js`);
          imports.push(`../../${domain((d + 1) % domains)}/types/${file(k)}.js`);
        }
        if (layer === 'repo' || layer === 'ui') imports.push(`../../../utils/u${pad((d + k) % utils)}.js`);
        const kind = plants.get(`${domain(d)}/${layer}/${file(k)}`);
        if (kind === 'layers') imports.push(`../ui/${file(perLayer - 1)}.js`);
        if (kind === 'crossDomain') imports.push(`../../${domain((d + 2) % domains)}/repo/${file(perLayer - 1)}.js`);
        if (kind === 'providersOnly') imports.push('better-sqlite3');
        if (kind) planted.push({ kind, file: rel, specifier: imports[imports.length - 1] });
        const taste = tastePlant(d, layer, k);
        if (taste) planted.push({ kind: taste, file: rel });
        // Ordinary code as in a real repository, so ESLint's share of the files is realistic
        // (about a third, as on this repository): service and runtime files log through a
        // provider's logger, and some repo files read JSON (cast to unknown, which is fine).
        const logger = layer === 'service' || layer === 'runtime' ? `../../../providers/p${pad((d * perLayer + k) % providers)}.js` : undefined;
        const readsJson = layer === 'repo' && k % 4 === 0;
        write(rel, moduleText({ name: `${domain(d)}${layer}${file(k)}`, imports, layer, taste, logger, readsJson }));
      }
    }
  }
  for (let p = 0; p < providers; p++) {
    write(`src/providers/p${pad(p)}.ts`, moduleText({ name: `provider${p}`, imports: ['better-sqlite3', '@opentelemetry/api'], layer: 'provider' }));
  }
  for (let u = 0; u < utils; u++) {
    const imports = [];
    if (u < PLANTED.utilsPurity) {
      imports.push(`../domains/${domain(u)}/types/${file(perLayer - 1)}.js`);
      planted.push({ kind: 'utilsPurity', file: `src/utils/u${pad(u)}.ts`, specifier: imports[0] });
    }
    write(`src/utils/u${pad(u)}.ts`, moduleText({ name: `util${u}`, imports, layer: 'util' }));
  }
  const mainImports = [];
  for (let d = 0; d < domains; d++) mainImports.push(`../domains/${domain(d)}/ui/${file(0)}.js`);
  write('src/shell/main.ts', moduleText({ name: 'main', imports: mainImports, layer: 'shell' }));

  write('package.json', `${JSON.stringify({ name: 'bench-lint-repo', private: true, type: 'module' }, null, 2)}\n`);
  write(
    'tsconfig.json',
    `${JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true }, include: ['src'] }, null, 2)}\n`,
  );
  write(
    'harness.config.ts',
    [
      "import { defineConfig } from 'agent-harness/config';",
      '',
      'export default defineConfig({',
      '  architecture: {',
      "    roots: [{ path: 'src' }],",
      "    crossCutting: ['better-sqlite3', '@opentelemetry/*'],",
      '  },',
      '});',
      '',
    ].join('\n'),
  );
  for (const [rel, text] of written) {
    const path = join(out, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  mkdirSync(join(out, '.git'), { recursive: true });
  const sourceFiles = [...written.keys()].filter((rel) => rel.startsWith('src/')).length;
  // One duplicate schema per pair of files: the first of each pair is the original.
  const duplicates = planted.filter((p) => p.kind === 'oneSchemaPerConcept');
  const shape = { files: sourceFiles, planted: planted.filter((p) => p.kind !== 'oneSchemaPerConcept' || p !== duplicates[0]) };
  writeFileSync(join(out, 'bench-shape.json'), `${JSON.stringify(shape)}\n`);
  return shape;
}

/** Which taste violation, if any, a file gets: spread over domains, each kind in its own layer. */
function tastePlant(d, layer, k) {
  if (k !== 2) return undefined;
  if (layer === 'runtime' && d < PLANTED_TASTE.structuredLogging) return 'structuredLogging';
  if (layer === 'repo' && d >= 30 && d < 30 + PLANTED_TASTE.parseAtBoundary) return 'parseAtBoundary';
  if (layer === 'config' && d < PLANTED_TASTE.naming) return 'naming';
  // The same shape in two domains: the later file (by path) is the duplicate.
  if (layer === 'types' && d >= 50 && d < 50 + PLANTED_TASTE.oneSchemaPerConcept) return 'oneSchemaPerConcept';
  return undefined;
}

/** A plausible module: imports, a schema or interface, a few functions, a log call where the layer logs. */
function moduleText({ name, imports, layer, taste, logger, readsJson }) {
  const lines = ['// Generated by bench/lint/generate.mjs.'];
  const used = [];
  imports.forEach((spec, i) => {
    if (spec.startsWith('.')) {
      lines.push(`import { value as v${i} } from '${spec}';`);
      used.push(`v${i}`);
    } else {
      lines.push(`import * as ext${i} from '${spec}';`);
      used.push(`typeof ext${i}`);
    }
  });
  if (layer === 'types') lines.push("import { z } from 'zod';");
  if (logger) lines.push(`import { logger } from '${logger}';`);
  lines.push('');
  const type = (taste === 'naming' ? 'lower' : '') + name.charAt(0).toUpperCase() + name.slice(1);
  if (layer === 'types') {
    lines.push(`export const ${type}Schema = z.object({ id: z.string(), ${name}: z.number().int().min(0) });`);
    lines.push(`export type ${type} = z.infer<typeof ${type}Schema>;`);
    if (taste === 'oneSchemaPerConcept') lines.push('export const AuditSchema = z.object({ actor: z.string(), at: z.number().int() });');
  } else {
    lines.push(`export interface ${type} {`, '  id: string;', '  count: number;', '}');
  }
  if (taste === 'structuredLogging') lines.push('', `console.log('loaded ${name}');`);
  if (taste === 'parseAtBoundary') lines.push('', `export const parsed = JSON.parse('{"id":"x","count":1}') as ${type};`);
  lines.push('');
  lines.push(`export const value = ${JSON.stringify(name)};`);
  lines.push('');
  lines.push(`export function describe${type}(input: ${layer === 'types' ? type : `${type}`}): string {`);
  lines.push(`  const parts = [${used.map((u) => (u.startsWith('typeof') ? `'${u.replace(/[^a-z0-9]/gi, '')}'` : `String(${u})`)).join(', ')}];`);
  lines.push('  if (input.id.length === 0) {');
  lines.push("    return 'empty';");
  lines.push('  }');
  lines.push("  return `${input.id}:${parts.join(',')}`;");
  lines.push('}');
  lines.push('');
  lines.push(`export function count${type}(items: readonly ${type}[]): number {`);
  lines.push('  let total = 0;');
  lines.push('  for (const item of items) {');
  lines.push(`    total += ${layer === 'types' ? 'item.id.length' : 'item.count'};`);
  lines.push('  }');
  if (logger) lines.push(`  logger.info('counted ${name}', { total, items: items.length });`);
  lines.push('  return total;');
  lines.push('}');
  lines.push('');
  if (readsJson) {
    lines.push(`export function read${type}(text: string): string {`);
    lines.push('  const raw = JSON.parse(text) as unknown;');
    lines.push("  return typeof raw === 'string' ? raw : '';");
    lines.push('}');
    lines.push('');
  }
  if (layer === 'provider') {
    lines.push('export const logger = {');
    lines.push('  info(message: string, attributes: Record<string, unknown>): void {');
    lines.push('    void message;');
    lines.push('    void attributes;');
    lines.push('  },');
    lines.push('};');
    lines.push('');
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
  };
  const here = dirname(fileURLToPath(import.meta.url));
  const out = arg('--out', join(here, '..', '.work', 'lint-repo'));
  const shape = generate({ files: Number(arg('--files', '10000')), out });
  process.stdout.write(`generated ${shape.files} source files with ${shape.planted.length} planted violations in ${relative(process.cwd(), out)}\n`);
}
