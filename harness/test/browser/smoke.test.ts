import { it } from 'vitest';
import { startFixtureSite } from './fixture-site.js';
import { newBrowserService } from './service-fixture.js';

it('smoke', async () => {
  const site = await startFixtureSite();
  const { service, cleanup } = newBrowserService(site.url);
  try {
    let t = Date.now();
    const nav = await service.navigate({ url: '/' });
    console.log('nav', Date.now() - t, JSON.stringify(nav).slice(0, 600));
    t = Date.now();
    const snap = await service.snapshot({});
    console.log('snap', Date.now() - t, snap.text);
    t = Date.now();
    const snap2 = await service.snapshot({});
    console.log('snap2', Date.now() - t, snap2.bytes);
    await service.fill({ fields: [{ target: { text: 'Title' }, value: 'Buy milk' }] });
    t = Date.now();
    const click = await service.click({ target: { role: 'button', name: 'Add task' }, kind: 'click' });
    console.log('click', Date.now() - t, JSON.stringify(click, null, 1).slice(0, 3000));
    t = Date.now();
    const shot = await service.screenshot({ mode: 'viewport' });
    console.log('shot', Date.now() - t, JSON.stringify(shot));
    console.log((await service.snapshot({ interactiveOnly: true })).text);
  } finally {
    await cleanup();
    await site.close();
  }
});
