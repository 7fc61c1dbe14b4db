// An admin invites a tablet: a QR code big enough to scan, and the whole link to copy or share.
// The link holds the team key, so the test never prints it.
import { test, expect } from './fixtures.mjs';
import { expectAccessible, expectTouchTargets } from './helpers.mjs';
import { startRelay, createTeam } from './relay.mjs';
import { sparePort } from '../playwright.config.mjs';

test('an invite shows its whole link, copies it and shares it', async ({ browser }) => {
  test.setTimeout(120_000);
  const relay = await startRelay(sparePort(16));
  const context = await browser.newContext({
    baseURL: relay.base, viewport: { width: 820, height: 1180 }, hasTouch: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  // A share sheet that records what it was given (desktop Chromium on Linux has none).
  await context.addInitScript(() => {
    window.sharedWith = [];
    Object.defineProperty(Navigator.prototype, 'share', {
      configurable: true, writable: true,
      value: async (data) => { window.sharedWith.push(data); },
    });
  });
  try {
    const page = await context.newPage();
    await createTeam(page, relay);
    await page.getByRole('button', { name: 'Create an invite' }).click();
    const field = page.getByLabel('Invite link', { exact: true });
    const link = await field.inputValue();
    expect(/#team=[0-9a-f]+&invite=[0-9a-f]+&key=[0-9a-f]{64}$/.test(link), 'a whole invite link').toBe(true);

    // The whole link is on screen: nothing scrolls out of the field either way.
    const size = await field.evaluate((el) => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight]);
    expect(size[0]).toBeLessThanOrEqual(size[1]);
    expect(size[2]).toBeLessThanOrEqual(size[3]);
    const qr = await page.getByRole('img', { name: 'QR code of the invite link' }).boundingBox();
    expect(qr.width).toBeGreaterThanOrEqual(280);

    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText()) === link, 'the link is on the clipboard').toBe(true);

    await page.getByRole('button', { name: 'Share…' }).click();
    await expect.poll(() => page.evaluate((l) => window.sharedWith.length === 1 && window.sharedWith[0].url === l, link)).toBe(true);
    await expectAccessible(page, 'team page with an invite');
    await expectTouchTargets(page, 'team page with an invite');

    // Where copying is refused, the link is selected for copying by hand.
    await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
    await page.getByRole('button', { name: 'Copy link' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'copy it by hand' })).toBeVisible();
    expect(await field.evaluate((el) => el.selectionStart === 0 && el.selectionEnd === el.value.length)).toBe(true);

    // A browser without a share sheet shows no Share button.
    await page.evaluate(() => { delete Navigator.prototype.share; });
    await page.getByRole('button', { name: 'Create an invite' }).click();
    await expect.poll(() => field.inputValue().then((v) => v !== '' && v !== link)).toBe(true);
    await expect(page.getByRole('button', { name: 'Copy link' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Share…' })).toHaveCount(0);
  } finally {
    await context.close();
    relay.stop();
  }
});
