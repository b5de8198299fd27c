import { get } from 'node:http';

/**
 * Health checks over plain node:http (not fetch: undici's first use costs tens of
 * milliseconds, and `up` polls tightly).
 */

/** True when `url` answers 2xx within `timeoutMs`. */
export function httpOk(url: string, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: timeoutMs, agent: false }, (response) => {
      response.resume();
      resolve((response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300);
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Polls `url` every `pollMs` until it answers 2xx (true), the deadline passes (false),
 * or `gaveUp()` says to stop (the process exited: false at once).
 */
export async function waitForHttp(url: string, options: { deadline: number; pollMs: number; gaveUp: () => boolean }): Promise<boolean> {
  while (Date.now() < options.deadline) {
    if (options.gaveUp()) return false;
    if (await httpOk(url, Math.max(50, Math.min(1000, options.deadline - Date.now())))) return true;
    if (options.gaveUp()) return false;
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
  }
  return false;
}
