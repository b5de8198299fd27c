import * as R from '../types/results.js';
import type { BrowserToolName } from '../types/tools.js';

/**
 * Text answers of the browser tools, shaped for an agent's context window: the facts
 * first, one line per item, URLs of the page's own origin shortened to paths, long lists
 * cut with a note saying how to see the rest. Shared by the CLI and the MCP server.
 */

function shortUrl(url: string, pageUrl: string): string {
  try {
    const u = new URL(url);
    const page = new URL(pageUrl);
    return u.origin === page.origin ? `${u.pathname}${u.search}` : url;
  } catch {
    return url;
  }
}

function pageLine(state: R.PageState): string[] {
  const lines = [`page: ${state.title ? `${state.title} — ` : ''}${state.url}  (mark ${state.mark})`];
  for (const note of state.notes) lines.push(`note: ${note}`);
  return lines;
}

export function formatRequest(r: R.NetworkEntry, pageUrl: string): string {
  const status = r.failure ? `failed (${r.failure})` : r.status !== undefined ? String(r.status) : 'pending';
  const timing = r.durationMs !== undefined ? ` ${Math.round(r.durationMs)} ms` : '';
  return `${r.method} ${shortUrl(r.url, pageUrl)} → ${status}${timing}${r.traceId ? `  trace ${r.traceId.slice(0, 8)}` : ''}`;
}

export function formatConsoleEntry(e: R.ConsoleEntry): string {
  const lines = [`[${e.level}] ${e.text}${e.source ? `  (${e.source})` : ''}`];
  for (const frame of e.stack?.slice(1, 3) ?? []) lines.push(`    at ${frame}`);
  return lines.join('\n');
}

/** Attributes worth a line: the status code, an exception, a status message, the SQL. */
function spanDetail(s: R.BackendSpan): string {
  const a = s.attributes;
  const parts: string[] = [];
  const code = a['http.response.status_code'];
  if (code) parts.push(code);
  if (s.status === 'error') parts.push('ERROR');
  if (s.durationMs !== undefined) parts.push(`${s.durationMs} ms`);
  const why = a['exception.message'] ?? a.status_message;
  if (why) parts.push(`— ${why}`);
  const sql = a['db.query.text'];
  if (sql) parts.push(`— ${sql.replace(/\s+/g, ' ').slice(0, 80)}`);
  return parts.join(' ');
}

const QUIET_SEVERITIES = /^(trace|debug|info)/i;

/**
 * One trace's spans and logs, grouped so repeats take one line (`GET /assets/:file 200 ×2`).
 * `compact` keeps only what went wrong (error spans, warnings and errors in the logs) and counts.
 */
export function formatBackend(b: R.BackendReport, compact = false): string[] {
  const services = [...new Set(b.spans.map((s) => s.service).filter(Boolean))];
  const lines = [`backend trace ${b.traceId}${services.length ? ` [${services.join(', ')}]` : ''}: ${b.spans.length} span(s), ${b.logs.length} log line(s)`];
  const spans = compact ? b.spans.filter((s) => s.status === 'error') : b.spans;
  const spanLines: { line: string; key: string; count: number }[] = [];
  for (const span of spans) {
    const line = `${span.name} ${spanDetail(span)}`.trim();
    const key = line.replace(/ [\d.]+ ms/, '');
    const same = spanLines.find((x) => x.key === key);
    if (same) same.count++;
    else spanLines.push({ line, key, count: 1 });
  }
  lines.push(...spanLines.map((x) => `  span ${x.line}${x.count > 1 ? ` ×${x.count}` : ''}`));
  const logs = compact ? b.logs.filter((l) => l.severity && !QUIET_SEVERITIES.test(l.severity)) : b.logs;
  const logCounts = new Map<string, number>();
  for (const l of logs) {
    const line = `${l.severity ? `${l.severity} ` : ''}${l.message}`;
    logCounts.set(line, (logCounts.get(line) ?? 0) + 1);
  }
  const logLines = [...logCounts].map(([line, n]) => `  log  ${line}${n > 1 ? ` ×${n}` : ''}`);
  lines.push(...logLines.slice(0, 20));
  if (logLines.length > 20) lines.push(`  … ${logLines.length - 20} more distinct log lines: --json has them all`);
  if (!b.spans.length && !b.logs.length) lines.push('  (no spans or logs with this trace id)');
  if (b.note) lines.push(`  note: ${b.note}`);
  return lines;
}

/**
 * The trace ids to look up: those the requests carried. The page may send its own
 * traceparent (the harness keeps it), so the action's own id is named only when a
 * request carried it, and otherwise marked unused (`harness traces get` would find nothing).
 */
export function traceLabel(own: string, carried: string[]): string {
  if (!carried.length) return `trace ${own} unused: no request carried it`;
  const shown = carried.slice(0, 5).join(', ');
  const more = carried.length > 5 ? ` +${carried.length - 5} more (--json)` : '';
  return `${carried.length > 1 ? 'traces' : 'trace'} ${shown}${more}${carried.includes(own) ? '' : `; own trace ${own} unused: the page sent its own`}`;
}

function omittedLine(n: number): string {
  return `… ${n} more trace(s) not looked up (failed requests' come first): \`harness traces get ID\` with an id from the requests`;
}

export function formatAction(r: R.ActionResult): string {
  const backendWait = r.backendWaitMs !== undefined ? `; backend telemetry found in ${r.backendWaitMs} ms more` : '';
  const lines = [`${r.action}${r.target ? ` ${r.target}` : ''}: done in ${r.durationMs} ms${r.navigated ? ', page navigated' : ''}${backendWait}  (${traceLabel(r.traceId, r.traceIds)})`];
  if (r.detail) lines.push(`  ${r.detail}`);
  if (r.dialog) lines.push(`dialog open: ${r.dialog.type} "${r.dialog.message}" — answer it with \`harness browser dialog accept\` or \`dialog dismiss\``);
  if (r.requests.length) {
    lines.push(`requests (${r.requests.length}):`);
    for (const q of r.requests.slice(0, 15)) lines.push(`  ${formatRequest(q, r.url)}`);
    if (r.requests.length > 15) lines.push(`  … ${r.requests.length - 15} more: harness browser network --since m${(r.requests[0]?.seq ?? 1) - 1}`);
  }
  if (r.console.length) {
    lines.push(`console (${r.console.length}):`);
    for (const c of r.console.slice(-10)) lines.push(`  ${formatConsoleEntry(c).replace(/\n/g, '\n  ')}`);
  }
  for (const b of r.backend ?? []) lines.push(...formatBackend(b));
  if (r.backendOmitted) lines.push(omittedLine(r.backendOmitted));
  lines.push(...pageLine(r));
  return lines.join('\n');
}

export function formatSnapshot(r: R.SnapshotResult): string {
  return [...pageLine(r), `snapshot: ${r.refs} refs, ${r.bytes} bytes, ${r.durationMs} ms (saved to ${r.path})`, r.text].join('\n');
}

export function formatScreenshot(r: R.ScreenshotResult): string {
  const lines = [`screenshot (${r.mode}, ${r.area.width}×${r.area.height} CSS px${r.scale < 1 ? `, scaled ×${r.scale.toFixed(3)}` : ''}, ${r.durationMs} ms):`];
  for (const image of r.images) lines.push(`  ${image.path}  ${image.width}×${image.height}`);
  if (r.note) lines.push(`cut: ${r.note}`);
  lines.push(...pageLine(r));
  return lines.join('\n');
}

export function formatDom(r: R.DomResult): string {
  const lines = [`${r.total} match(es)${r.total > r.matches.length ? `, showing ${r.matches.length} (raise --limit for more)` : ''}:`];
  for (const m of r.matches) {
    lines.push(`- ${m.ref ? `[${m.ref}] ` : ''}<${m.tag}>${m.box ? `  box ${m.box.x},${m.box.y} ${m.box.width}×${m.box.height}` : ''}`);
    if (m.styles) lines.push(`  styles: ${Object.entries(m.styles).map(([k, v]) => `${k}: ${v}`).join('; ')}`);
    lines.push(`  ${m.html}${m.truncated ? ' … (cut; raise --max-chars)' : ''}`);
  }
  lines.push(...pageLine(r));
  return lines.join('\n');
}

export function formatConsole(r: R.ConsoleResult): string {
  const lines = r.entries.length ? r.entries.map(formatConsoleEntry) : ['(no console messages)'];
  if (r.omitted) lines.unshift(`… ${r.omitted} earlier messages not shown (raise --limit)`);
  return [...lines, ...pageLine(r)].join('\n');
}

export function formatNetwork(r: R.NetworkResult): string {
  const lines: string[] = r.entries.length ? [] : ['(no requests)'];
  for (const e of r.entries) {
    lines.push(formatRequest(e, r.url));
    if (e.requestBody) lines.push(`  request body: ${e.requestBody}`);
    if (e.responseBody) lines.push(`  response body: ${e.responseBody}`);
  }
  if (r.omitted) lines.unshift(`… ${r.omitted} earlier requests not shown (raise --limit)`);
  return [...lines, ...pageLine(r)].join('\n');
}

export function formatEval(r: R.EvalResult): string {
  return [`${r.json}${r.truncated ? ' … (cut at 8000 characters)' : ''}`, ...pageLine(r)].join('\n');
}

export function formatDiff(r: R.DiffResult): string {
  if (r.kind === 'image') {
    const pct = ((r.changedRatio ?? 0) * 100).toFixed(2);
    return `${pct}% of pixels changed (${r.changedPixels} px)${r.sizeChanged ? '; the images differ in size' : ''}\ndiff image: ${r.diffPath}`;
  }
  return `${r.added ?? 0} line(s) added, ${r.removed ?? 0} removed\n${r.text ?? ''}`;
}

export function formatRecord(r: R.RecordResult): string {
  const head = r.recording ? `recording to ${r.path}; stop with \`harness browser record stop\`` : `video saved: ${r.path} (${r.frames ?? 0} frames, ${((r.durationMs ?? 0) / 1000).toFixed(1)} s)`;
  return [head, ...r.notes.map((n) => `note: ${n}`)].join('\n');
}

export function formatStatus(r: R.StatusResult): string {
  if (!r.running) return `Chromium is not running (it starts on the first browser command)${r.restarts ? `; restarted ${r.restarts} time(s) so far` : ''}`;
  return `Chromium pid ${r.pid}, restarted ${r.restarts} time(s); recording: ${r.recording ? 'yes' : 'no'}; buffered ${r.consoleEntries} console message(s), ${r.networkEntries} request(s)`;
}

export function formatJourney(r: R.JourneyResult): string {
  const lines = [`journey ${r.name} ${r.passed ? 'passed' : 'FAILED'} in ${(r.durationMs / 1000).toFixed(1)} s (${r.file}, ${traceLabel(r.traceId, r.traceIds)}; all of them: \`harness traces search --journey ${r.name}\`)`];
  for (const step of r.steps) lines.push(`  ✓ ${step}`);
  if (r.error) lines.push(`  ✗ ${r.error.replace(/\n/g, '\n    ')}`);
  if (r.video) lines.push(`video: ${r.video}`);
  if (r.failedRequests.length) lines.push('failed requests:', ...r.failedRequests.map((q) => `  ${formatRequest(q, q.url)}`));
  if (r.console.length) lines.push('console errors:', ...r.console.map((c) => `  ${formatConsoleEntry(c)}`));
  for (const b of r.backend ?? []) lines.push(...formatBackend(b, true));
  if (r.backendOmitted) lines.push(omittedLine(r.backendOmitted));
  return lines.join('\n');
}

export function formatEvidence(r: R.EvidenceResult): string {
  if (r.state === 'started') return `evidence ${r.name} started in ${r.folder}: before screenshot and snapshot taken, video recording. Reproduce, fix, verify; then \`harness evidence stop ${r.name}\`.`;
  return [`evidence ${r.name} saved in ${r.folder}:`, ...r.files.map((f) => `  ${f}`), '', r.summary ?? ''].join('\n');
}

/** The text of any browser tool's answer, by tool name. */
export function formatToolResult(name: BrowserToolName, result: unknown): string {
  const formatters: { [K in BrowserToolName]: (r: never) => string } = {
    navigate: formatAction,
    wait: formatAction,
    click: formatAction,
    type: formatAction,
    fill: formatAction,
    select: formatAction,
    press: formatAction,
    scroll: formatAction,
    upload: formatAction,
    dialog: formatAction,
    snapshot: formatSnapshot,
    screenshot: formatScreenshot,
    dom: formatDom,
    console: formatConsole,
    network: formatNetwork,
    eval: formatEval,
    mark: (r: R.PageState) => pageLine(r).join('\n'),
    diff: formatDiff,
    record: formatRecord,
    status: formatStatus,
    journey: formatJourney,
    evidence: formatEvidence,
  };
  return (formatters[name] as (r: unknown) => string)(result);
}

/** The PNG files an answer carries (screenshots, a diff image): what MCP sends as image content. */
export function imagesOf(name: BrowserToolName, result: unknown): string[] {
  if (name === 'screenshot') {
    const parsed = R.ScreenshotResultSchema.safeParse(result);
    return parsed.success ? parsed.data.images.map((i) => i.path) : [];
  }
  if (name === 'diff') {
    const parsed = R.DiffResultSchema.safeParse(result);
    return parsed.success && parsed.data.diffPath ? [parsed.data.diffPath] : [];
  }
  return [];
}
