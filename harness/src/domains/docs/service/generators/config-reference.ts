import { z } from 'zod';
import '../../config/docs-config.js';
import type { GeneratedDoc, GeneratorContext } from '../../types/generator.js';
import { table } from './render.js';

type JSONSchema = z.core.JSONSchema.JSONSchema;

/** The zod registry id prefix a domain gives its harness.config.ts section schema. */
export const CONFIG_SECTION_ID_PREFIX = 'harness.config.';

/**
 * docs/generated/config.md: every harness.config.ts section whose domain registered its
 * zod schema (`Schema.meta({ id: 'harness.config.<section>', description })`), with each
 * field's type, default and description.
 */
export async function configReference(ctx: GeneratorContext): Promise<GeneratedDoc> {
  void ctx;
  const { schemas } = z.toJSONSchema(z.globalRegistry, { io: 'input', unrepresentable: 'any' });
  const sections = Object.entries(schemas)
    .filter(([id]) => id.startsWith(CONFIG_SECTION_ID_PREFIX))
    .sort(([a], [b]) => a.localeCompare(b));
  const parts = [
    "The sections of harness.config.ts, each validated by the domain that owns it. A domain's config layer registers its schema with `.meta({ id: 'harness.config.<section>' })` so it appears here. An unknown field is an error that names it.",
  ];
  for (const [id, schema] of sections) {
    const section = id.slice(CONFIG_SECTION_ID_PREFIX.length);
    parts.push(`## ${section}`);
    if (schema.description) parts.push(schema.description);
    const rows: string[][] = [];
    flatten(schema, section, rows);
    parts.push(rows.length > 0 ? table(['field', 'type', 'default', 'description'], rows) : 'No fields.');
  }
  if (sections.length === 0) parts.push('No section schemas are registered yet.');
  return { title: 'Config reference', owner: 'harness/shell', covers: ['harness/src/domains/*/config/**', 'harness/src/providers/project-config.ts'], body: parts.join('\n\n') };
}

function flatten(schema: JSONSchema, path: string, rows: string[][]): void {
  const required = new Set(schema.required ?? []);
  for (const [key, raw] of Object.entries(schema.properties ?? {})) {
    if (typeof raw === 'boolean') continue;
    const field = `${path}.${key}`;
    const optional = !required.has(key) && raw.default === undefined;
    rows.push([`\`${field}\``, `${typeName(raw)}${optional ? ' (optional)' : ''}`, raw.default === undefined ? '' : `\`${JSON.stringify(raw.default)}\``, raw.description ?? '']);
    if (raw.type === 'object' && raw.properties) flatten(raw, field, rows);
    const items = raw.items;
    if (raw.type === 'array' && items && typeof items === 'object' && !Array.isArray(items) && items.type === 'object') flatten(items, `${field}[]`, rows);
  }
}

function typeName(schema: JSONSchema): string {
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.$ref) return `see ${schema.$ref}`;
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return variants.map(typeName).join(' or ');
  if (schema.type === 'array') {
    const items = schema.items;
    return items && typeof items === 'object' && !Array.isArray(items) ? `${typeName(items)}[]` : 'array';
  }
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type ?? 'any';
}
