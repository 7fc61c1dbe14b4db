// Screens other than Today live in lazy WebAssembly chunks (issue 10): the first screen does
// not download them, and the service worker's precache makes every one of them open offline.
import { test, expect } from './fixtures.mjs';

/** One address per lazy area, with the heading its screen shows. */
const LAZY_SCREENS = [
  ['/partners', 'Partners'],
  ['/referrals', 'Referrals'],
  ['/referrals/new', 'Record a referral'],
  ['/recognition', 'Top referral sources'],
  ['/events', 'Events'],
  ['/settings', 'Settings'],
  ['/settings/templates', 'Message templates'],
  ['/team', 'Team'],
  ['/setup', 'Create your team'],
  ['/join', 'Join your team'],
];

/** The lazy chunk files the page asks for, as their split names (`split_welcome`, `chunk_3`). */
function watchChunks(page) {
  const fetched = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname.match(/^\/assets\/lazy-(.+)-[0-9a-f]{12}\.wasm$/);
    if (name) fetched.push(name[1]);
  });
  return fetched;
}

test('an empty app downloads the welcome, and no screen\'s chunk', async ({ page }) => {
  const fetched = watchChunks(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Welcome to Rapport' })).toBeVisible();
  expect(fetched, 'the welcome is a chunk of its own').toContain('split_welcome');
  expect(fetched.filter((f) => f.startsWith('split_') && f !== 'split_welcome'), 'screen chunks fetched for Today').toEqual([]);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  expect(fetched, 'Settings loads its chunk on demand').toContain('split_settings');
});

test.describe('with data', () => {
  // Without the service worker every chunk the page needs shows up as a request.
  test.use({ serviceWorkers: 'block' });

  test('Today downloads no lazy chunk, and the status details load on the first tap', async ({ page }) => {
    await page.goto('/settings/data');
    await page.getByRole('button', { name: 'Load the sample agency' }).click();
    // Once written, Settings opens the partner directory.
    await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible({ timeout: 45_000 });

    const fetched = watchChunks(page);
    await page.goto('/');
    await expect(page.locator('main section.group').first()).toBeVisible();
    expect(fetched, 'chunks fetched by the page for Today with data').toEqual([]);

    await page.locator('header.topbar').getByRole('button', { name: /^Status: / }).click();
    const details = page.getByRole('group', { name: 'Status details' });
    await expect(details).toContainText('All records loaded');
    expect(fetched, 'the details are a chunk of their own').toContain('split_status_details');
  });
});

test('each lazy screen opens offline after one online visit', async ({ page, context }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  // Wait until the service worker has precached every asset and controls the page.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  // The empty app's welcome is precached too.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Welcome to Rapport' })).toBeVisible();
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
