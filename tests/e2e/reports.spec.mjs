// Reports (issue 14): the monthly figures with the period before, charts with their tables
// and summaries, no participant named anywhere, and a printable page.
import { writeFileSync } from 'node:fs';
import { test, expect } from './fixtures.mjs';
import { addContact, addPartner, addReferral, expectAccessible, expectTouchTargets, open } from './helpers.mjs';

const shots = 'e2e/test-results/reports';

async function figure(page, name) {
  const term = page.getByRole('region', { name: 'Key figures' }).locator('div', { has: page.locator('dt', { hasText: name }) });
  return (await term.locator('dd strong').textContent()).trim();
}

test('this month counts the new referral against none before, names no participant, and reads as tables', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital' });
  await addContact(page, { name: 'Dana Lee' });
  await addReferral(page, 'Zora Whitfield');

  await open(page, '/reports');
  await page.getByLabel('Period', { exact: true }).selectOption({ label: 'This month' });
  await expect(page.getByRole('heading', { level: 2, name: /^Monthly report · / })).toBeVisible();
  expect(await figure(page, 'Referrals received')).toBe('1');
  await expect(page.getByRole('region', { name: 'Key figures' })).toContainText('none in the period before');

  const who = page.getByRole('figure').filter({ has: page.getByRole('heading', { name: 'Who referred in this period' }) });
  await expect(who.getByRole('img', { name: 'Mercy General Hospital referred the most: 1.' })).toBeVisible();
  await who.getByText('Show as a table').click();
  const row = who.getByRole('row', { name: /Mercy General Hospital/ });
  await expect(row.getByRole('cell')).toHaveText(['1']);

  // Last month had nothing: the same figure reads 0, and the comparison follows the period.
  await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Last month' });
  await expect.poll(() => figure(page, 'Referrals received')).toBe('0');

  // A custom period that ends before it starts is refused with what to do.
  await page.getByLabel('Period', { exact: true }).selectOption({ label: 'Dates I choose' });
  await page.getByLabel('From', { exact: true }).fill('2026-11-10');
  await page.getByLabel('To', { exact: true }).fill('2026-11-01');
  await expect(page.getByRole('alert')).toContainText('pick an end date on or after the start');

  await page.getByLabel('Period', { exact: true }).selectOption({ label: 'This month' });
  expect(await page.locator('main').innerText()).not.toContain('Zora');
  await expectAccessible(page, 'reports');
  await expectTouchTargets(page, 'reports');
});

test('the sample agency fills every chart, and the print preview keeps the figures', async ({ page }) => {
  test.setTimeout(150_000);
  await open(page, '/settings/data');
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible({ timeout: 60_000 });
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await page.getByLabel('Agency name on the printout').fill('Sunrise Home Care');
  await page.getByLabel('Agency name on the printout').press('Tab');

  const charts = page.getByRole('figure');
  await expect(charts).toHaveCount(7);
  for (const chart of await charts.all()) {
    await expect(chart.getByRole('img')).toHaveAccessibleName(/\S/);
  }
  const perMonth = charts.filter({ has: page.getByRole('heading', { name: 'Referrals per month, by kind of partner' }) });
  await expect(perMonth.getByRole('img')).toHaveAccessibleName(/referrals in the last 12 months; the most in/);
  await expect(perMonth.locator('rect').first()).toBeVisible();
  await expectAccessible(page, 'reports with the sample agency');

  for (const [w, h] of [[820, 1180], [1180, 820]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${shots}/reports-${w}.png`, fullPage: true });
  }
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByText('Sunrise Home Care')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await page.screenshot({ path: `${shots}/reports-print.png`, fullPage: true });
  // The printout a director gets: one or two Letter pages.
  const pdf = (await page.pdf({ format: 'Letter', printBackground: true })).toString('latin1');
  const pages = pdf.match(/\/Type\s*\/Page[^s]/g).length;
  writeFileSync(`${shots}/reports.pdf`, pdf, 'latin1');
  expect(pages, 'pages of the printed monthly report').toBeLessThanOrEqual(2);
});

test('a partner page shows its relationship health with the reason for each part', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital' });
  await addContact(page, { name: 'Dana Lee' });
  await addReferral(page, 'Zora Whitfield');
  await page.getByRole('link', { name: 'Mercy General Hospital' }).first().click();
  const health = page.getByRole('region', { name: 'Relationship health' });
  // Added today and referred today: the check-in is not yet due and the referral is recent.
  await expect(health).toContainText('Added recently; first check-in not yet due');
  await expect(health).toContainText('Last referral today, usual gap 91');
  await expect(health.locator('.badge')).toHaveText('85 of 100');
  await expectAccessible(page, 'partner page with health');
});
