// Partner health with the sample agency (issue 14): Today lists the partner whose score fell
// sharply, with the score then and now and the main reason, and links to its page; the
// directory sorted by health lists the lowest score first and unscored partners last.
import { test, expect } from './fixtures.mjs';
import { expectAccessible, expectTouchTargets, open } from './helpers.mjs';

const shots = process.env.RAPPORT_SHOTS || 'e2e/test-results/health';
const lapsed = 'Whitfield Family Medicine';
const sizes = [{ width: 820, height: 1180 }, { width: 1180, height: 820 }];

async function loadSample(page) {
  await open(page, '/settings/data');
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Partners' })).toBeVisible({ timeout: 45_000 });
}

const nav = (page, name) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: new RegExp(`^${name}`) }).click();

test('Today lists the partner that stopped referring as at risk, and its link opens the score with the same reason', async ({ page }) => {
  await loadSample(page);
  await nav(page, 'Today');
  const card = page.getByRole('region', { name: /^At risk \(\d+\)$/ });
  await expect(card).toBeVisible({ timeout: 20_000 });
  const row = card.getByRole('link', { name: new RegExp(lapsed) });
  await expect(row).toBeVisible();
  const now = Number((await row.locator('.badge').textContent()).match(/^Health (\d+)$/)[1]);
  const was = Number((await row.getByText(/^was \d+ 30 days ago$/).textContent()).match(/\d+/)[0]);
  expect(now, 'at risk means under 50').toBeLessThan(50);
  expect(was - now, 'a sharp fall is 20 points or more').toBeGreaterThanOrEqual(20);
  const reason = (await row.locator('.row-main .row-sub').textContent()).trim();
  expect(reason).toMatch(/referral|Check-in|review/i);

  for (const size of sizes) {
    await page.setViewportSize(size);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${shots}/today-${size.width}x${size.height}.png`, fullPage: true });
  }
  await expectAccessible(page, 'today with the at-risk card');
  await expectTouchTargets(page, 'today with the at-risk card');

  await row.click();
  await expect(page.getByRole('heading', { level: 1, name: lapsed })).toBeVisible();
  const health = page.getByRole('region', { name: 'Relationship health' });
  await expect(health).toContainText(`${now} of 100 · at risk`);
  await expect(health, 'the reason Today gave is the weakest part on the page').toContainText(reason);

  // An edit that adds and removes nothing still reaches the list: an archived partner leaves it.
  await page.getByRole('button', { name: 'Archive partner' }).click();
  await expect(page.getByRole('button', { name: 'Restore partner' })).toBeVisible();
  await nav(page, 'Today');
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  const atRisk = page.getByRole('list', { name: 'Partners at risk' }).getByRole('link', { name: new RegExp(lapsed) });
  await expect(atRisk).toHaveCount(0);
  // Restored, it is scored again and comes back.
  await page.getByRole('main').getByRole('link', { name: new RegExp(`^${lapsed}`) }).first().click();
  await page.getByRole('button', { name: 'Restore partner' }).click();
  await expect(page.getByRole('button', { name: 'Archive partner' })).toBeVisible();
  await nav(page, 'Today');
  await expect(atRisk).toBeVisible({ timeout: 20_000 });
});

test('the directory sorted by health lists the lowest score first and unscored partners last', async ({ page }) => {
  await loadSample(page);
  const list = page.getByRole('list', { name: 'Partners' });
  await expect(list.locator('.health-score').first()).toBeVisible({ timeout: 20_000 });
  await page.getByLabel('Sort').selectOption({ label: 'Health: lowest first' });
  await expect(list.getByRole('listitem').first()).toContainText(/Health \d+/);
  const scores = await list.getByRole('listitem').evaluateAll((items) => items.map((li) => {
    const badge = li.querySelector('.health-score');
    return badge ? Number(badge.textContent.match(/\d+/)[0]) : null;
  }));
  const scored = scores.filter((s) => s !== null);
  expect(scored.length, 'the sample has scored partners').toBeGreaterThan(5);
  expect(scores[0], 'the first two rows are in order').toBeLessThanOrEqual(scores[1]);
  expect(scores.slice(0, scored.length), 'unscored partners come last').toEqual(scored);
  expect(scored).toEqual([...scored].sort((a, b) => a - b));

  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${shots}/directory-${size.width}x${size.height}.png` });
  }
  await expectAccessible(page, 'directory sorted by health');
  await expectTouchTargets(page, 'directory sorted by health');
});
