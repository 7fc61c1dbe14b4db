// Removing a tablet from the team (issue 11): the admin's tablet changes the team key and says
// so; the removed tablet, on its next connection, erases its data and shows how to rejoin; a
// new invite brings it back, and the teammate shares the new key with it.
import { test, expect } from './fixtures.mjs';
import { addPartner, expectAccessible, expectTouchTargets, open } from './helpers.mjs';
import { startRelay, createTeam } from './relay.mjs';
import { sparePort } from '../playwright.config.mjs';

/** Every IndexedDB store of Rapport with its number of entries, and Rapport's localStorage keys. */
function dumpStorage(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('rapport');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const names = [...db.objectStoreNames];
      const tx = db.transaction(names, 'readonly');
      const counts = {};
      const texts = [];
      for (const name of names) {
        const all = tx.objectStore(name).getAll();
        all.onsuccess = () => {
          counts[name] = all.result.length;
          for (const v of all.result) texts.push(typeof v === 'string' ? v : new TextDecoder().decode(v));
        };
      }
      tx.oncomplete = () => {
        db.close();
        const local = Object.keys(localStorage).filter((k) => k.startsWith('rapport'));
        resolve({ counts, text: texts.join('\n'), local });
      };
    };
  }));
}

test('removing a tablet changes the team key; the removed tablet erases its data and can rejoin', async ({ browser }) => {
  test.setTimeout(300_000);
  const relay = await startRelay(sparePort(17));
  const options = { baseURL: relay.base, viewport: { width: 820, height: 1180 }, hasTouch: true };
  const a = await browser.newContext(options);
  const b = await browser.newContext(options);
  try {
    const pageA = await a.newPage();
    const pageB = await b.newPage();
    await createTeam(pageA, relay);
    await addPartner(pageA, { name: 'Mercy General Hospital' });
    await open(pageA, '/team');
    await pageA.getByRole('button', { name: 'Create an invite' }).click();
    const first = await pageA.getByLabel('Invite link', { exact: true }).inputValue();
    await open(pageB, '/partners');
    await pageB.goto(first);
    await pageB.getByLabel(/^Tablet name/).fill('Outreach tablet 2');
    await pageB.getByRole('button', { name: 'Join team' }).click();
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 30_000 });
    await open(pageB, '/partners');
    await expect(pageB.getByRole('list', { name: 'Partners' })).toContainText('Mercy General Hospital', { timeout: 10_000 });
    expect((await dumpStorage(pageB)).counts.chunks).toBeGreaterThan(0);

    // B is offline when A removes it; A changes the team key and says when it is done.
    await b.setOffline(true);
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Offline/);
    await pageA.reload();
    const remove = pageA.getByRole('button', { name: 'Remove Outreach tablet 2' });
    await remove.click();
    await remove.click();
    const tablets = pageA.getByRole('list', { name: 'Tablets' });
    await expect(tablets.getByRole('listitem').filter({ hasText: 'Outreach tablet 2' })).toContainText('Removed');
    await expect(pageA.getByRole('status').filter({ hasText: 'Team key changed (update 1)' })).toBeVisible({ timeout: 15_000 });
    await expectAccessible(pageA, 'team page after removing a tablet');
    await expectTouchTargets(pageA, 'team page after removing a tablet');
    await pageA.screenshot({ path: 'e2e/test-results/rotation-admin.png', fullPage: true });

    // A keeps working under the new key: its next change reaches the relay.
    await addPartner(pageA, { name: 'Eastside Area Agency on Aging', kind: 'Area Agency on Aging', tier: 'Regular' });
    await expect(pageA.locator('header [data-sync]')).toHaveText(/^Synced at \d\d:\d\d$/, { timeout: 15_000 });

    // B comes back online: the relay says it was removed; it erases its data and says so.
    await b.setOffline(false);
    await expect(pageB.getByRole('heading', { level: 1, name: 'This tablet was removed from the team' })).toBeVisible({ timeout: 20_000 });
    await expect(pageB.locator('main')).not.toContainText('Mercy General Hospital');
    const dump = await dumpStorage(pageB);
    for (const [store, count] of Object.entries(dump.counts)) expect(count, `entries left in ${store}`).toBe(0);
    expect(dump.text).not.toContain('Mercy');
    expect(dump.local).toEqual([]);
    await expectAccessible(pageB, 'removed tablet');
    await expectTouchTargets(pageB, 'removed tablet');
    await pageB.screenshot({ path: 'e2e/test-results/rotation-removed.png', fullPage: true });
    await pageB.setViewportSize({ width: 1180, height: 820 });
    await pageB.screenshot({ path: 'e2e/test-results/rotation-removed-wide.png', fullPage: true });

    // A new invite, pasted on the removed screen, brings B back: A shares the new key with it
    // and B reads everything again, including what was written after the rotation.
    await open(pageA, '/team');
    await pageA.getByRole('button', { name: 'Create an invite' }).click();
    const link = await pageA.getByLabel('Invite link', { exact: true }).inputValue();
    await pageB.getByLabel('Invite link').fill(link);
    await pageB.getByRole('button', { name: 'Continue' }).click();
    await pageB.getByLabel(/^Tablet name/).fill('Outreach tablet 2 again');
    await pageB.getByRole('button', { name: 'Join team' }).click();
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 60_000 });
    await open(pageB, '/partners');
    const partners = pageB.getByRole('list', { name: 'Partners' });
    await expect(partners).toContainText('Eastside Area Agency on Aging', { timeout: 20_000 });
    await expect(partners).toContainText('Mercy General Hospital');
  } finally {
    await a.close();
    await b.close();
    relay.stop();
  }
});
