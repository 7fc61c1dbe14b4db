// Today with the sample agency (issue 12): grouped by urgency and partner, counts the nav badge
// agrees with, check-ins set aside (one, or all overdue) with undo, a one-line header status
// with its details on tap, and two columns on a landscape tablet.
import { test, expect } from '@playwright/test';
import { addPartner, expectAccessible, expectTouchTargets, open, quickLog } from './helpers.mjs';

const shots = 'e2e/test-results/today';

async function loadSample(page) {
  await open(page, '/settings/data');
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  // Once written, Settings opens the partner directory.
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible({ timeout: 45_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Today/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await expect(page.getByText(/due now/)).toBeVisible();
}

/** The number a group's heading claims, e.g. 12 for "Overdue (12)"; 0 when the group is absent. */
async function headingCount(page, label) {
  const heading = page.getByRole('heading', { level: 2, name: new RegExp(`^${label} \\(\\d+\\)$`) });
  if ((await heading.count()) === 0) return 0;
  return Number((await heading.textContent()).match(/\((\d+)\)/)[1]);
}

async function badgeCount(page) {
  const badge = page.getByRole('navigation', { name: 'Main' }).locator('.count-badge');
  return Number(await badge.textContent());
}

/** The badge and the due-now headings, once they agree on `expected` (or on anything). */
async function expectDueNow(page, expected) {
  await expect.poll(async () => {
    const sum = (await headingCount(page, 'Overdue')) + (await headingCount(page, 'Due today'));
    return sum === (await badgeCount(page)) ? sum : `badge ${await badgeCount(page)} vs headings ${sum}`;
  }).toBe(expected ?? (await badgeCount(page)));
}

test('the sample agency is grouped by urgency and partner, and the badge adds up the due-now headings', async ({ page }) => {
  await loadSample(page);
  const overdue = await headingCount(page, 'Overdue');
  const dueToday = await headingCount(page, 'Due today');
  expect(overdue, 'the sample has overdue things').toBeGreaterThan(0);
  expect(await badgeCount(page)).toBe(overdue + dueToday);
  await expect(page.getByText(`${overdue + dueToday} due now`)).toBeVisible();
  expect(await headingCount(page, 'This week'), 'upcoming things are listed but not counted as due').toBeGreaterThan(0);

  // A partner owed several things is one row that opens to list them.
  const toggle = page.getByRole('button', { name: /^\d+ things for / }).first();
  const [, n, partner] = (await toggle.getAttribute('aria-label')).match(/^(\d+) things for (.+)$/);
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('list', { name: `Things for ${partner}` }).getByRole('listitem')).toHaveCount(Number(n));

  await expectAccessible(page, 'today with the sample agency');
  await expectTouchTargets(page, 'today with the sample agency');
});

/** What the summary line says: [due now, coming up]. */
async function summary(page) {
  const text = await page.getByText(/\d+ due now · \d+ coming up/).textContent();
  return text.match(/(\d+) due now · (\d+) coming up/).slice(1).map(Number);
}

test('a check-in set aside leaves Today and its counts, comes back with undo, and stays set aside after a reload', async ({ page }) => {
  // The sample's check-ins are all on track today, so make two partners: one never contacted
  // (due today) and one checked in with today on a one-day cadence (due tomorrow).
  await addPartner(page, { name: 'Lakeside Clinic' });
  await open(page, '/partners/new');
  await page.getByLabel(/^Name/).fill('Hillview Hospice');
  await page.getByLabel('Check-in cadence').selectOption('custom');
  await page.getByLabel(/^Days between check-ins/).fill('1');
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Hillview Hospice' })).toBeVisible();
  await quickLog(page);
  await open(page, '/');
  const [dueNow, comingUp] = await summary(page);
  expect([dueNow, comingUp]).toEqual([1, 1]);
  const setAside = page.getByRole('button', { name: /^Set aside for a week: / }).first();
  const partner = (await setAside.getAttribute('aria-label')).replace('Set aside for a week: ', '');
  await setAside.click();
  await expect(page.getByRole('status').filter({ hasText: `Check-in with ${partner} set aside until` })).toBeVisible();
  await expect.poll(() => summary(page)).toEqual([dueNow, comingUp - 1]);
  await expectDueNow(page, dueNow);
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toContainText(partner);
  await page.screenshot({ path: `${shots}-set-aside.png`, fullPage: true });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Undone: back on Today.')).toBeVisible();
  await expect.poll(() => summary(page)).toEqual([dueNow, comingUp]);
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toHaveCount(0);

  // Set aside again: it is saved on the partner, so it survives a reload.
  await page.getByRole('button', { name: `Set aside for a week: ${partner}` }).click();
  await expect.poll(() => summary(page)).toEqual([dueNow, comingUp - 1]);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toContainText(partner, { timeout: 20_000 });
  await expect.poll(() => summary(page)).toEqual([dueNow, comingUp - 1]);

  // And it can be brought back from the set-aside list.
  await page.getByRole('button', { name: `Bring back: ${partner}` }).click();
  await expect.poll(() => summary(page)).toEqual([dueNow, comingUp]);
});

for (const [width, height] of [[820, 1180], [1180, 820]]) {
  test(`at ${width}×${height} the header is one line with details on tap, and Today ${width > 1100 ? 'uses two columns' : 'stacks'}`, async ({ page }) => {
    await page.setViewportSize({ width, height });
    await loadSample(page);
    const header = page.locator('header.topbar');
    const status = header.getByRole('button', { expanded: false }).filter({ has: page.locator('[data-sync]') });
    await expect(header.locator('[data-sync]')).toHaveText('On this tablet only');
    expect((await header.boundingBox()).height, 'header height').toBeLessThanOrEqual(64);
    const nav = await header.getByRole('navigation', { name: 'Main' }).boundingBox();
    const line = await status.boundingBox();
    expect(Math.abs(nav.y + nav.height / 2 - (line.y + line.height / 2)), 'status on the nav line').toBeLessThan(8);

    const groups = page.locator('main section.group');
    const [first, second] = [await groups.nth(0).boundingBox(), await groups.nth(1).boundingBox()];
    if (width > 1100) {
      expect(second.x, 'second group beside the first').toBeGreaterThan(first.x + first.width - 1);
    } else {
      expect(second.x, 'groups stacked').toBe(first.x);
    }
    await page.screenshot({ path: `${shots}-${width}x${height}.png` });

    await status.click();
    const details = page.getByRole('group', { name: 'Status details' });
    await expect(details.getByRole('link', { name: 'On this tablet only' })).toBeVisible();
    await expect(details).toContainText('All records loaded');
    await page.screenshot({ path: `${shots}-${width}x${height}-status.png` });
    await expectAccessible(page, `today with status details at ${width}`);
    await page.keyboard.press('Escape');
    await expect(details).toHaveCount(0);
  });
}
