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
  navigate: tool('browser.navigate', 'Open a URL or a path of the app (/settings), or go back/forward/reload, and wait for the load. Start here when reproducing a UI bug. Returns the page title and URL, the requests the load made (status, timing, trace id), console messages, the backend spans and logs of those requests, and a mark for console/network since.', P.NavigateParamsSchema, R.ActionResultSchema),
  wait: tool('browser.wait', 'Wait until a text or selector is shown (or gone), the URL contains a string, or the network is idle. Use it after an action whose effect arrives later (a toast, a redirect). Returns what the wait saw, or fails at the deadline saying what never appeared.', P.WaitParamsSchema, R.ActionResultSchema),
  snapshot: tool('browser.snapshot', 'The accessibility tree of the page, one node per line, with a ref like [e12] on every interactive element (refs stay stable while the element exists). Use it to see the page as text and to get the refs to act on; far cheaper than a screenshot. Returns the tree (optionally only a subtree or the interactive elements) and the file it was saved to, for browser_diff.', P.SnapshotParamsSchema, R.SnapshotResultSchema),
  dom: tool('browser.dom', 'Query the DOM by CSS selector, text, role or ref. Use it when the snapshot is not enough: markup, attributes, layout boxes, computed styles of a few elements. Returns each match\'s outerHTML trimmed to a budget, with its box and the styles asked for.', P.DomParamsSchema, R.DomResultSchema),
  click: tool('browser.click', 'Click, double-click or hover an element (by ref, selector, text or role) with real mouse events. Returns the requests it caused, console messages, and the backend spans and logs of its trace id, so one call shows both sides of the action.', P.ClickParamsSchema, R.ActionResultSchema),
  type: tool('browser.type', 'Type text key by key into an element or the focused one, optionally pressing Enter. Use it when key events matter (autocomplete, shortcuts); browser_fill is faster for plain forms. Returns the field\'s value afterwards and what the typing caused (requests, console, backend).', P.TypeParamsSchema, R.ActionResultSchema),
  fill: tool('browser.fill', 'Set several form fields at once: text inputs, text areas, selects, checkboxes and radios. Use it to set up a form in one call before submitting. Returns each field\'s value afterwards and what it caused.', P.FillParamsSchema, R.ActionResultSchema),
  select: tool('browser.select', 'Choose options of a <select> by value or label. Use it for a single select; browser_fill sets several fields at once. Returns the selected options and the requests, console messages and backend spans and logs it caused.', P.SelectParamsSchema, R.ActionResultSchema),
  press: tool('browser.press', 'Press a key or chord (Enter, Escape, Control+A) on an element or the focused one. Use it for keyboard paths: submitting with Enter, closing with Escape, moving through a menu. Returns what the key press caused (requests, console, backend).', P.PressParamsSchema, R.ActionResultSchema),
  scroll: tool('browser.scroll', 'Scroll an element into view, or the page by dx/dy pixels. Use it before a screenshot of content below the fold, or to trigger lazy loading. Returns the requests and console messages it caused.', P.ScrollParamsSchema, R.ActionResultSchema),
  upload: tool('browser.upload', 'Put files into a file input, as a user choosing them would (absolute paths). Use it to reproduce upload flows. Returns the requests, console messages and backend spans and logs the upload caused.', P.UploadParamsSchema, R.ActionResultSchema),
  dialog: tool('browser.dialog', 'Accept or dismiss the alert, confirm or prompt the page opened (an action\'s answer says when one is open), with the text for a prompt. Returns what closing it caused.', P.DialogParamsSchema, R.ActionResultSchema),
  screenshot: tool('browser.screenshot', 'PNG of the viewport, the full page (tiled) or one element, saved under .harness/artifacts/ and scaled so no side exceeds 1568 px (maxSide asks for smaller). Use it for what a snapshot cannot show: layout, colour, overlap, images. Returns the image(s) and their paths, for browser_diff.', P.ScreenshotParamsSchema, R.ScreenshotResultSchema),
  console: tool('browser.console', 'Console messages and uncaught errors, with source locations and the first stack frames, since a mark (default: since the last navigation). Use it after reproducing a bug to find the script error behind it. Returns the messages oldest first, filtered by level, and how many were left out.', P.ConsoleParamsSchema, R.ConsoleResultSchema),
  network: tool('browser.network', 'Requests with method, URL, status, timing and trace id since a mark, optionally only failed ones or with their bodies. Use it to find the request that failed, then open its trace with traces_get. Returns the requests oldest first and how many were left out.', P.NetworkParamsSchema, R.NetworkResultSchema),
  eval: tool('browser.eval', 'Run JavaScript in the page and return its JSON value (promises are awaited). Use it to read state the page does not show (a store, a computed value); it can change the page. Returns the value as JSON, trimmed to a budget.', P.EvalParamsSchema, R.EvalResultSchema),
  mark: tool('browser.mark', 'Set a mark: pass it later as since to browser_console or browser_network to see only what happened after this call. Returns the mark and the current page.', P.EmptyParamsSchema, R.MarkResultSchema),
  diff: tool('browser.diff', 'Compare two screenshots (changed-pixel ratio and a diff image) or two snapshots (a unified text diff), given the paths earlier answers returned. Use it to show what a fix changed. Returns the ratio and the diff image, or the text diff.', P.DiffParamsSchema, R.DiffResultSchema),
  record: tool('browser.record', 'Start or stop a video of the tab (MP4 under .harness/artifacts/videos/). Use it to keep a reproduction or a verification on video; evidence_start records one by itself. Returns the video\'s path, with its frame count and length when stopped.', P.RecordParamsSchema, R.RecordResultSchema),
  status: tool('browser.status', 'Whether Chromium runs, its pid and restarts, whether it is recording, and how many console messages and requests are buffered. Use it when browser calls fail oddly.', P.EmptyParamsSchema, R.StatusResultSchema),
  journey: tool('journey.run', 'Run a Playwright journey script from the journeys folder (app/journeys/) against the env\'s Chromium, optionally recording it. Use it to replay a whole user flow after a fix. Returns passed or failed with its steps, the failing step\'s error, failed requests, console errors and backend spans and logs; a failed journey is an answer, not an error.', P.JourneyParamsSchema, R.JourneyResultSchema),
  evidence: tool('evidence.run', 'Start or stop an evidence bundle: before/after screenshots, video, console, network, backend spans and logs, and a markdown summary in one folder.', P.EvidenceParamsSchema, R.EvidenceResultSchema),
} as const;

export type BrowserToolName = keyof typeof browserTools;
