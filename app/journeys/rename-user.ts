// Journey: change the display name in the settings and see the greeting follow it.
import type { JourneyContext } from 'agent-harness/journey';

export default async function renameUser({ page, appUrl, step, check }: JourneyContext): Promise<void> {
  const name = `Agent ${Math.floor(Math.random() * 1000)}`;
  step('open the settings page');
  await page.goto(`${appUrl}/settings`);
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();

  step('change the display name and save');
  await page.getByLabel('Display name').fill(name);
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.locator('#settings-status').filter({ hasText: 'Settings saved.' }).waitFor({ timeout: 5000 });

  step('see the greeting on the tasks page');
  await page.goto(`${appUrl}/`);
  await page.locator('#greeting').filter({ hasText: name }).waitFor({ timeout: 5000 });
  check((await page.locator('#greeting').textContent()) === `Hello, ${name}`, `the greeting says Hello, ${name}`);
}
