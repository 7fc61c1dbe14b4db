// Every screen passes axe-core and has touch-sized controls, at tablet size.
import { test, expect } from './fixtures.mjs';
import { open, addPartner, addContact, expectAccessible, expectTouchTargets } from './helpers.mjs';

test('every screen is accessible and touch-friendly', async ({ page }) => {
  await open(page, '/partners');
  await expectAccessible(page, 'empty directory');

  await addPartner(page, { name: 'Mercy General Hospital' });
  await addContact(page, { name: 'Dana Lee' });
  const partnerPath = new URL(page.url()).pathname;
  await page.getByRole('button', { name: 'Call' }).click();
  const screens = [
    ['partner page with quick log open', null],
    ['directory', '/partners'],
    ['today', '/'],
    ['top referral sources', '/recognition'],
    ['partner form', '/partners/new'],
    ['partner edit form', `${partnerPath}/edit`],
    ['contact form', `${partnerPath}/contacts/new`],
    ['referral form', `/referrals/new?partner=${partnerPath.split('/')[2]}`],
    ['touchpoint form', `/touchpoints/new?partner=${partnerPath.split('/')[2]}`],
    ['settings', '/settings'],
    ['settings: this tablet', '/settings/tablet'],
    ['settings: team policy', '/settings/policy'],
    ['settings: message templates', '/settings/templates'],
    ['settings: data', '/settings/data'],
  ];
  for (const [name, path] of screens) {
    if (path) await open(page, path);
    await expectAccessible(page, name);
    await expectTouchTargets(page, name);
  }

  await open(page, `/referrals/new?partner=${partnerPath.split('/')[2]}`);
  await page.getByRole('button', { name: 'Save referral' }).click();
  await expectAccessible(page, 'referral form with errors');
  await page.getByLabel(/^Participant/).fill('J.R.');
  await page.getByLabel('Adult day').check();
  await page.getByRole('button', { name: 'Save referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral of J.R.' })).toBeVisible();
  await expectAccessible(page, 'referral page');
  await expectTouchTargets(page, 'referral page');
  await open(page, '/referrals');
  await expectAccessible(page, 'referral log');
  await expectTouchTargets(page, 'referral log');
});

test('a partner can be added with the keyboard alone', async ({ page }) => {
  await open(page, '/partners');
  await page.keyboard.press('Tab'); // skip link
  await page.keyboard.press('Tab'); // brand
  let guard = 0;
  while (!(await page.evaluate(() => document.activeElement?.textContent?.trim() === 'Add partner')) && guard++ < 12) {
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Add a partner' })).toBeVisible();
  await page.getByLabel(/^Name/).focus();
  await page.keyboard.type('Keyboard Clinic');
  await page.keyboard.press('Enter'); // submits the form
  await expect(page.getByRole('heading', { level: 1, name: 'Keyboard Clinic' })).toBeVisible();
});

test('the header status button names the whole status, even what a portrait header hides', async ({ page }) => {
  await page.setViewportSize({ width: 820, height: 1180 });
  await addPartner(page, { name: 'Mercy General Hospital' });
  const header = page.locator('header.topbar');
  const status = header.getByRole('button', { name: /^Status: On this tablet only · Saved \d\d:\d\d$/ });
  await expect(status).toBeVisible();
  // At 820 px the line shows the sync state only; the save time is in the name alone.
  await expect(status.locator('.extra')).toBeHidden();
  await expect(status).toHaveAttribute('aria-expanded', 'false');
  await expect(status).toHaveAttribute('aria-controls', 'status-details');
  await status.click();
  await expect(status).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#status-details')).toHaveAccessibleName('Status details');
  await expect(page.locator('#status-details')).toContainText('Saved on this tablet at');
  await expectAccessible(page, 'status details at 820');
});
