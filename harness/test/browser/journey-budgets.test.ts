import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadProjectConfig } from '../../src/providers/project-config.js';
import { parseBudgets } from '../../src/domains/telemetry/config/budgets.js';
import { parseBrowserConfig } from '../../src/domains/browser/config/settings.js';
import { findJourney } from '../../src/domains/browser/service/journeys.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

// A journey budget over a journey that does not exist would pass on no data forever.
describe("this repository's journey budgets", () => {
  it('name only journeys that exist in the journeys folder', async () => {
    const config = await loadProjectConfig(repoRoot);
    const budgets = parseBudgets(config.sections.budgets, 'budgets', 'harness.config.ts');
    const folder = parseBrowserConfig(config.sections.browser).journeys;
    const named = budgets.flatMap((b) => b.spans?.journeys ?? []);
    expect(named).toEqual(expect.arrayContaining(['add-task', 'complete-task']));
    for (const journey of named) expect(() => findJourney(repoRoot, folder, journey), journey).not.toThrow();
  });
});
