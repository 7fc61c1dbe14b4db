// Shared steps for the end-to-end tests, written as what a staff member does.
import { expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';

/** Opens a screen and waits until Rapport has loaded its data: past the lock screen (the
 * suite's fixtures unlock it, see `fixtures.mjs`), whose Lock button shows only once unlocked. */
export async function open(page, path = '/') {
  await page.goto(path);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('main h1').first()).toBeVisible();
}

export async function addPartner(page, { name, kind = 'Hospital', tier = 'Key partner', phone = '' }) {
  await open(page, '/partners/new');
  await page.getByLabel(/^Name/).fill(name);
  await page.getByLabel('Kind').selectOption({ label: kind });
  await page.getByLabel('Tier').selectOption({ label: tier });
  if (phone) await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

export async function addContact(page, { name, role = 'Discharge planner', phone = '555-201-3001' }) {
  await page.getByRole('link', { name: 'Add contact' }).click();
  await page.getByLabel(/^Name/).fill(name);
  await page.getByLabel('Role').selectOption({ label: role });
  await page.getByLabel('Phone').fill(phone);
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText(name);
}

/** Logs a touchpoint with the one-tap buttons on a partner or referral page; `withWhom` names
 * one of the partner's contacts. */
export async function quickLog(page, { channel = 'Call', note = '', withWhom = '' } = {}) {
  await page.getByRole('group', { name: 'How did you reach them?' }).getByRole('button', { name: channel }).click();
  if (withWhom) await page.getByLabel('With', { exact: true }).selectOption({ label: withWhom });
  if (note) await page.getByLabel('Note (optional)').fill(note);
  await page.getByRole('button', { name: `Save ${channel.toLowerCase()}` }).click();
  await expect(page.locator('.quick-log [role=status]')).toContainText('saved');
}

/** Fails with the list of violations if axe-core finds any accessibility problem. */
export async function expectAccessible(page, screen) {
  // A screen is checked once it has rendered: every screen has a level-one heading, and a
  // check run while the app is still swapping screens reports a missing one (a CI flake).
  await expect(page.locator('h1'), `${screen} has not rendered its heading`).not.toHaveCount(0);
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `accessibility violations on ${screen}`).toEqual([]);
}

/** Every visible control in the main area is at least 44 px tall and wide (touch targets). */
export async function expectTouchTargets(page, screen) {
  const small = await page.evaluate(() => {
    const controls = document.querySelectorAll(
      'main button, main select, main input:not([type=checkbox]):not([type=radio]), main textarea, main a.button, main a.row, main .segment span, header nav a');
    return [...controls].filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (r.height < 44 || r.width < 44);
    }).map((el) => `${el.tagName.toLowerCase()} "${(el.textContent || el.id).trim().slice(0, 40)}" ${Math.round(el.getBoundingClientRect().width)}x${Math.round(el.getBoundingClientRect().height)}`);
  });
  expect(small, `touch targets under 44 px on ${screen}`).toEqual([]);
}

/** From a partner's page: adds a referral of `participant` from its first contact. */
export async function addReferral(page, participant) {
  await page.getByRole('link', { name: 'Add referral' }).click();
  await page.getByLabel('Referring contact').selectOption({ index: 1 });
  await page.getByLabel(/^Participant/).fill(participant);
  await page.getByLabel('Personal care').check();
  await page.getByLabel('What the participant agreed we may tell the referrer').selectOption({ label: 'Referral status only' });
  await page.getByRole('button', { name: 'Save referral' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Referral of ${participant}` })).toBeVisible();
}

/** Checks touch targets and saves `dir/name-WxH.png` at both tablet orientations, then returns
 * to the suite's 1024×768. */
export async function shootTablet(page, dir, name, { fullPage = true } = {}) {
  for (const [w, h] of [[820, 1180], [1180, 820]]) {
    await page.setViewportSize({ width: w, height: h });
    await expectTouchTargets(page, `${name} at ${w}x${h}`);
    await page.screenshot({ path: `${dir}/${name}-${w}x${h}.png`, fullPage });
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

/** Clicks `button` and returns the file the browser downloaded: its suggested name and bytes. */
export async function downloaded(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}
