// A damaged stored document gets a clear message and is set aside, never overwritten.
import { test, expect } from './fixtures.mjs';
import { open, addPartner } from './helpers.mjs';

test('an unreadable chunk is reported, kept for download, and the rest still loads', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital' });
  // Simulate damage: a chunk of garbage bytes lands in the directory document.
  await page.evaluate(() => new Promise((resolve, reject) => {
    const req = indexedDB.open('rapport');
    req.onsuccess = () => {
      const tx = req.result.transaction('chunks', 'readwrite');
      tx.objectStore('chunks').put(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3, 4, 5]), ['partners', 'zzzz-damaged']);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    };
  }));
  await page.reload();
  const banner = page.getByRole('alert').filter({ hasText: 'could not be read' });
  await expect(banner).toContainText('set it aside instead of overwriting it');
  await expect(page.getByRole('heading', { level: 1, name: 'Mercy General Hospital' })).toBeVisible();

  await open(page, '/settings/data');
  const recovery = page.locator('section', { has: page.getByRole('heading', { name: 'Recovery' }) });
  await expect(recovery).toContainText('partners');
  const download = page.waitForEvent('download');
  await recovery.getByRole('button', { name: 'Download' }).click();
  expect((await download).suggestedFilename()).toMatch(/^rapport-partners-zzzz-damaged/);

  // The damaged bytes were moved aside, so the next start is clean.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Data' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toHaveCount(0);
});
