import { closeSync, openSync, readSync, fstatSync } from 'node:fs';

/** The last `lines` lines of a log file (read from its end), or '' when it does not exist. */
export function tailLines(path: string, lines: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, 16_384);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8').replace(/\s+$/, '');
    return text.split('\n').slice(-lines).join('\n');
  } finally {
    closeSync(fd);
  }
}
