// Two tabs of Rapport on one tablet never lose or corrupt each other's edits.
import { test, expect } from './fixtures.mjs';
import { open, addPartner } from './helpers.mjs';

test('two tabs adding and editing at once keep every change', async ({ context }) => {
  const first = await context.newPage();
  await addPartner(first, { name: 'Mercy General Hospital' });
  const partnerPath = new URL(first.url()).pathname;

  const second = await context.newPage();
  await open(second, partnerPath);

  // Each tab edits a different field of the same partner, neither having seen the other's edit.
  await open(first, `${partnerPath}/edit`);
  await open(second, `${partnerPath}/edit`);
  await first.getByLabel('Phone').fill('555-201-3000');
  await second.getByLabel('Notes').fill('Ask for the discharge desk');
  await Promise.all([
    first.getByRole('button', { name: 'Save changes' }).click(),
    second.getByRole('button', { name: 'Save changes' }).click(),
  ]);

  // And each adds a partner of its own.
  await addPartner(first, { name: 'Oak Hollow Family Medicine', kind: 'Physician practice' });
  await addPartner(second, { name: 'Brookfield Care Coordination', kind: 'Case-management agency' });

  // The other tab's partner shows up without a reload.
  await open(first, '/partners');
  await expect(first.getByRole('list', { name: 'Partners' })).toContainText('Brookfield Care Coordination');

  for (const page of [first, second]) {
    await page.reload();
    await open(page, partnerPath);
    await expect(page.locator('.standing')).toContainText('555-201-3000');
    await expect(page.locator('.notes')).toHaveText('Ask for the discharge desk');
    await open(page, '/partners');
    const list = page.getByRole('list', { name: 'Partners' });
    await expect(list).toContainText('Oak Hollow Family Medicine');
    await expect(list).toContainText('Brookfield Care Coordination');
  }
});
