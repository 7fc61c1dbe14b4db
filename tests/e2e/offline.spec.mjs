// The installed app opens with no connection and keeps saving on the device.
import { test, expect } from './fixtures.mjs';
import { open, addPartner, quickLog } from './helpers.mjs';

test('with the network gone the app still opens and a new touchpoint is kept', async ({ page, context }) => {
  await addPartner(page, { name: 'Riverton Senior Center', kind: 'Community organization', tier: 'Regular' });
  const partnerUrl = page.url();
  // Wait until the service worker has cached the app shell and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Riverton Senior Center' })).toBeVisible();
  await expect(page.getByText('Offline: saving on this tablet')).toBeVisible();
  await quickLog(page, { channel: 'Visit', note: 'Health fair booth, no signal' });

  await page.reload();
  await expect(page.getByRole('list', { name: 'Touchpoints, newest first' })).toContainText('Health fair booth, no signal');
  await page.goto(partnerUrl.replace(/\/partners\/.*/, '/referrals'));
  await expect(page.getByRole('heading', { level: 1, name: 'Referrals' })).toBeVisible();
  await context.setOffline(false);
});

test("with the app installed, the relay's own pages still reach the relay", async ({ page }) => {
  await open(page, '/');
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  for (const path of ['/relay', '/healthz']) {
    const response = await page.goto(path);
    expect(response.fromServiceWorker(), `${path} is answered by the relay`).toBe(false);
  }
  await page.goto('/relay');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Rapport relay|Set up your Rapport team/);
});
