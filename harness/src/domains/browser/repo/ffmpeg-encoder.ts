import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { HarnessError } from '../../../utils/diagnostic.js';

/** Debian's ffmpeg (installed by scripts/setup.mjs). */
export const FFMPEG = '/usr/bin/ffmpeg';

/**
 * An H.264 MP4 encoder fed with JPEG frames at a fixed rate on stdin. ultrafast keeps
 * the encoder light on two cores; yuv420p and even dimensions make the file play
 * everywhere (browsers, GitHub, QuickTime).
 */
export class FfmpegEncoder {
  readonly path: string;
  readonly #child;
  readonly #done: Promise<{ code: number | null; stderr: string }>;
  frames = 0;

  constructor(path: string, fps: number) {
    if (!existsSync(FFMPEG)) {
      throw new HarnessError({
        what: `ffmpeg is not installed at ${FFMPEG}`,
        why: 'videos are encoded from the screencast frames with ffmpeg',
        fix: 'run `npm run setup` (it installs Debian\'s ffmpeg), or `apt-get install -y ffmpeg`',
      });
    }
    this.path = path;
    this.#child = spawn(
      FFMPEG,
      ['-hide_banner', '-loglevel', 'error', '-f', 'image2pipe', '-framerate', String(fps), '-c:v', 'mjpeg', '-i', '-',
        '-vf', 'scale=trunc(iw/2)*2:trunc(ih/2)*2', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
        '-movflags', '+faststart', '-y', path],
      { stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let stderr = '';
    this.#child.stderr.setEncoding('utf8');
    this.#child.stderr.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    this.#child.stdin.on('error', () => undefined);
    this.#done = new Promise((resolve) => {
      this.#child.once('exit', (code) => resolve({ code, stderr }));
      this.#child.once('error', (error) => resolve({ code: -1, stderr: error.message }));
    });
  }

  write(jpeg: Buffer): void {
    if (this.#child.stdin.writable) {
      this.#child.stdin.write(jpeg);
      this.frames++;
    }
  }

  /** Closes the input and waits for the file; kills ffmpeg if it takes longer than timeoutMs. */
  async finish(timeoutMs: number): Promise<void> {
    this.#child.stdin.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    const { code, stderr } = await this.#done;
    clearTimeout(timer);
    if (code !== 0) {
      throw new HarnessError({
        what: `ffmpeg could not encode the video (exit ${code ?? 'killed'}): ${stderr.trim().split('\n').slice(-2).join(' | ') || 'no message'}`,
        why: 'the recording is written as an MP4 by ffmpeg',
        fix: this.frames === 0 ? 'record for longer: no frame arrived from the page' : `run \`${FFMPEG} -encoders | grep libx264\` to check the encoder exists; reinstall with apt-get install -y ffmpeg`,
      });
    }
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }
}
