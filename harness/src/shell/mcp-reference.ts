import type { ToolDescriptor } from './mcp-catalog.js';

/** Text and markdown listings of the MCP tools (`harness mcp tools`, docs/generated/mcp-tools.md). */

interface Property {
  type?: string | string[];
  enum?: unknown[];
  items?: Property;
  description?: string;
  default?: unknown;
  properties?: Record<string, Property>;
}

function typeOf(p: Property): string {
  if (p.enum) return p.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (p.type === 'array') return `${p.items ? typeOf(p.items) : 'any'}[]`;
  if (p.type === 'object' && p.properties) return `{ ${Object.keys(p.properties).join(', ')} }`;
  if (Array.isArray(p.type)) return p.type.join(' \\| ');
  return p.type ?? 'any';
}

function properties(tool: ToolDescriptor): [string, Property, boolean][] {
  const props = (tool.inputSchema.properties ?? {}) as Record<string, Property>;
  const required = new Set((tool.inputSchema.required ?? []) as string[]);
  return Object.entries(props).map(([name, p]) => [name, p, required.has(name)]);
}

const firstSentence = (text: string): string => /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;

export function renderToolList(tools: ToolDescriptor[]): string {
  const width = Math.max(...tools.map((t) => t.name.length));
  const lines = tools.map((t) => {
    const args = properties(t).map(([name, , required]) => (required ? name : `${name}?`));
    return `${t.name.padEnd(width)}  ${firstSentence(t.description)}${args.length ? `  (${args.join(', ')})` : ''}`;
  });
  return [`${tools.length} tools (full descriptions and schemas: harness mcp tools --json)`, ...lines].join('\n');
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

export function renderToolReference(tools: ToolDescriptor[]): string {
  const sections = [
    `The ${tools.length} tools \`harness mcp\` serves, read from the tool definitions in each domain's \`ui/\` layer (harness/src/shell/mcp-catalog.ts lists them). Input schemas are published as JSON Schema (draft-07); \`harness mcp tools --json\` prints them whole. Design: [agent-interfaces.md](../design-docs/agent-interfaces.md).`,
  ];
  for (const tool of tools) {
    const hints = [tool.annotations.readOnlyHint ? 'read-only' : 'changes state', tool.annotations.destructiveHint ? 'destructive' : '', tool.annotations.idempotentHint ? 'idempotent' : '', tool.annotations.openWorldHint ? 'reaches any URL' : ''].filter(Boolean).join(', ');
    const parts = [`## ${tool.name}`, `${tool.title} (${hints}). ${tool.description}`];
    const rows = properties(tool).map(([name, p, required]) => `| \`${name}\` | ${cell(typeOf(p))} | ${required ? 'yes' : 'no'} | ${cell(p.description ?? '')}${p.default !== undefined ? ` (default: \`${JSON.stringify(p.default)}\`)` : ''} |`);
    parts.push(rows.length ? ['| argument | type | required | description |', '| --- | --- | --- | --- |', ...rows].join('\n') : 'No arguments.');
    sections.push(parts.join('\n\n'));
  }
  return sections.join('\n\n');
}
