// Today with the sample agency (issue 12): grouped by urgency and partner, counts the nav badge
// agrees with, check-ins set aside (one, or all overdue) with undo, a one-line header status
// with its details on tap, and two columns on a landscape tablet.
import { test, expect } from '@playwright/test';
import { expectAccessible, expectTouchTargets, open } from './helpers.mjs';

const shots = 'e2e/test-results/today';

async function loadSample(page) {
  await open(page, '/settings');
  await page.getByRole('button', { name: 'Load sample agency' }).click();
  await expect(page.getByText('This tablet holds the sample agency')).toBeVisible({ timeout: 45_000 });
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

test('a check-in set aside leaves the group and the badge, comes back with undo, and stays set aside after a reload', async ({ page }) => {
  await loadSample(page);
  const before = await headingCount(page, 'Overdue');
  const badge = await badgeCount(page);

  const setAside = page.getByRole('list', { name: 'Overdue' }).getByRole('button', { name: /^Set aside for a week: / }).first();
  const partner = (await setAside.getAttribute('aria-label')).replace('Set aside for a week: ', '');
  await setAside.click();
  await expect(page.getByRole('status').filter({ hasText: `Check-in with ${partner} set aside until` })).toBeVisible();
  await expectDueNow(page, badge - 1);
  expect(await headingCount(page, 'Overdue')).toBe(before - 1);
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toContainText(partner);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Undone: back on Today.')).toBeVisible();
  await expectDueNow(page, badge);
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toHaveCount(0);

  // Set aside again: it is saved on the partner, so it survives a reload.
  await page.getByRole('button', { name: `Set aside for a week: ${partner}` }).click();
  await expectDueNow(page, badge - 1);
  await page.reload();
  await expect(page.getByRole('list', { name: 'Set-aside check-ins' })).toContainText(partner, { timeout: 20_000 });
  await expectDueNow(page, badge - 1);

  // And it can be brought back from the set-aside list.
  await page.getByRole('button', { name: `Bring back: ${partner}` }).click();
  await expectDueNow(page, badge);
});

test('all overdue check-ins can be set aside at once, after a confirmation, and undone', async ({ page }) => {
  await loadSample(page);
  const badge = await badgeCount(page);
  const bulk = page.getByRole('button', { name: /^Set aside all \d+ overdue check-ins$/ });
  const n = Number((await bulk.textContent()).match(/\d+/)[0]);
  await bulk.click();
  const confirm = page.getByRole('group', { name: 'Set aside overdue check-ins' });
  await expect(confirm).toContainText(`Put off ${n} overdue check-ins for two weeks?`);
  await page.screenshot({ path: `${shots}-bulk-confirm.png` });
  await confirm.getByRole('button', { name: `Set aside ${n} check-ins` }).click();
  await expect(page.getByRole('status').filter({ hasText: `${n} overdue check-ins set aside until` })).toBeVisible({ timeout: 30_000 });
  await expectDueNow(page, badge - n);
  await expect(page.getByRole('heading', { level: 2, name: `Set aside (${n})` })).toBeVisible();
  await page.screenshot({ path: `${shots}-after-bulk.png`, fullPage: true });

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('Undone: back on Today.')).toBeVisible({ timeout: 30_000 });
  await expectDueNow(page, badge);
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
