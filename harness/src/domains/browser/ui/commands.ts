import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ExitCode, HarnessError } from '../../../utils/diagnostic.js';
import { printResult } from '../../../utils/output.js';
import { numberFlag } from '../../../utils/number-flag.js';
import type { Target } from '../types/params.js';
import type { BrowserToolName } from '../types/tools.js';

/**
 * `harness browser …`, `harness journey run` and `harness evidence`: each command builds
 * the tool's params from its flags, calls the env daemon's method, checks the answer
 * against the tool's schema and prints it (text, or JSON with --json). The schemas, the
 * formatters and the socket client load only when a command runs, so registering these
 * commands costs every other `harness` command nothing.
 */

type SetExitCode = (code: number) => void;

interface Common {
  json?: boolean;
  deadline?: number;
  /** False with --no-backend. */
  backend?: boolean;
}

interface TargetFlags {
  selector?: string;
  role?: string;
  name?: string;
}

/** A whole-number flag of a browser command, refused with a diagnostic when it is not one. */
function int(flag: string, why: string, example: number): (text: string) => number {
  return numberFlag(flag, { min: 0, why, example });
}

function num(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n)) throw new InvalidArgumentError('expected a number');
  return n;
}

/** A positional target: a ref (`e12`, `@e12`), `css:SELECTOR`, `role:ROLE[:NAME]`, or visible text. */
export function parseTarget(word: string | undefined, flags: TargetFlags = {}): Target | undefined {
  if (flags.selector !== undefined) return { selector: flags.selector };
  if (flags.role !== undefined) return { role: flags.role, ...(flags.name !== undefined ? { name: flags.name } : {}) };
  if (word === undefined) return undefined;
  if (/^@?e\d+$/.test(word)) return { ref: word.replace(/^@/, '') };
  if (word.startsWith('css:')) return { selector: word.slice(4) };
  if (word.startsWith('role:')) {
    const [role = '', ...name] = word.slice(5).split(':');
    return { role, ...(name.length ? { name: name.join(':') } : {}) };
  }
  return { text: word };
}

/**
 * Where TARGET=VALUE splits: the first `=` outside brackets (and quotes within them), so a selector's
 * own `=` stays in the target (`css:input[name=title]=Buy milk`). -1 when there is none.
 */
export function assignmentAt(field: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < field.length; i++) {
    const c = field[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if ((c === '"' || c === "'") && depth > 0) quote = c;
    else if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

function requireTarget(word: string | undefined, flags: TargetFlags, command: string): Target {
  const target = parseTarget(word, flags);
  if (target) return target;
  throw new HarnessError({
    what: `${command} needs a target`,
    why: 'it acts on one element',
    fix: `pass a ref from \`harness browser snapshot\` (harness browser ${command} e12), visible text, --selector CSS, or --role ROLE --name NAME`,
  });
}

/** Calls one tool on this worktree's env daemon and prints its answer. */
async function runTool(name: BrowserToolName, params: Record<string, unknown>, options: Common, setExitCode: SetExitCode): Promise<void> {
  const [{ callBrowserTool, failedAnswer }, { formatToolResult }] = await Promise.all([import('./daemon-call.js'), import('./format.js')]);
  const answer = await callBrowserTool(name, params);
  const failed = failedAnswer(name, answer);
  if (failed) setExitCode(ExitCode.failed);
  printResult({ json: options.json === true }, { ok: !failed, ...answer }, () => formatToolResult(name, answer));
}

function deadlineOf(options: Common): { deadlineMs?: number; backend?: false } {
  return { ...(options.deadline !== undefined ? { deadlineMs: options.deadline } : {}), ...(options.backend === false ? { backend: false } : {}) };
}

/** Flags of commands that act on the page: the deadline, and --no-backend. */
function action(command: Command): Command {
  return common(command).option('--no-backend', "skip the lookup of the backend's spans and logs for the requests the action caused");
}

function common(command: Command, withDeadline = true): Command {
  command.option('--json', 'machine-readable output');
  if (withDeadline) command.option('--deadline <ms>', 'give up after this many milliseconds', int('--deadline', 'it is how long the call may take before it gives up', 5000));
  return command;
}

function targetFlags(command: Command): Command {
  return command.option('--selector <css>', 'target by CSS selector').option('--role <role>', 'target by ARIA role').option('--name <name>', 'with --role: the accessible name');
}

export function register(program: Command, setExitCode: SetExitCode): void {
  const browser = program.command('browser').description("see and drive this env's Chromium: snapshot, click, type, screenshot, console, network, video");
  const run = (name: BrowserToolName, params: Record<string, unknown>, options: Common): Promise<void> => runTool(name, params, options, setExitCode);

  action(browser.command('navigate <url>').description('open a URL, or a path of the app (/settings), and wait for the load')).action((url: string, o: Common) => run('navigate', { url, ...deadlineOf(o) }, o));
  for (const history of ['back', 'forward', 'reload'] as const) {
    action(browser.command(history).description(`${history === 'reload' ? 'reload the page' : `go ${history} in history`} and wait for the load`)).action((o: Common) => run('navigate', { history, ...deadlineOf(o) }, o));
  }
  action(browser.command('wait').description('wait for text, a selector, a URL or network idle (fails at the deadline)'))
    .option('--text <text>', 'visible text')
    .option('--selector <css>', 'a visible element')
    .option('--url <part>', 'the URL contains this')
    .option('--network-idle', 'no request for 500 ms')
    .option('--gone', 'wait for the text or selector to disappear')
    .action((o: Common & { text?: string; selector?: string; url?: string; networkIdle?: boolean; gone?: boolean }) =>
      run('wait', { text: o.text, selector: o.selector, url: o.url, networkIdle: o.networkIdle, gone: o.gone, ...deadlineOf(o) }, o),
    );
  common(browser.command('snapshot').description('the accessibility tree, with a ref like [e12] per interactive element'))
    .option('--depth <n>', 'levels to show', int('--depth', 'it is how many levels of the tree to show', 3))
    .option('--root <target>', 'only this element (ref or text) and what is under it')
    .option('--root-selector <css>', 'only the element matching this selector')
    .option('--interactive', 'only the elements with refs')
    .action((o: Common & { depth?: number; root?: string; rootSelector?: string; interactive?: boolean }) =>
      run('snapshot', { depth: o.depth, root: parseTarget(o.root, o.rootSelector ? { selector: o.rootSelector } : {}), interactiveOnly: o.interactive, ...deadlineOf(o) }, o),
    );
  common(browser.command('dom').description('elements by CSS, text, role or ref: outerHTML (trimmed), box, computed styles'))
    .option('--selector <css>')
    .option('--text <text>')
    .option('--role <role>')
    .option('--name <name>', 'with --role')
    .option('--ref <ref>')
    .option('--limit <n>', 'matches to show (default 5)', int('--limit', 'it is how many matches to show', 5))
    .option('--max-chars <n>', 'outerHTML budget per match (default 2000)', int('--max-chars', 'it is how much outerHTML each match shows', 2000))
    .option('--box', 'include the bounding box')
    .option('--styles [props]', 'include computed styles (comma-separated, or a default set)')
    .action((o: Common & { selector?: string; text?: string; role?: string; name?: string; ref?: string; limit?: number; maxChars?: number; box?: boolean; styles?: string | boolean }) =>
      run('dom', { selector: o.selector, text: o.text, role: o.role, name: o.name, ref: o.ref, limit: o.limit, maxChars: o.maxChars, box: o.box, styles: o.styles === undefined ? undefined : o.styles === true ? [] : String(o.styles).split(','), ...deadlineOf(o) }, o),
    );
  for (const kind of ['click', 'dblclick', 'hover'] as const) {
    targetFlags(action(browser.command(`${kind} [target]`).description(`${kind === 'hover' ? 'move the mouse over' : kind === 'dblclick' ? 'double-click' : 'click'} an element (a ref, visible text, --selector or --role)`)))
      .option('--button <button>', 'left, right or middle')
      .option('--modifiers <keys>', 'held keys, comma-separated: Alt,Control,Meta,Shift')
      .action((word: string | undefined, o: Common & TargetFlags & { button?: string; modifiers?: string }) =>
        run('click', { kind, target: requireTarget(word, o, kind), button: o.button, modifiers: o.modifiers?.split(','), ...deadlineOf(o) }, o),
      );
  }
  targetFlags(action(browser.command('type <words...>').description('type text key by key: `type [TARGET] TEXT` (the focused element without a target)')))
    .option('--submit', 'press Enter afterwards')
    .action((words: string[], o: Common & TargetFlags & { submit?: boolean }) => {
      // With --selector/--role the target is a flag, so only the TEXT is positional.
      const byFlag = o.selector !== undefined || o.role !== undefined;
      if (words.length > (byFlag ? 1 : 2)) {
        const text = byFlag ? words.join(' ') : words.slice(1).join(' ');
        throw new HarnessError({
          what: `type got ${words.length} words: ${words.map((w) => `"${w}"`).join(' ')}`,
          why: 'type takes a TARGET and one TEXT; the shell split the text at its spaces, so words would be lost',
          fix: byFlag ? `quote the text: harness browser type "${text}" with your --selector/--role` : `quote the text: harness browser type ${words[0]} "${text}" (or "${words.join(' ')}" for the focused element)`,
        });
      }
      const text = words[words.length - 1] ?? '';
      const target = parseTarget(words.length > 1 && !byFlag ? words[0] : undefined, o);
      return run('type', { target, text, submit: o.submit, ...deadlineOf(o) }, o);
    });
  action(browser.command('fill <fields...>').description('set form fields: TARGET=VALUE … (true/false for checkboxes; TARGET a ref, css:SEL or text)')).action((fields: string[], o: Common) => {
    const parsed = fields.map((field) => {
      const at = assignmentAt(field);
      if (at <= 0) throw new HarnessError({ what: `"${field}" is not TARGET=VALUE`, why: 'fill sets each named field to its value', fix: 'write e4="Buy milk" css:#notes=later e7=true' });
      return { target: requireTarget(field.slice(0, at), {}, 'fill'), value: field.slice(at + 1) };
    });
    return run('fill', { fields: parsed, ...deadlineOf(o) }, o);
  });
  targetFlags(action(browser.command('select <target> <values...>').description('choose options of a <select> by value or label'))).action((word: string, values: string[], o: Common & TargetFlags) =>
    run('select', { target: requireTarget(word, o, 'select'), values, ...deadlineOf(o) }, o),
  );
  targetFlags(action(browser.command('press <key> [target]').description('press a key or chord (Enter, Escape, Control+A) on the focused element or a target'))).action((key: string, word: string | undefined, o: Common & TargetFlags) =>
    run('press', { key, target: parseTarget(word, o), ...deadlineOf(o) }, o),
  );
  targetFlags(action(browser.command('scroll [target]').description('scroll an element into view, or the page (default 600 px down)')))
    .option('--dx <px>', 'horizontal pixels', num)
    .option('--dy <px>', 'vertical pixels', num)
    .action((word: string | undefined, o: Common & TargetFlags & { dx?: number; dy?: number }) => run('scroll', { target: parseTarget(word, o), dx: o.dx, dy: o.dy, ...deadlineOf(o) }, o));
  targetFlags(action(browser.command('upload <target> <files...>').description('put files into a file input'))).action((word: string, files: string[], o: Common & TargetFlags) =>
    run('upload', { target: requireTarget(word, o, 'upload'), files: files.map((f) => resolve(f)), ...deadlineOf(o) }, o),
  );
  action(browser.command('dialog <answer>').description('answer the open alert/confirm/prompt: accept or dismiss'))
    .option('--text <text>', 'the text to enter in a prompt')
    .action((answer: string, o: Common & { text?: string }) => {
      if (answer !== 'accept' && answer !== 'dismiss') throw new HarnessError({ what: `"${answer}" is not accept or dismiss`, why: 'a dialog is either accepted (OK) or dismissed (Cancel)', fix: 'run `harness browser dialog accept` or `harness browser dialog dismiss`' });
      return run('dialog', { accept: answer === 'accept', promptText: o.text, ...deadlineOf(o) }, o);
    });
  targetFlags(common(browser.command('screenshot [target]').description('PNG of the viewport, the full page (--full, tiled) or one element')))
    .option('--full', 'the whole page, in tiles')
    .option('--max-side <px>', 'longest side of each image (default 1568, at most 8000)', int('--max-side', 'it is the longest side of each image, in pixels', 1568))
    .action((word: string | undefined, o: Common & TargetFlags & { full?: boolean; maxSide?: number }) => {
      const target = parseTarget(word, o);
      return run('screenshot', { mode: target ? 'element' : o.full ? 'full' : 'viewport', target, maxSide: o.maxSide, ...deadlineOf(o) }, o);
    });
  common(browser.command('console').description('console messages and uncaught errors since a mark (default: since the last navigation)'), false)
    .option('--since <mark>', 'a mark from an earlier answer (m42)')
    .option('--errors', 'errors only')
    .option('--warnings', 'warnings and errors')
    .option('--limit <n>', 'at most this many (the latest)', int('--limit', 'it is how many of the latest entries to show', 50))
    .action((o: Common & { since?: string; errors?: boolean; warnings?: boolean; limit?: number }) => run('console', { since: o.since, level: o.errors ? 'error' : o.warnings ? 'warning' : 'all', limit: o.limit }, o));
  common(browser.command('network').description('requests with method, URL, status, timing and trace id since a mark'), false)
    .option('--since <mark>', 'a mark from an earlier answer (m42)')
    .option('--filter <part>', 'only URLs containing this')
    .option('--failed', 'only 4xx/5xx and failed requests')
    .option('--bodies', 'include request and response bodies (trimmed)')
    .option('--limit <n>', 'at most this many (the latest)', int('--limit', 'it is how many of the latest entries to show', 50))
    .action((o: Common & { since?: string; filter?: string; failed?: boolean; bodies?: boolean; limit?: number }) => run('network', { since: o.since, filter: o.filter, failedOnly: o.failed, bodies: o.bodies, limit: o.limit }, o));
  common(browser.command('eval <expression>').description('run JavaScript in the page and print its JSON value')).action((expression: string, o: Common) => run('eval', { expression, ...deadlineOf(o) }, o));
  common(browser.command('mark').description('a mark for console/network --since'), false).action((o: Common) => run('mark', {}, o));
  common(browser.command('status').description("Chromium's pid, restarts, recording and buffers"), false).action((o: Common) => run('status', {}, o));
  common(browser.command('diff <a> <b>').description('compare two screenshots (changed pixels, diff image) or two snapshots (text diff)'), false).action((a: string, b: string, o: Common) => run('diff', { a: resolve(a), b: resolve(b) }, o));
  common(browser.command('record <action>').description('start or stop a video of the tab (MP4)'), false).action((action: string, o: Common) => {
    if (action !== 'start' && action !== 'stop') throw new HarnessError({ what: `"${action}" is not start or stop`, why: 'record starts a video or stops the running one', fix: 'run `harness browser record start`, then `harness browser record stop`' });
    return run('record', { action }, o);
  });

  const journey = program.command('journey').description("Playwright journeys from the journeys folder (app/journeys/), run on the env's Chromium");
  common(journey.command('run <name>').description('run one journey; --record keeps a video'))
    .option('--record', 'record a video of the run')
    .action((name: string, o: Common & { record?: boolean }) => runTool('journey', { name, record: o.record, ...deadlineOf(o) }, o, setExitCode));

  common(program.command('evidence <action> <name>').description('start|stop: bundle before/after screenshots, video, console, network and backend spans/logs of a fix'), false)
    .option('--force', 'with start: replace an existing bundle of this name')
    .action((action: string, name: string, o: Common & { force?: boolean }) => {
      if (action !== 'start' && action !== 'stop') throw new HarnessError({ what: `"${action}" is not start or stop`, why: 'evidence is collected from start to stop', fix: `run \`harness evidence start ${name}\`, reproduce and fix, then \`harness evidence stop ${name}\`` });
      return run('evidence', { action, name, ...(o.force ? { force: true } : {}) }, o);
    });
}
