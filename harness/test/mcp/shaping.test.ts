import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { cutToBudget } from '../../src/utils/text-budget.js';
import { pngSize } from '../../src/utils/png.js';
import { DEFAULT_BUDGET, imageContent, shapeText } from '../../src/shell/mcp-results.js';
import { parseToolGroups } from '../../src/shell/mcp-catalog.js';
import { envNotReady } from '../../src/shell/mcp-server.js';

// The shaping rules of MCP answers on their own: where text is cut and what the note says,
// which images are attached and which are named, and the fix each env state gets.

const dir = mkdtempSync(join(tmpdir(), 'hx-mcp-shape-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A real, decodable PNG of one colour (RGB, no filter). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x80)]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function pngFile(name: string, width: number, height: number): string {
  const path = join(dir, name);
  writeFileSync(path, png(width, height));
  return path;
}

describe('text budget', () => {
  it('keeps text within the budget whole', () => {
    expect(cutToBudget('a\nb\n', 10)).toEqual({ kept: 'a\nb\n', cutChars: 0, cutLines: 0 });
  });

  it('cuts at the last line break before the budget and counts what it left out', () => {
    const text = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    const cut = cutToBudget(text, 50);
    expect(cut.kept).toBe(text.slice(0, text.lastIndexOf('\n', 50)));
    expect(cut.kept.endsWith('line 6')).toBe(true);
    expect(cut.cutLines).toBe(93);
    expect(cut.kept.length + cut.cutChars).toBe(text.length);
  });

  it('cuts mid-line rather than waste most of the budget on one long line', () => {
    const cut = cutToBudget(`short\n${'x'.repeat(500)}`, 100);
    expect(cut.kept).toHaveLength(100);
  });

  it('saves the whole answer in the worktree and says where (an absolute path), how much was cut, and how to narrow the call', () => {
    const text = Array.from({ length: 50 }, (_, i) => `row ${i}`).join('\n');
    // The server's cwd (here the test's) is not the worktree: a client that starts the server
    // in $HOME with --worktree must still find the file, so the path must not be relative to it.
    const shaped = shapeText(text, 'logs_query', dir, { ...DEFAULT_BUDGET, maxChars: 40 });
    const path = /saved in (\S+) \(read it with your file tool\)/.exec(shaped)?.[1];
    expect(path).toMatch(new RegExp(`^${dir}/\\.harness/artifacts/mcp/logs_query-.+\\.txt$`));
    expect(readFileSync(path!, 'utf8')).toBe(text);
    expect(shaped).toMatch(/… cut here: \d+ more lines \(\d+ characters\)/);
    expect(shaped).toContain('or call logs_query again with a narrower input');
  });
});

describe('images', () => {
  it('reads the size from the PNG header, and refuses what is not a PNG', () => {
    expect(pngSize(png(640, 360))).toEqual({ width: 640, height: 360 });
    expect(pngSize(Buffer.from('GIF89a not a png at all, no'))).toBeNull();
  });

  it('attaches PNGs as image content, within the count budget, naming the others with the reason', () => {
    const paths = Array.from({ length: 6 }, (_, i) => pngFile(`tile-${i}.png`, 320, 200));
    const { images, notes } = imageContent(paths, DEFAULT_BUDGET);
    expect(images).toHaveLength(DEFAULT_BUDGET.maxImages);
    for (const image of images) {
      expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
      expect(pngSize(Buffer.from((image as { data: string }).data, 'base64'))).toEqual({ width: 320, height: 200 });
    }
    expect(notes).toHaveLength(2);
    expect(notes[0]).toContain(`${paths[4]} (320×200) not attached: over the per-answer image budget`);
  });

  it('never attaches an image larger than the side limit or a file that is gone', () => {
    const big = pngFile('big.png', 2400, 300);
    const { images, notes } = imageContent([big, join(dir, 'gone.png')], DEFAULT_BUDGET);
    expect(images).toEqual([]);
    expect(notes[0]).toContain('larger than 1568 px; ask for a smaller one (maxSide)');
    expect(notes[1]).toContain('is gone');
  });
});

describe('server options and env states', () => {
  it('parses --tools groups and refuses unknown ones with the list', () => {
    expect(parseToolGroups(undefined).length).toBeGreaterThan(2);
    expect(parseToolGroups('telemetry, env')).toEqual(['env', 'telemetry']);
    expect(() => parseToolGroups('env,gpu')).toThrow(/unknown group gpu/);
  });

  it('gives each env state that is not ready a fix in terms of the MCP tools', () => {
    const base = { id: 'wt-1', worktree: '/w' };
    expect(envNotReady('logs_query', { ...base, state: 'down' })?.fix).toBe('call env_up to boot it (seconds to a minute), then call logs_query again');
    const env = {} as never;
    expect(envNotReady('traces_get', { ...base, state: 'starting', env })?.fix).toContain('call env_up: it waits for the boot in progress');
    expect(envNotReady('traces_get', { ...base, state: 'dead', env })?.what).toContain('daemon of env wt-1 is not running');
    expect(envNotReady('traces_get', { ...base, state: 'failed', env })?.fix).toContain('call env_status');
    expect(envNotReady('traces_get', { ...base, state: 'stopping', env })?.fix).toContain('wait for env_down');
  });
});
