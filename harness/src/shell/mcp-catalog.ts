import type { Command } from 'commander';
import { z } from 'zod';
import type { AnyAgentTool } from '../utils/agent-tool.js';
import { HarnessError } from '../utils/diagnostic.js';
import { envTools } from '../domains/env/ui/tools.js';
import { telemetryTools } from '../domains/telemetry/ui/tools.js';
import { docsLintTool } from '../domains/docs/ui/tools.js';
import { architectureLintTool } from '../domains/architecture/ui/tools.js';
import { browserAgentTools } from '../domains/browser/ui/agent-tools.js';
import { extraLintCheckers } from './lint-checkers.js';

/**
 * The tools `harness mcp` serves, by group, each taken as is from its domain's `ui/`
 * layer: the MCP server adds no logic of its own to a tool, only the protocol around it.
 */

export const TOOL_GROUPS = ['env', 'browser', 'telemetry', 'architecture', 'docs'] as const;
export type ToolGroup = (typeof TOOL_GROUPS)[number];

export function toolCatalog(program: () => Command): Record<ToolGroup, AnyAgentTool[]> {
  return {
    env: [...envTools],
    browser: [...browserAgentTools],
    telemetry: [...telemetryTools],
    architecture: [architectureLintTool(extraLintCheckers(program()))],
    docs: [docsLintTool(program)],
  };
}

/** The groups named by `--tools env,telemetry`, or every group. */
export function parseToolGroups(list: string | undefined): ToolGroup[] {
  if (list === undefined) return [...TOOL_GROUPS];
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(TOOL_GROUPS as readonly string[]).includes(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new HarnessError({
      what: `--tools ${list}: ${unknown.length > 0 ? `unknown group ${unknown.join(', ')}` : 'no group named'}`,
      why: 'the MCP server serves the tools of the groups listed',
      fix: `list one or more of: ${TOOL_GROUPS.join(', ')} (e.g. --tools env,telemetry), or leave --tools out for all`,
    });
  }
  return TOOL_GROUPS.filter((g) => names.includes(g));
}

export function selectTools(catalog: Record<ToolGroup, AnyAgentTool[]>, groups: readonly ToolGroup[]): AnyAgentTool[] {
  return groups.flatMap((g) => catalog[g]);
}

/** What tools/list says of a tool (MCP `Tool`): its input as JSON Schema (draft-07), its hints as annotations. */
export interface ToolDescriptor {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; [key: string]: unknown };
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

export function describeTool(tool: AnyAgentTool): ToolDescriptor {
  const schema = z.toJSONSchema(tool.input, { io: 'input', target: 'draft-7' });
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: { ...schema, type: 'object' },
    annotations: {
      title: tool.title,
      readOnlyHint: tool.hints.readOnly === true,
      destructiveHint: tool.hints.destructive === true,
      idempotentHint: tool.hints.idempotent === true,
      // Most tools work on this worktree's own env on loopback; browser_navigate and
      // browser_eval can reach any URL.
      openWorldHint: tool.hints.openWorld === true,
    },
  };
}
