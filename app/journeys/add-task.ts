// Journey: add a task on the tasks page and see it in the list.
// Run it with `harness journey run add-task [--record]` once the env is up.
import type { JourneyContext } from 'agent-harness/journey';

export default async function addTask({ page, appUrl, step, check }: JourneyContext): Promise<void> {
  const title = `Journey task ${Date.now()}`;
  step('open the tasks page');
  await page.goto(`${appUrl}/`);
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();

  step('fill in the new task');
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Priority').selectOption('high');

  step('add it');
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('status').filter({ hasText: 'Added' }).waitFor({ timeout: 5000 });

  step('see it listed with its priority');
  const item = page.getByRole('listitem').filter({ hasText: title });
  await item.waitFor({ timeout: 5000 });
  check((await item.textContent())?.includes('high priority'), `the new task "${title}" shows high priority`);
}
