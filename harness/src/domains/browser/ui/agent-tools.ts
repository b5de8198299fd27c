import type { z } from 'zod';
import type { AnyAgentTool } from '../../../utils/agent-tool.js';
import * as P from '../types/params.js';
import { browserTools, type BrowserToolName } from '../types/tools.js';
import { callBrowserTool, failedAnswer } from './daemon-call.js';
import { formatToolResult, imagesOf } from './format.js';

/**
 * The browser tools as AgentTools (utils/agent-tool.ts), served by the MCP server: the
 * same input schema the daemon validates, the same daemon call (callBrowserTool) and text
 * shaping (formatToolResult) the `harness browser` commands use, and the screenshots and
 * diff images as image content. The commands do not run these objects: one command can
 * map onto one tool in several ways (back, forward and reload are browser_navigate), and
 * evidence is one command but two tools.
 */
interface Entry {
  tool: BrowserToolName;
  name: string;
  title: string;
  readOnly: boolean;
  /** Reaches any URL (see ToolHints.openWorld). */
  openWorld?: boolean;
  /** Input schema when it differs from the catalog's (evidence is split into start and stop). */
  input?: z.ZodType;
  /** Maps the tool's input onto the daemon method's params. */
  params?: (input: Record<string, unknown>) => Record<string, unknown>;
}

const EvidenceNameSchema = P.EvidenceParamsSchema.pick({ name: true });
const EvidenceStartSchema = P.EvidenceParamsSchema.pick({ name: true, force: true });

/** Evidence is one daemon method, split into two tools with their own descriptions. */
const EVIDENCE: Record<string, string> = {
  evidence_start:
    'Start an evidence bundle for a fix: takes the "before" screenshot and snapshot and starts a video. Call it before reproducing the bug; then reproduce, fix, verify, and call evidence_stop with the same name. A name used before is refused unless force is true (which replaces that bundle). Returns the bundle\'s folder.',
  evidence_stop:
    'Close the evidence bundle evidence_start opened: takes the "after" screenshot and snapshot, stops the video, and writes console, network, the backend spans and logs of every traced request, an image diff and a summary.md for the pull request, all in one folder. Returns the folder, its files and the summary.',
};

const ENTRIES: Entry[] = [
  { tool: 'navigate', name: 'browser_navigate', title: 'Open a page', readOnly: false, openWorld: true },
  { tool: 'wait', name: 'browser_wait', title: 'Wait for the page', readOnly: true },
  { tool: 'snapshot', name: 'browser_snapshot', title: 'Accessibility snapshot', readOnly: true },
  { tool: 'dom', name: 'browser_dom', title: 'Query the DOM', readOnly: true },
  { tool: 'click', name: 'browser_click', title: 'Click, double-click or hover', readOnly: false },
  { tool: 'type', name: 'browser_type', title: 'Type text', readOnly: false },
  { tool: 'fill', name: 'browser_fill', title: 'Fill form fields', readOnly: false },
  { tool: 'select', name: 'browser_select', title: 'Choose options', readOnly: false },
  { tool: 'press', name: 'browser_press', title: 'Press a key', readOnly: false },
  { tool: 'scroll', name: 'browser_scroll', title: 'Scroll', readOnly: false },
  { tool: 'upload', name: 'browser_upload', title: 'Upload files', readOnly: false },
  { tool: 'dialog', name: 'browser_dialog', title: 'Answer a dialog', readOnly: false },
  { tool: 'screenshot', name: 'browser_screenshot', title: 'Screenshot', readOnly: true },
  { tool: 'console', name: 'browser_console', title: 'Console messages', readOnly: true },
  { tool: 'network', name: 'browser_network', title: 'Network requests', readOnly: true },
  { tool: 'eval', name: 'browser_eval', title: 'Run JavaScript in the page', readOnly: false, openWorld: true },
  { tool: 'mark', name: 'browser_mark', title: 'Mark', readOnly: true },
  { tool: 'diff', name: 'browser_diff', title: 'Compare before and after', readOnly: true },
  { tool: 'record', name: 'browser_record', title: 'Record a video', readOnly: false },
  { tool: 'status', name: 'browser_status', title: 'Browser status', readOnly: true },
  { tool: 'journey', name: 'journey_run', title: 'Run a journey', readOnly: false },
  { tool: 'evidence', name: 'evidence_start', title: 'Start collecting evidence', readOnly: false, input: EvidenceStartSchema, params: (i) => ({ ...i, action: 'start' }) },
  { tool: 'evidence', name: 'evidence_stop', title: 'Bundle the evidence', readOnly: false, input: EvidenceNameSchema, params: (i) => ({ ...i, action: 'stop' }) },
];

function asParams(input: unknown): Record<string, unknown> {
  return typeof input === 'object' && input !== null ? { ...input } : {};
}

/** Every browser tool may point at images (screenshots, diffs), so `images` is always there. */
export const browserAgentTools: (AnyAgentTool & Required<Pick<AnyAgentTool, 'images'>>)[] = ENTRIES.map((entry) => ({
  name: entry.name,
  title: entry.title,
  description: EVIDENCE[entry.name] ?? browserTools[entry.tool].description,
  input: entry.input ?? browserTools[entry.tool].params,
  hints: { readOnly: entry.readOnly, ...(entry.readOnly ? { idempotent: true } : {}), ...(entry.openWorld ? { openWorld: true } : {}) },
  needsEnv: () => true,
  run: (input, ctx) => callBrowserTool(entry.tool, (entry.params ?? asParams)(asParams(input)), ctx.cwd),
  render: (answer) => formatToolResult(entry.tool, answer),
  exitCode: (answer) => (failedAnswer(entry.tool, answer) ? 1 : 0),
  images: (answer) => imagesOf(entry.tool, answer),
}));
