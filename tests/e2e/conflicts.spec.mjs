// Two tablets change one partner's notes while apart. Neither text may vanish: the partner page
// says the notes were edited on two tablets, shows both, and the choice settles it everywhere.
import { test, expect } from './fixtures.mjs';
import { addPartner, expectAccessible, expectTouchTargets, open } from './helpers.mjs';
import { createTeam, joinTeam, startRelay } from './relay.mjs';
import { sparePort } from '../playwright.config.mjs';

async function editNotes(page, notes) {
  await page.getByRole('link', { name: 'Edit partner' }).click();
  await page.getByLabel('Notes').fill(notes);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();
}

// Issue 12 bug 4.
test('notes edited on two tablets offline are both shown and the choice settles them', async ({ browser }) => {
  test.setTimeout(120_000);
  const relay = await startRelay(sparePort(5));
  const a = await browser.newContext({ baseURL: relay.base, viewport: { width: 820, height: 1180 } });
  const b = await browser.newContext({ baseURL: relay.base, viewport: { width: 820, height: 1180 } });
  try {
    const [pageA, pageB] = [await a.newPage(), await b.newPage()];
    await open(pageA, '/');
    await createTeam(pageA, relay);
    await joinTeam(pageA, pageB);
    await addPartner(pageA, { name: 'Mercy General Hospital' });
    const partnerPath = new URL(pageA.url()).pathname;
    await open(pageB, partnerPath);
    await expect(pageB.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();

    // Both tablets lose the connection and each writes its own notes.
    await a.setOffline(true);
    await b.setOffline(true);
    await editNotes(pageA, 'Call Dana before noon');
    await editNotes(pageB, 'Dana is on leave until March');
    await a.setOffline(false);
    await b.setOffline(false);

    // Once both synced, each tablet shows the conflict with both texts.
    for (const page of [pageA, pageB]) {
      await expect(page.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 15_000 });
      const notice = page.getByRole('region', { name: 'Edited on two tablets' });
      await expect(notice).toContainText('Call Dana before noon', { timeout: 10_000 });
      await expect(notice).toContainText('Dana is on leave until March');
    }
    await pageA.screenshot({ path: 'e2e/test-results/conflict-820.png', fullPage: true });
    await pageA.setViewportSize({ width: 1180, height: 820 });
    await pageA.screenshot({ path: 'e2e/test-results/conflict-1180.png', fullPage: true });
    await expectAccessible(pageA, 'partner page with a conflict');
    await expectTouchTargets(pageA, 'partner page with a conflict');

    // Saving the partner form for another field is no choice: both notes stay in the notice
    // (writing the record back whole used to keep only the one shown, silently).
    await pageB.getByRole('link', { name: 'Edit partner' }).click();
    await pageB.getByLabel('Phone').fill('555-201-0000');
    await pageB.getByRole('button', { name: 'Save changes' }).click();
    await expect(pageB.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();
    for (const page of [pageB, pageA]) {
      await expect(page.getByRole('link', { name: '555-201-0000' })).toBeVisible({ timeout: 10_000 });
      const notice = page.getByRole('region', { name: 'Edited on two tablets' });
      await expect(notice).toContainText('Call Dana before noon');
      await expect(notice).toContainText('Dana is on leave until March');
    }

    // A keeps both texts; the notice goes on both tablets and the notes hold both.
    await pageA.getByRole('region', { name: 'Edited on two tablets' })
      .getByRole('button', { name: 'Keep both' }).click();
    for (const page of [pageA, pageB]) {
      await expect(page.getByRole('region', { name: 'Edited on two tablets' })).toHaveCount(0, { timeout: 10_000 });
      await expect(page.locator('.notes')).toContainText('Call Dana before noon');
      await expect(page.locator('.notes')).toContainText('Dana is on leave until March');
    }
    // Settled for good: a reload shows no conflict.
    await pageB.reload();
    await expect(pageB.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();
    await expect(pageB.getByRole('region', { name: 'Edited on two tablets' })).toHaveCount(0);
  } finally {
    // The relay holds a fixed port: stop it even when a context fails to close.
    await a.close().catch(() => {});
    await b.close().catch(() => {});
    relay.stop();
  }
});
