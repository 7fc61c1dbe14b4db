// A staff member records a partner, a contact, a referral and a touchpoint; all survive a reload.
import { test, expect } from './fixtures.mjs';
import { open, addPartner, addContact, quickLog } from './helpers.mjs';

test('partner, contact, referral and touchpoint are saved and survive a reload', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital', phone: '555-201-3000' });
  await addContact(page, { name: 'Dana Lee' });

  await page.getByRole('link', { name: 'Add referral' }).click();
  await expect(page.getByLabel(/^Referring partner/)).toHaveValue(/.+/);
  await page.getByLabel('Referring contact').selectOption({ label: 'Dana Lee (Discharge planner)' });
  await page.getByLabel(/^Participant/).fill('J.R.');
  await page.getByLabel('Personal care').check();
  await page.getByLabel('Respite').check();
  await page.getByRole('button', { name: 'Save referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral of J.R.' })).toBeVisible();

  await page.getByRole('link', { name: 'Mercy General Hospital' }).click();
  await quickLog(page, { channel: 'Visit', note: 'Brought brochures for the discharge desk' });
  await expect(page.getByRole('list', { name: 'Touchpoints, newest first' })).toContainText('Brought brochures');
  await expect(page.locator('.standing')).toContainText('today');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Dana Lee');
  await expect(page.getByRole('list', { name: 'Referrals from this partner' })).toContainText('J.R.');
  await expect(page.getByRole('list', { name: 'Touchpoints, newest first' })).toContainText('Visit · Check-in');

  await open(page, '/referrals');
  await expect(page.getByRole('list', { name: 'Referrals' })).toContainText('J.R. · Mercy General Hospital');
  await open(page, '/partners');
  await expect(page.getByRole('list', { name: 'Partners' })).toContainText('On track');
});

test('a quick log says which of the partner\'s people the touch was with', async ({ page }) => {
  await addPartner(page, { name: 'Riverside Rehab', tier: 'Regular' });
  const channels = page.getByRole('group', { name: 'How did you reach them?' });
  // With no contacts there is no one to choose.
  await channels.getByRole('button', { name: 'Call' }).click();
  await expect(page.getByLabel('Purpose')).toBeVisible();
  await expect(page.getByLabel('With', { exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Cancel' }).click();

  await addContact(page, { name: 'Sam Ortiz', role: 'Case manager' });
  await addContact(page, { name: 'Ana Ruiz' });
  await channels.getByRole('button', { name: 'Call' }).click();
  await expect(page.getByLabel('With', { exact: true })).toHaveValue('');
  await expect(page.getByLabel('With', { exact: true }).locator('option')).toHaveText(['No one in particular', 'Ana Ruiz', 'Sam Ortiz']);
  await page.getByRole('button', { name: 'Cancel' }).click();

  await quickLog(page, { channel: 'Call', withWhom: 'Sam Ortiz', note: 'Asked about weekend starts' });
  const timeline = page.getByRole('list', { name: 'Touchpoints, newest first' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Asked about weekend starts' })).toContainText('with Sam Ortiz');
  // The next log starts again from the organization.
  await quickLog(page, { channel: 'Visit', note: 'Dropped off flyers' });
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Dropped off flyers' })).not.toContainText('with ');

  await page.reload();
  await expect(timeline.getByRole('listitem').filter({ hasText: 'Asked about weekend starts' })).toContainText('with Sam Ortiz');
});

test('a referral moves through its statuses and a decline needs a reason', async ({ page }) => {
  await addPartner(page, { name: 'Eastside Area Agency on Aging', kind: 'Area Agency on Aging', tier: 'Regular' });
  await page.getByRole('link', { name: 'Add referral' }).click();
  await page.getByLabel(/^Participant/).fill('M.K.');
  await page.getByLabel('Homemaker').check();
  await page.getByRole('button', { name: 'Save referral' }).click();

  await expect(page.getByLabel('New status')).toHaveValue('contacted');
  await page.getByRole('button', { name: 'Save status' }).click();
  await expect(page.locator('main')).toContainText('Status set to Contacted');
  await page.getByLabel('New status').selectOption({ label: 'Declined' });
  await page.getByRole('button', { name: 'Save status' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Reason needs a reason' })).toBeVisible();
  await page.getByLabel(/^Reason/).selectOption({ label: 'No staff capacity' });
  await page.getByRole('button', { name: 'Save status' }).click();
  await expect(page.locator('.history')).toContainText('Declined (No staff capacity)');

  await page.reload();
  await expect(page.locator('.history')).toContainText('Contacted');
  await expect(page.locator('.history')).toContainText('Declined (No staff capacity)');
});

test('Back and Cancel on the referral form return where the person came from', async ({ page }) => {
  await addPartner(page, { name: 'Lakeside Clinic' });
  const partnerUrl = page.url();
  await page.getByRole('link', { name: 'Add referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Record a referral' })).toBeVisible();
  await expect(page.locator('.breadcrumb')).toHaveText('Lakeside Clinic');
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(partnerUrl);

  await page.getByRole('link', { name: 'Add referral' }).click();
  await page.getByLabel(/^Participant/).fill('K.M.');
  await page.getByLabel('Homemaker').check();
  await page.getByRole('button', { name: 'Save referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral of K.M.' })).toBeVisible();
  const referralUrl = page.url();
  await page.getByRole('link', { name: 'Edit referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit referral' })).toBeVisible();
  await page.getByRole('link', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(referralUrl);
});
