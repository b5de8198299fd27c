import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clientTimeoutMs } from '../../src/domains/browser/ui/daemon-call.js';

// The CLI and MCP give up on the daemon only after the daemon itself would have: a journey
// without --deadline runs up to browser.journeyDeadlineMs (plus the daemon's 30 s for its
// telemetry and video), evidence stop up to 60 s.

const dir = mkdtempSync(join(tmpdir(), 'harness-timeout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('how long the CLI and MCP wait for a browser tool', () => {
  it("waits for a journey's own deadline, from harness.config.ts or its default", async () => {
    expect(await clientTimeoutMs('journey', {}, dir)).toBeGreaterThan(120_000 + 30_000);
    writeFileSync(join(dir, 'harness.config.ts'), 'export default { browser: { journeyDeadlineMs: 300000 } };\n');
    expect(await clientTimeoutMs('journey', {}, dir)).toBeGreaterThan(300_000 + 30_000);
    expect(await clientTimeoutMs('journey', { deadlineMs: 5000 }, dir)).toBeGreaterThan(5000 + 30_000);
  });

  it("waits past evidence stop's 60 s and any action's deadline", async () => {
    expect(await clientTimeoutMs('evidence', { action: 'stop', name: 'x' }, dir)).toBeGreaterThan(60_000);
    expect(await clientTimeoutMs('click', { deadlineMs: 200_000 }, dir)).toBeGreaterThan(200_000);
  });
});
