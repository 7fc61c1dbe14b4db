// Bad input gets a clear error next to the field and nothing is saved.
import { test, expect } from './fixtures.mjs';
import { open, addPartner } from './helpers.mjs';

test('a partner without a name and with a bad phone is refused and not saved', async ({ page }) => {
  await open(page, '/partners/new');
  await page.getByLabel('Phone').fill('555-12');
  await page.getByRole('button', { name: 'Save partner' }).click();

  const summary = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText('Name is required');
  await expect(summary).toContainText('Phone must be a 10-digit phone number');
  await expect(page.getByLabel(/^Name/)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel(/^Name/)).toHaveAccessibleDescription('Name is required');

  // Jumping from the summary puts the cursor in the field to fix.
  await summary.getByRole('button', { name: 'Name is required' }).click();
  await expect(page.getByLabel(/^Name/)).toBeFocused();

  await open(page, '/partners');
  await expect(page.getByRole('heading', { name: 'No partners yet' })).toBeVisible();
});

test('a referral with no services and a future date is refused', async ({ page }) => {
  await addPartner(page, { name: 'St. Luke Medical Center' });
  await page.getByRole('link', { name: 'Add referral' }).click();
  await page.getByLabel(/^Participant/).fill('A.B.');
  await page.getByLabel(/^Date received/).fill('2999-01-01');
  await page.getByRole('button', { name: 'Save referral' }).click();
  const summary = page.getByRole('alert').filter({ hasText: 'Nothing was saved' });
  await expect(summary).toContainText('Date received cannot be in the future');
  await expect(summary).toContainText('Services requested needs at least one service');
  await page.reload();
  await open(page, '/referrals');
  await expect(page.getByText('No referrals match.')).toBeVisible();
});
