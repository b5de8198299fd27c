import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { AnyAgentTool } from '../utils/agent-tool.js';
import { formatDiagnostic, type Diagnostic } from '../utils/diagnostic.js';
import { pngSize } from '../utils/png.js';
import { cutToBudget } from '../utils/text-budget.js';
import { ensureStateDir } from '../domains/env/repo/state-files.js';
import { envPaths } from '../domains/env/types/paths.js';

/**
 * Turns a tool's answer into an MCP result shaped for a context window: the tool's own
 * text, cut at a budget with a note saying where the whole answer was saved; the PNGs it
 * points at as image content, within a count and size budget, the others named by path.
 * Failures are results with isError and the Diagnostic's what/why/fix, never protocol
 * errors, so the agent reads the fix.
 */

export interface ResultBudget {
  /** Characters of text per answer (about a quarter as many tokens). */
  maxChars: number;
  /** Images per answer. */
  maxImages: number;
  /** Bytes of image data per answer (before base64). */
  maxImageBytes: number;
  /** Longest side of an image sent inline; larger ones are named by path. */
  maxImageSide: number;
}

export const DEFAULT_BUDGET: ResultBudget = { maxChars: 20_000, maxImages: 4, maxImageBytes: 3_000_000, maxImageSide: 1568 };

/** Where cut answers are saved in full: `<worktree>/.harness/artifacts/mcp/` (git-ignored, 0700). */
function saveFullText(worktree: string, tool: string, text: string): string {
  ensureStateDir(worktree);
  const dir = join(envPaths(worktree).dir, 'artifacts', 'mcp');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${tool}-${new Date().toISOString().replace(/[:.]/g, '-')}.txt`);
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export function shapeText(text: string, tool: string, worktree: string | null, budget: ResultBudget): string {
  const cut = cutToBudget(text, budget.maxChars);
  if (cut.cutChars === 0) return text;
  // An absolute path: the client's cwd need not be the server's (a server started in $HOME with --worktree).
  const where = worktree ? `; the whole answer is saved in ${saveFullText(worktree, tool, text)} (read it with your file tool)` : '';
  return `${cut.kept}\n… cut here: ${cut.cutLines} more line${cut.cutLines === 1 ? '' : 's'} (${cut.cutChars} characters)${where}, or call ${tool} again with a narrower input (a limit, a shorter time window, a filter).`;
}

type Content = CallToolResult['content'][number];

export function imageContent(paths: readonly string[], budget: ResultBudget): { images: Content[]; notes: string[] } {
  const images: Content[] = [];
  const notes: string[] = [];
  let bytes = 0;
  for (const path of paths) {
    if (!existsSync(path)) {
      notes.push(`image ${path} is gone (deleted since the answer was made)`);
      continue;
    }
    const data = readFileSync(path);
    const size = pngSize(data);
    if (!size) {
      notes.push(`image ${path} is not a PNG; open it with your file tool`);
      continue;
    }
    const tooLarge = Math.max(size.width, size.height) > budget.maxImageSide;
    if (images.length >= budget.maxImages || bytes + data.length > budget.maxImageBytes || tooLarge) {
      notes.push(`image ${path} (${size.width}×${size.height}) not attached: ${tooLarge ? `larger than ${budget.maxImageSide} px; ask for a smaller one (maxSide)` : 'over the per-answer image budget'}; open it with your file tool`);
      continue;
    }
    bytes += data.length;
    images.push({ type: 'image', data: data.toString('base64'), mimeType: 'image/png' });
  }
  return { images, notes };
}

export function answerResult(tool: AnyAgentTool, answer: unknown, worktree: string | null, budget: ResultBudget): CallToolResult {
  const text = shapeText(tool.render(answer), tool.name, worktree, budget);
  const { images, notes } = imageContent(tool.images?.(answer) ?? [], budget);
  const body = notes.length > 0 ? `${text}\n${notes.map((n) => `note: ${n}`).join('\n')}` : text;
  return { content: [{ type: 'text', text: body }, ...images] };
}

export function errorResult(diagnostic: Diagnostic): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: formatDiagnostic(diagnostic) }] };
}
