// The agency's backup file (issue 14): made with a passphrase, unreadable without it, restored
// into an emptied tablet with a check, and the 30-day reminder for a tablet outside a team.
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { expectAccessible, expectTouchTargets, open } from './helpers.mjs';

const PASSPHRASE = 'river maple lantern harbor';

async function partnerNames(page) {
  await open(page, '/partners');
  // The directory fills in once the documents are read: wait for its rows before reading them.
  const rows = page.getByRole('list', { name: 'Partners' }).locator('.row-title');
  await expect(rows.first()).toBeVisible();
  return (await rows.allTextContents()).sort();
}

async function restore(page, file, passphrase) {
  await page.getByLabel(/^Backup file/).setInputFiles(file);
  await page.getByLabel(/^Its passphrase/).fill(passphrase);
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
}

test('a backup restores the agency into an emptied tablet, checked, and nothing else opens it', async ({ page }, info) => {
  test.setTimeout(180_000);
  await open(page, '/settings/data');
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible({ timeout: 60_000 });
  const before = await partnerNames(page);
  expect(before.length).toBeGreaterThan(3);

  await open(page, '/settings');
  const reminder = page.getByRole('note').filter({ hasText: 'may hold the agency\'s only copy' });
  await expect(reminder).toContainText('No backup has been made from this tablet.');
  await reminder.getByRole('link', { name: 'Make a backup' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Backup' })).toBeVisible();
  await expectAccessible(page, 'backup');
  await expectTouchTargets(page, 'backup');

  await page.getByLabel(/^Backup passphrase \(/).fill('too short');
  await page.getByLabel(/^Backup passphrase again/).fill('too short');
  await page.getByRole('button', { name: 'Download backup' }).click();
  await expect(page.getByRole('alert')).toContainText('at least 12 characters');
  await page.getByLabel(/^Backup passphrase \(/).fill(PASSPHRASE);
  await page.getByLabel(/^Backup passphrase again/).fill(`${PASSPHRASE}x`);
  await page.getByRole('button', { name: 'Download backup' }).click();
  await expect(page.getByRole('alert')).toContainText('not the same');
  await page.getByLabel(/^Backup passphrase again/).fill(PASSPHRASE);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^rapport-backup-\d{4}-\d\d-\d\d\.rapport$/);
  const file = info.outputPath('agency.rapport');
  await download.saveAs(file);
  await expect(page.getByRole('status').filter({ hasText: 'Backup saved as' })).toBeVisible();
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 15).toString('latin1')).toBe('RAPPORT BACKUP\n');
  for (const name of before) expect(bytes.includes(Buffer.from(name)), `the file shows ${name}`).toBe(false);
  await open(page, '/settings');
  await expect(reminder).toHaveCount(0);

  // Emptied, then restored: a wrong passphrase changes nothing; the right one gives it all back.
  await open(page, '/settings/data');
  await page.getByRole('button', { name: 'Remove sample data' }).click();
  await expect(page.getByRole('button', { name: 'Load the sample agency' })).toBeVisible({ timeout: 30_000 });
  await open(page, '/settings/backup');
  await restore(page, file, 'river maple lantern harbour');
  await expect(page.getByRole('alert')).toContainText('the passphrase is not the one this backup was made with');
  await restore(page, file, PASSPHRASE);
  await expect(page.getByRole('status').filter({ hasText: 'Restored and checked' })).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'backup restored');
  await page.getByRole('button', { name: 'Open the restored data' }).click();
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
  expect(await partnerNames(page)).toEqual(before);

  // Restoring over data would mix two agencies: refused.
  await open(page, '/settings/backup');
  await restore(page, file, PASSPHRASE);
  await expect(page.getByRole('alert')).toContainText('This tablet already holds data');
});
