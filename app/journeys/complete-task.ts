// Journey: add a task, mark it done, and see it listed as done.
// Run it with `harness journey run complete-task [--record]` once the env is up.
import type { JourneyContext } from 'agent-harness/journey';

export default async function completeTask({ page, appUrl, step, check }: JourneyContext): Promise<void> {
  const title = `Journey chore ${Date.now()}`;
  step('open the tasks page');
  await page.goto(`${appUrl}/`);
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();

  step('add a task to complete');
  await page.getByLabel('Title').fill(title);
  await page.getByRole('button', { name: 'Add task' }).click();
  await page.getByRole('button', { name: `Mark done: ${title}` }).waitFor({ timeout: 5000 });

  step('mark it done');
  await page.getByRole('button', { name: `Mark done: ${title}` }).click();
  await page.getByRole('button', { name: `Reopen: ${title}` }).waitFor({ timeout: 5000 });

  step('see it listed as done');
  const item = page.getByRole('listitem').filter({ hasText: title });
  check((await item.textContent())?.includes(`${title} (done)`), `the task "${title}" is listed as done`);
}
