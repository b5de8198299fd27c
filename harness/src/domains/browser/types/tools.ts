import type { z } from 'zod';
import * as P from './params.js';
import * as R from './results.js';

/**
 * The catalog of browser tools: for each, the daemon method name, a description for
 * listings and MCP, the input schema and the answer schema. The daemon registers a
 * handler per entry (runtime/), the CLI and the MCP server call the method and shape the
 * answer (ui/). One definition, three surfaces.
 */
export interface ToolSpec<Params extends z.ZodType = z.ZodType, Result extends z.ZodType = z.ZodType> {
  method: string;
  description: string;
  params: Params;
  result: Result;
}

function tool<Params extends z.ZodType, Result extends z.ZodType>(method: string, description: string, params: Params, result: Result): ToolSpec<Params, Result> {
  return { method, description, params, result };
}

export const browserTools = {
  navigate: tool('browser.navigate', 'Open a URL or app path (or go back/forward/reload) and wait for the load; lists the requests, console messages and backend spans/logs of the navigation.', P.NavigateParamsSchema, R.ActionResultSchema),
  wait: tool('browser.wait', 'Wait until a text or selector is shown (or gone), the URL contains a string, or the network is idle; fails at the deadline.', P.WaitParamsSchema, R.ActionResultSchema),
  snapshot: tool('browser.snapshot', 'The accessibility tree of the page, one node per line, with a ref like [e12] on every interactive element (refs stay stable while the element exists).', P.SnapshotParamsSchema, R.SnapshotResultSchema),
  dom: tool('browser.dom', 'Query the DOM by CSS selector, text, role or ref: outerHTML trimmed to a budget, optional box and computed styles.', P.DomParamsSchema, R.DomResultSchema),
  click: tool('browser.click', 'Click, double-click or hover an element (by ref, selector, text or role) with real mouse events; reports the requests it caused, console messages, and the backend spans and logs of its trace id.', P.ClickParamsSchema, R.ActionResultSchema),
  type: tool('browser.type', 'Type text key by key into an element or the focused one, optionally pressing Enter.', P.TypeParamsSchema, R.ActionResultSchema),
  fill: tool('browser.fill', 'Set several form fields at once: text inputs, text areas, selects, checkboxes and radios.', P.FillParamsSchema, R.ActionResultSchema),
  select: tool('browser.select', 'Choose options of a <select> by value or label.', P.SelectParamsSchema, R.ActionResultSchema),
  press: tool('browser.press', 'Press a key or chord (Enter, Escape, Control+A) on an element or the focused one.', P.PressParamsSchema, R.ActionResultSchema),
  scroll: tool('browser.scroll', 'Scroll an element into view, or the page by dx/dy pixels.', P.ScrollParamsSchema, R.ActionResultSchema),
  upload: tool('browser.upload', 'Put files into a file input.', P.UploadParamsSchema, R.ActionResultSchema),
  dialog: tool('browser.dialog', 'Accept or dismiss the alert/confirm/prompt the page opened.', P.DialogParamsSchema, R.ActionResultSchema),
  screenshot: tool('browser.screenshot', 'PNG of the viewport, the full page (tiled) or one element, saved under .harness/artifacts/ and scaled so no side exceeds 1568 px.', P.ScreenshotParamsSchema, R.ScreenshotResultSchema),
  console: tool('browser.console', 'Console messages and uncaught errors, with source locations, since a mark (default: since the last navigation).', P.ConsoleParamsSchema, R.ConsoleResultSchema),
  network: tool('browser.network', 'Requests with method, URL, status, timing and trace id since a mark; bodies on request.', P.NetworkParamsSchema, R.NetworkResultSchema),
  eval: tool('browser.eval', 'Run JavaScript in the page and return its JSON value (promises are awaited).', P.EvalParamsSchema, R.EvalResultSchema),
  mark: tool('browser.mark', 'A mark for console/network --since: what happens after this call.', P.EmptyParamsSchema, R.MarkResultSchema),
  diff: tool('browser.diff', 'Compare two screenshots (diff image and changed-pixel ratio) or two snapshots (unified text diff).', P.DiffParamsSchema, R.DiffResultSchema),
  record: tool('browser.record', 'Start or stop a video of the tab (MP4 under .harness/artifacts/videos/).', P.RecordParamsSchema, R.RecordResultSchema),
  status: tool('browser.status', 'Whether Chromium runs, its restarts, recording state and buffer sizes.', P.EmptyParamsSchema, R.StatusResultSchema),
  journey: tool('journey.run', 'Run a Playwright journey script from the journeys folder against the env\'s Chromium, optionally recording it.', P.JourneyParamsSchema, R.JourneyResultSchema),
  evidence: tool('evidence.run', 'Start or stop an evidence bundle: before/after screenshots, video, console, network, backend spans and logs, and a markdown summary in one folder.', P.EvidenceParamsSchema, R.EvidenceResultSchema),
} as const;

export type BrowserToolName = keyof typeof browserTools;
