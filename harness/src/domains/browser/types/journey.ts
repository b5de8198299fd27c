import type { Page } from 'playwright-core';

/**
 * What a journey script's default export receives (`harness journey run NAME`).
 * Journeys import it as `import type { JourneyContext } from 'agent-harness/journey'`.
 */
export interface JourneyContext {
  /** The env's own tab, driven through Playwright. */
  page: Page;
  /** The app's base URL: `await page.goto(appUrl + '/settings')`. */
  appUrl: string;
  /** Names a step; the answer lists the steps reached, so a failure shows where it was. */
  step(name: string): void;
  /** Fails the journey with `message` unless `condition` holds. */
  check(condition: unknown, message: string): asserts condition;
}
