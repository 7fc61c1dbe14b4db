// Screens other than Today live in lazy WebAssembly chunks (issue 10): the first screen does
// not download them, and the service worker's precache makes every one of them open offline.
import { test, expect } from '@playwright/test';

/** One address per lazy area, with the heading its screen shows. */
const LAZY_SCREENS = [
  ['/partners', 'Partners'],
  ['/referrals', 'Referrals'],
  ['/referrals/new', 'Record a referral'],
  ['/recognition', 'Top referral sources'],
  ['/settings', 'Settings'],
  ['/settings/templates', 'Message templates'],
  ['/team', 'Team'],
  ['/setup', 'Create your team'],
  ['/join', 'Join your team'],
];

test('the first screen downloads no lazy chunk', async ({ page }) => {
  const lazy = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/assets/lazy-')) lazy.push(request.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  expect(lazy, 'chunks fetched by the page for Today').toEqual([]);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(lazy.length, 'Settings loads its chunk on demand').toBeGreaterThan(0);
});

test('each lazy screen opens offline after one online visit', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // Wait until the service worker has precached every asset and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  for (const [path, heading] of LAZY_SCREENS) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading }), `${path} offline`).toBeVisible();
  }

  // A partner saved offline opens on its own page, and its edit form opens from there.
  await page.goto('/partners/new');
  await page.getByLabel(/^Name/).fill('Lakeside Clinic');
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Lakeside Clinic' })).toBeVisible();
  await page.getByRole('link', { name: 'Add contact' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a contact at Lakeside Clinic' })).toBeVisible();
  await context.setOffline(false);
});

test.describe('before the service worker has the chunks', () => {
  test.use({ serviceWorkers: 'block' });

  test('a screen whose chunk cannot be downloaded says so, and opens once it can', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    await page.route('**/assets/lazy-*', (route) => route.abort('internetdisconnected'));
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Team' }).click();
    await expect(page.getByRole('alert')).toContainText('This screen could not be loaded');
    // The app is still running: its own screens still work.
    await nav.getByRole('link', { name: 'Today' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();

    await page.unroute('**/assets/lazy-*');
    await nav.getByRole('link', { name: 'Team' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
  });
});
