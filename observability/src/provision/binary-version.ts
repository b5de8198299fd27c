import { execFile } from 'node:child_process';
import { versionFromOutput } from '../stack/versions.js';

export type VersionProbe = { ok: true; version: string } | { ok: false; why: string };

/**
 * Runs `<path> -version` (a Victoria binary prints its build tag and exits) and reads
 * the release version from it. Never throws: a missing, non-executable or foreign
 * file is reported as `ok: false` with the reason.
 */
export function probeVersion(path: string, signal?: AbortSignal): Promise<VersionProbe> {
  return new Promise((resolve) => {
    execFile(path, ['-version'], { timeout: 10_000, signal, maxBuffer: 64 * 1024 }, (error, stdout, stderr) => {
      const version = versionFromOutput(`${stdout}`);
      if (error && !version) {
        const code = 'code' in error ? error.code : undefined;
        const why =
          code === 'ENOENT'
            ? `${path} does not exist`
            : code === 'EACCES'
              ? `${path} is not executable`
              : `\`${path} -version\` failed: ${firstLine(`${stderr}`) || error.message}`;
        resolve({ ok: false, why });
        return;
      }
      resolve(version ? { ok: true, version } : { ok: false, why: `\`${path} -version\` printed no version (${firstLine(`${stdout}`) || 'nothing'})` });
    });
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0]?.slice(0, 200) ?? '';
}
