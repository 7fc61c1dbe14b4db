// CSV import and export (issue 14): a spreadsheet with bad rows and duplicates is checked row
// by row, duplicates settled one by one, imported as one batch and undone as a whole; exports
// start with Excel's byte-order mark and leave participants out unless staff confirm.
import { test, expect } from './fixtures.mjs';
import {
  addContact, addPartner, addReferral, downloaded, expectAccessible, expectTouchTargets, open,
} from './helpers.mjs';

/** Where screenshots go when RAPPORT_SHOTS names a folder (looked at, not compared). */
const shots = process.env.RAPPORT_SHOTS;

async function shoot(page, name) {
  if (!shots) return;
  for (const [w, h] of [[820, 1180], [1180, 820]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${shots}/${name}-${w}x${h}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

// Line 2 names a partner already in Rapport; line 8 repeats line 3's contact; lines 5–7 are bad.
const CSV = [
  'Organization,Type,Tier,Contact name,Role,Email,Phone',
  'Mercy General Hospital,Hospital,Key,Dana Reyes,Discharge planner,dana@mercy.org,555-201-4001',
  'Oak Valley Clinic,Physician practice,Regular,Sam Ode,Physician,sam@oakvalley.org,555-201-4002',
  'Riverside Area Agency on Aging,Area Agency on Aging,Occasional,Lee Park,Case manager,lee@riverside.org,555-201-4003',
  ',Hospital,Key,Nobody Known,Nurse,nobody@example.org,555-201-4004',
  'Harbor Home Health,Other,Regular,Pat Quill,Other,not-an-email,555-201-4005',
  'Summit Senior Center,Community organization,Regular,Quinn Marsh,Other,quinn@summit.org,12',
  'Oak Valley Clinic,Physician practice,Regular,Sam Ode,Physician,sam@oakvalley.org,555-201-4002',
].join('\r\n');

test('a spreadsheet with bad rows and duplicates is checked, imported as one batch, and undone', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital' });
  await addContact(page, { name: 'Dana Lee' });
  await addReferral(page, 'Zora Whitfield');

  await open(page, '/partners');
  await page.getByRole('link', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Import partners and contacts' })).toBeVisible();
  await expect(page.getByText('No imports yet.')).toBeVisible();
  await expectAccessible(page, 'import: choose a file');
  await expectTouchTargets(page, 'import: choose a file');

  await page.getByLabel('CSV file').setInputFiles({ name: 'partners.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
  // Each column's suggested field is preselected, labelled by the file's header.
  const suggested = {
    Organization: 'Organization name', Type: 'Kind of organization', Tier: 'Tier',
    'Contact name': 'Contact name', Role: 'Contact role', Email: 'Contact email', Phone: 'Contact phone',
  };
  for (const [header, field] of Object.entries(suggested)) {
    await expect(page.getByLabel(header, { exact: true }).locator('option:checked')).toHaveText(field);
  }
  // Two columns set to one field would drop one of the cells: said, and the import waits.
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Organization name' });
  await expect(page.getByRole('alert')).toContainText('More than one column is set to Organization name');
  await expect(page.getByRole('button', { name: /^Import \d+ partner/ })).toBeDisabled();
  await shoot(page, 'mapped-twice');
  await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Kind of organization' });
  await expect(page.getByRole('alert')).toHaveCount(0);
  const preview = page.getByRole('region', { name: 'The file\'s first rows' });
  await expect(preview.getByRole('row')).toHaveCount(6);
  await expect(preview).toContainText('Oak Valley Clinic');

  // The plan: problems by line with their reasons, and each duplicate with what it matches.
  await expect(page.locator('.plan-summary')).toHaveText('4 partners and 3 contacts to add. 3 rows with problems. 2 possible duplicates.');
  const problems = page.getByRole('list', { name: 'Rows with problems' });
  await expect(problems.getByRole('listitem')).toHaveCount(3);
  await expect(problems.getByRole('listitem').nth(0)).toContainText(/Line 5: Organization name is required/);
  await expect(problems.getByRole('listitem').nth(1)).toContainText(/Line 6: .*email/i);
  await expect(problems.getByRole('listitem').nth(2)).toContainText(/Line 7: .*phone/i);
  const existing = page.getByRole('group', { name: /^Line 2: Partner “Mercy General Hospital” looks like the partner Mercy General Hospital/ });
  const repeated = page.getByRole('group', { name: /^Line 8: Contact “Sam Ode” looks like line 3 of this file/ });
  await expect(existing).toBeVisible();
  await expect(repeated).toBeVisible();
  await shoot(page, 'plan');
  await expectAccessible(page, 'import: mapping and plan');
  await expectTouchTargets(page, 'import: mapping and plan');

  // Import as new would add a second Mercy; the plan follows each choice.
  await existing.getByText('Import as new').click();
  await expect(page.locator('.plan-summary')).toContainText('5 partners and 3 contacts');
  await existing.getByText('Merge').click();
  await repeated.getByText('Skip').click();
  await expect(existing.getByLabel('Merge')).toBeChecked();
  await expect(repeated.getByLabel('Skip')).toBeChecked();
  await expect(page.locator('.plan-summary')).toContainText('4 partners and 3 contacts');

  await page.getByRole('button', { name: 'Import 4 partners and 3 contacts' }).click();
  await expect(page.getByText('Imported 4 partners and 3 contacts from partners.csv.')).toBeVisible();
  const history = page.getByRole('region', { name: 'Past imports' });
  await expect(history).toContainText(/Maria Lopez: 4 partners, 3 contacts from partners\.csv/);
  await shoot(page, 'history');
  await expectAccessible(page, 'import: history');
  await expectTouchTargets(page, 'import: history');

  await open(page, '/partners');
  for (const name of ['Oak Valley Clinic', 'Riverside Area Agency on Aging', 'Harbor Home Health', 'Summit Senior Center']) {
    await expect(page.getByRole('link', { name: new RegExp(name) })).toBeVisible();
  }
  await page.getByRole('link', { name: /Mercy General Hospital/ }).click();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Dana Reyes');

  // Exports: Excel's byte-order mark, the imported partner, and participants only when confirmed.
  await open(page, '/settings/data');
  const partners = await downloaded(page, page.getByRole('button', { name: 'Download partners (CSV)' }));
  expect(partners.name).toMatch(/^rapport-partners-\d{4}-\d{2}-\d{2}\.csv$/);
  expect([...partners.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  expect(partners.bytes.toString('utf8')).toContain('Oak Valley Clinic');
  await page.getByRole('button', { name: 'Download referrals (CSV)' }).click();
  const prompt = page.getByRole('alertdialog', { name: 'Include participant details?' });
  await expect(prompt).toContainText('These are protected health information');
  await expectAccessible(page, 'export: PHI prompt');
  const without = await downloaded(page, prompt.getByRole('button', { name: 'Without participant details' }));
  expect(without.bytes.toString('utf8')).toContain('Mercy General Hospital');
  expect(without.bytes.toString('utf8')).not.toContain('Zora');
  await page.getByRole('button', { name: 'Download referrals (CSV)' }).click();
  const withNames = await downloaded(page, prompt.getByRole('button', { name: 'Include them' }));
  expect(withNames.bytes.toString('utf8')).toContain('Zora Whitfield');

  // Undo removes what the import created; the partner that was already there stays.
  await open(page, '/settings/import');
  await page.getByRole('button', { name: /^Undo this import/ }).click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Remove the 4 partners and 3 contacts this import added?');
  await expectAccessible(page, 'import: undo confirmation');
  await expectTouchTargets(page, 'import: undo confirmation');
  await shoot(page, 'undo-confirm');
  await confirm.getByRole('button', { name: 'Keep them' }).click();
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: /^Undo this import/ }).click();
  await confirm.getByRole('button', { name: 'Remove them' }).click();
  await expect(page.getByText('Removed 4 partners and 3 contacts.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Past imports' })).toContainText('Undone');
  await open(page, '/partners');
  await expect(page.getByRole('link', { name: /Mercy General Hospital/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Oak Valley Clinic/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Summit Senior Center/ })).toHaveCount(0);
  await page.getByRole('link', { name: /Mercy General Hospital/ }).click();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Dana Lee');
  await expect(page.getByRole('list', { name: 'Contacts' })).not.toContainText('Dana Reyes');
});

test('a file that is not a spreadsheet says what to do', async ({ page }) => {
  await open(page, '/settings/import');
  await page.getByLabel('CSV file').setInputFiles({ name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.from('') });
  await expect(page.getByRole('alert')).toContainText('export the sheet again with its column names in the first row');
});

test('a large import cancelled half-way keeps what it wrote as one import that undoes whole', async ({ page }) => {
  const rows = Array.from({ length: 5000 }, (_, i) => `Clinic ${String(i).padStart(4, '0')},Physician practice,Regular`);
  const csv = ['Organization,Type,Tier', ...rows].join('\r\n');
  await open(page, '/settings/import');
  await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const start = page.getByRole('button', { name: 'Import 5000 partners and 0 contacts' });
  await expect(start).toBeEnabled({ timeout: 20_000 });
  // Staff tap Cancel while chunks are written; here the tap is made the moment the first
  // chunk of 1,000 is reported, so it cannot arrive after the last one on a fast machine.
  await page.evaluate(() => {
    const watch = new MutationObserver(() => {
      const box = document.querySelector('.import-progress');
      if (box?.textContent.includes('Importing… 1,000 of 5,000')) {
        watch.disconnect();
        box.querySelector('button').click();
      }
    });
    watch.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await start.click();
  const progress = page.getByRole('region', { name: 'Importing' });
  const done = page.getByRole('status').filter({ hasText: /^Import cancelled: / });
  await expect(done).toHaveText(/^Import cancelled: 1000 partners and 0 contacts from big\.csv were written\./, { timeout: 60_000 });
  await expect(progress).toHaveCount(0);

  const history = page.getByRole('region', { name: 'Past imports' });
  await expect(history).toContainText('1000 partners, 0 contacts from big.csv');
  await history.getByRole('button', { name: /^Undo this import/ }).click();
  await page.getByRole('alertdialog').getByRole('button', { name: 'Remove them' }).click();
  await expect(history).toContainText('Undone');
  await open(page, '/partners');
  await expect(page.getByText('No partners yet')).toBeVisible();
});
