import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from '../../../providers/processes.js';
import { HarnessError } from '../../../utils/diagnostic.js';

/** A running headless Chromium and the loopback endpoint of its DevTools protocol. */
export interface ChromiumProcess {
  pid: number;
  /** `ws://127.0.0.1:PORT/devtools/browser/…`: the browser-level CDP endpoint. */
  browserWsUrl: string;
  /** `http://127.0.0.1:PORT`: what Playwright's connectOverCDP takes. */
  httpUrl: string;
  port: number;
  profileDir: string;
  /** Resolves when the process has exited, with how it exited. */
  exited: Promise<string>;
  hasExited(): boolean;
  /** Kills it and every process it started; resolves once they are gone. */
  stop(): Promise<void>;
}

export interface LaunchOptions {
  executable: string;
  /** A folder for the profile; emptied first, so every launch starts fresh. */
  profileDir: string;
  viewport: { width: number; height: number };
  /** How long Chromium may take to open its DevTools port. */
  timeoutMs: number;
}

/**
 * The flags the project runs Chromium with. Port 0 makes Chromium choose a free port and
 * write it to DevToolsActivePort inside the profile (0700 under .harness/), so the port
 * is bound to 127.0.0.1 only and known only to whoever can read the profile: the daemon.
 */
export function chromiumArgs(options: LaunchOptions): string[] {
  return [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-dev-shm-usage',
    '--mute-audio',
    '--hide-scrollbars',
    '--disable-crash-reporter',
    // Back/forward restore pages from memory without a load event; tools wait for loads.
    // Cross-site iframes stay in the page's process (no site isolation), so the page's one
    // CDP session sees their DOM and accessibility tree: snapshots show them, refs reach them.
    // Chromium reads only the last --disable-features, so the features share one flag.
    '--disable-features=BackForwardCache,IsolateOrigins,site-per-process',
    '--disable-site-isolation-trials',
    '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0',
    `--user-data-dir=${options.profileDir}`,
    `--window-size=${options.viewport.width},${options.viewport.height}`,
    'about:blank',
  ];
}

/** Starts Chromium and waits until its DevTools endpoint is announced. */
export async function launchChromium(options: LaunchOptions): Promise<ChromiumProcess> {
  if (!existsSync(options.executable)) {
    throw new HarnessError({
      what: `Chromium is not installed at ${options.executable}`,
      why: 'the browser tools drive a real headless Chromium',
      fix: 'run `npm run setup` (it installs Debian\'s chromium), or set browser.executable in harness.config.ts',
    });
  }
  rmSync(options.profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  mkdirSync(options.profileDir, { recursive: true, mode: 0o700 });
  // Its own process group, so stopping it stops every helper process it spawned too; and
  // a variable unique to this launch, to find the crash handlers Debian's Chromium starts
  // in sessions of their own, outside that group.
  const launchId = randomUUID();
  const child = spawn(options.executable, chromiumArgs(options), { stdio: ['ignore', 'ignore', 'pipe'], detached: true, env: { ...process.env, [LAUNCH_VAR]: launchId } });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  let exitedFlag = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedFlag = true;
      resolve(signal ? `signal ${signal}` : `exit code ${code ?? 'unknown'}`);
    });
    child.once('error', (error) => {
      exitedFlag = true;
      resolve(`spawn error: ${error.message}`);
    });
  });
  const portFile = join(options.profileDir, 'DevToolsActivePort');
  const started = Date.now();
  // Chromium writes the port, then the browser target's path: read until both lines are there.
  let announced: string[];
  while ((announced = existsSync(portFile) ? readFileSync(portFile, 'utf8').split('\n') : []).length < 2) {
    if (exitedFlag) {
      throw new HarnessError({
        what: `Chromium exited while starting (${await exited})`,
        why: 'the browser tools need a running Chromium',
        fix: `run \`${options.executable} --headless --no-sandbox about:blank\` to see why; its last output was: ${stderrTail.trim().split('\n').slice(-3).join(' | ') || '(none)'}`,
      });
    }
    if (Date.now() - started > options.timeoutMs) {
      child.kill('SIGKILL');
      throw new HarnessError({
        what: `Chromium did not open its DevTools port within ${options.timeoutMs} ms`,
        why: 'the browser tools talk to Chromium over the DevTools protocol',
        fix: 'check that the machine is not out of memory (free -m), then retry; raise browser.launchTimeoutMs in harness.config.ts on slow machines',
      });
    }
    await sleep(20);
  }
  const [portLine, pathLine] = announced;
  const port = Number(portLine);
  return {
    pid: child.pid ?? -1,
    port,
    browserWsUrl: `ws://127.0.0.1:${port}${pathLine ?? ''}`,
    httpUrl: `http://127.0.0.1:${port}`,
    profileDir: options.profileDir,
    exited,
    hasExited: () => exitedFlag,
    stop: () => stopChild(child, exited, () => exitedFlag, launchId),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<string>, hasExited: () => boolean, launchId: string): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  // SIGKILL at once: the profile is thrown away on the next launch, so nothing needs a
  // graceful exit, and `harness down` should not wait for one.
  signalGroup('SIGKILL');
  if (!hasExited()) await exited;
  // Every process of the launch carries its variable: wait (at most 2 s) until none is
  // alive, killing the crash handlers that live outside the group on the way.
  for (let i = 0; i < 100; i++) {
    const strays = pidsOfLaunch(launchId);
    if (strays.length === 0) break;
    for (const pid of strays) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Gone meanwhile.
      }
    }
    await sleep(20);
  }
}

const LAUNCH_VAR = 'HARNESS_CHROMIUM_LAUNCH';

/** Live processes started by one launch (they inherited its variable), zombies excluded. */
function pidsOfLaunch(launchId: string): number[] {
  const needle = Buffer.from(`${LAUNCH_VAR}=${launchId}\0`);
  const pids: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return pids;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`).includes(needle)) continue;
      const stat = readProcStat(Number(entry));
      if (stat && stat.state !== 'Z') pids.push(Number(entry));
    } catch {
      // Not ours to read, or gone meanwhile.
    }
  }
  return pids;
}
