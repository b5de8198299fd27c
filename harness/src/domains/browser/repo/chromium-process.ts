import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
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
    // Back/forward restore pages from memory without a load event; tools wait for loads.
    '--disable-features=BackForwardCache',
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
  // Its own process group, so stopping it stops every helper process it spawned too.
  const child = spawn(options.executable, chromiumArgs(options), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
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
  while (!existsSync(portFile) || readFileSync(portFile, 'utf8').split('\n').length < 2) {
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
    await new Promise((r) => setTimeout(r, 20));
  }
  const [portLine, pathLine] = readFileSync(portFile, 'utf8').split('\n');
  const port = Number(portLine);
  return {
    pid: child.pid ?? -1,
    port,
    browserWsUrl: `ws://127.0.0.1:${port}${pathLine ?? ''}`,
    httpUrl: `http://127.0.0.1:${port}`,
    profileDir: options.profileDir,
    exited,
    hasExited: () => exitedFlag,
    stop: () => stopChild(child, exited, () => exitedFlag),
  };
}

async function stopChild(child: ChildProcess, exited: Promise<string>, hasExited: () => boolean): Promise<void> {
  const signalGroup = (signal: NodeJS.Signals): void => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };
  if (!hasExited()) {
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
  }
  // Helpers that outlived the browser process (it was killed) go with their group; wait
  // (at most 2 s) until the group is empty, so `down` leaves no process behind.
  signalGroup('SIGKILL');
  for (let i = 0; i < 100 && groupAlive(child.pid); i++) await new Promise((r) => setTimeout(r, 20));
}

function groupAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
