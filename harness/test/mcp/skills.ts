import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * Reads the skills under .agents/skills/ the way the skills test needs them: the
 * frontmatter, the commands of their ```sh blocks (in order, with the exit codes and the
 * text their trailing comment documents), the `npx harness …` commands named inline in the prose,
 * and the MCP tool names they mention.
 */

export const FrontmatterSchema = z.object({
  // The agent skills spec: 1-64 lowercase letters, digits and single hyphens, matching the folder.
  name: z
    .string()
    .max(64)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  description: z.string().min(1).max(1024),
});

export interface SkillCommand {
  line: number;
  command: string;
  /** 0, plus the code a trailing `# exits N when …` comment documents. */
  exitCodes: number[];
  /** Text the answer shows, from a trailing `# expect: TEXT` comment (up to a `;` or the end). */
  expect?: string;
}

export interface Skill {
  folder: string;
  path: string;
  frontmatter: unknown;
  commands: SkillCommand[];
  /** `npx harness a b` named in prose: the command words only. */
  inlineCommands: string[][];
  /** snake_case names that look like MCP tools (env_up, logs_query, …). */
  toolNames: string[];
}

const TOOL_NAME = /`((?:env|logs|metrics|traces|budgets|docs|browser|journey|evidence)_[a-z_]+)`/g;

function parseBlock(lines: string[], firstLine: number): SkillCommand[] {
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  const commands: SkillCommand[] = [];
  let pending = '';
  let start = firstLine;
  lines.forEach((raw, i) => {
    const line = raw.slice(indent);
    if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (!pending) start = firstLine + i;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      return;
    }
    const full = pending + line;
    pending = '';
    const comment = /\s{2,}#\s(.*)$/.exec(full);
    const command = (comment ? full.slice(0, comment.index) : full).trim();
    const documented = comment ? /\bexits? (\d)\b/.exec(comment[1]!) : null;
    const expected = comment ? /\bexpect: ([^;]+)/.exec(comment[1]!) : null;
    commands.push({ line: start, command, exitCodes: documented ? [0, Number(documented[1])] : [0], ...(expected ? { expect: expected[1]!.trim() } : {}) });
  });
  return commands;
}

export function readSkill(root: string, folder: string): Skill {
  const path = join(root, '.agents', 'skills', folder, 'SKILL.md');
  const text = readFileSync(path, 'utf8');
  const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
  const frontmatter: unknown = match ? parseYaml(match[1]!) : null;
  const lines = text.split('\n');
  const commands: SkillCommand[] = [];
  const prose: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^\s*```(\w*)\s*$/.exec(lines[i]!);
    if (!fence) {
      prose.push(lines[i]!);
      continue;
    }
    const body: string[] = [];
    const first = i + 2;
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!);
    if (['sh', 'bash', 'shell'].includes(fence[1]!)) commands.push(...parseBlock(body, first));
  }
  const proseText = prose.join('\n');
  const inlineCommands = [...proseText.matchAll(/`npx harness ([^`]*)`/g)].map((m) => {
    const words: string[] = [];
    for (const word of m[1]!.split(/\s+/)) {
      if (!/^[a-z][a-z-]*$/.test(word)) break;
      words.push(word);
    }
    return words;
  });
  const toolNames = [...new Set([...text.matchAll(TOOL_NAME)].map((m) => m[1]!))];
  return { folder, path, frontmatter, commands, inlineCommands, toolNames };
}

export function skillFolders(root: string): string[] {
  return readdirSync(join(root, '.agents', 'skills'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}
