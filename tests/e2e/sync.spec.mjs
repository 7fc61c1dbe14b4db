// Two tablets in one team: one joins by invite link, one goes offline, both edit, and once it
// is back both show the same data. The sync status says what is happening at each step.
import { test, expect } from './fixtures.mjs';
import { addPartner, expectAccessible, expectTouchTargets, open } from './helpers.mjs';
import { startRelay } from './relay.mjs';
import { sparePort } from '../playwright.config.mjs';

test('two tablets sync through the relay, including after one was offline', async ({ browser }) => {
  test.setTimeout(120_000);
  const relay = await startRelay(sparePort(4));
  const a = await browser.newContext({ baseURL: relay.base, viewport: { width: 1024, height: 768 } });
  const b = await browser.newContext({ baseURL: relay.base, viewport: { width: 1024, height: 768 } });
  try {
    const pageA = await a.newPage();
    const pageB = await b.newPage();

    // Tablet A creates the team from the relay's setup link.
    await open(pageA, '/');
    await expect(pageA.locator('header [data-sync]')).toHaveText('On this tablet only');
    await open(pageA, '/team');
    await expectAccessible(pageA, 'team page, not in a team');
    await expectTouchTargets(pageA, 'team page, not in a team');
    await pageA.goto(relay.setup);
    // The page unlocks first (the suite's fixture); check the setup form once it shows.
    await expect(pageA.getByLabel(/^Tablet name/)).toBeVisible();
    await expectAccessible(pageA, 'setup page');
    // The setup code leaves the address bar and the history as soon as it was read.
    expect(await pageA.evaluate(() => location.hash)).toBe('');
    await pageA.getByLabel(/^Tablet name/).fill('Outreach tablet 1');
    await pageA.getByRole('button', { name: 'Create team' }).click();
    await expect(pageA.getByRole('heading', { level: 1, name: 'Team' })).toBeVisible();
    await expect(pageA.locator('header [data-sync]')).toHaveText(/^Synced at \d\d:\d\d$/);

    // A invites B; B opens the link.
    await pageA.getByRole('button', { name: 'Create an invite' }).click();
    const link = await pageA.getByLabel('Invite link', { exact: true }).inputValue();
    await expect(pageA.getByRole('list', { name: 'Tablets' })).toContainText('Outreach tablet 1 (this tablet)');
    await expectAccessible(pageA, 'team page with an invite');
    await expectTouchTargets(pageA, 'team page with an invite');
    expect(link).toContain('#team=');
    await open(pageB, '/partners');
    await pageB.goto(link);
    await expect(pageB.getByLabel(/^Tablet name/)).toBeVisible();
    await expectAccessible(pageB, 'join page');
    await pageB.getByLabel(/^Tablet name/).fill('Outreach tablet 2');
    // The invite's fragment holds the team key: it leaves the history once read.
    expect(await pageB.evaluate(() => location.hash)).toBe('');
    await pageB.getByRole('button', { name: 'Join team' }).click();
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Synced at/);
    expect(await pageB.evaluate(() => location.hash)).toBe('');
    await pageA.reload();
    await expect(pageA.getByRole('list', { name: 'Tablets' })).toContainText('Outreach tablet 2');

    // Roles: the creator is an admin; B, a member, is told why it cannot invite or remove.
    const tablets = pageA.getByRole('list', { name: 'Tablets' });
    await expect(tablets.getByRole('listitem').filter({ hasText: 'Outreach tablet 1' })).toContainText('Admin');
    await expect(pageA.getByRole('button', { name: 'Make Outreach tablet 2 an admin' })).toBeVisible();
    await open(pageB, '/team');
    await expect(pageB.getByText("Only the team's admins can invite tablets")).toBeVisible();
    await expect(pageB.getByRole('button', { name: 'Create an invite' })).toHaveCount(0);
    await expect(pageB.getByRole('button', { name: /^Remove / })).toHaveCount(0);
    await pageB.setViewportSize({ width: 820, height: 1180 });
    await pageB.screenshot({ path: 'e2e/test-results/team-member.png', fullPage: true });
    await pageA.setViewportSize({ width: 820, height: 1180 });
    await pageA.screenshot({ path: 'e2e/test-results/team-admin.png', fullPage: true });
    await expectAccessible(pageB, 'team page, as a member');

    // A adds a partner; B sees it without reloading.
    await addPartner(pageA, { name: 'Mercy General Hospital' });
    await open(pageB, '/partners');
    await expect(pageB.getByRole('list', { name: 'Partners' })).toContainText('Mercy General Hospital', { timeout: 5_000 });

    // B goes offline; both edit.
    await b.setOffline(true);
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Offline/);
    await addPartner(pageB, { name: 'Riverton Senior Center', kind: 'Community organization', tier: 'Regular' });
    await expect(pageB.locator('header [data-sync]')).toHaveText('Offline · 1 change waiting');
    await addPartner(pageA, { name: 'Eastside Area Agency on Aging', kind: 'Area Agency on Aging', tier: 'Regular' });

    // B comes back: within seconds both tablets hold both partners.
    await b.setOffline(false);
    await expect(pageB.locator('header [data-sync]')).toHaveText(/^Synced at \d\d:\d\d$/, { timeout: 15_000 });
    for (const page of [pageA, pageB]) {
      await open(page, '/partners');
      const list = page.getByRole('list', { name: 'Partners' });
      await expect(list).toContainText('Riverton Senior Center', { timeout: 5_000 });
      await expect(list).toContainText('Eastside Area Agency on Aging', { timeout: 5_000 });
      await expect(list).toContainText('Mercy General Hospital');
    }

    // Leaving is refused while changes wait: B goes offline with an unsynced change.
    await b.setOffline(true);
    await addPartner(pageB, { name: 'Unsynced Clinic' });
    await open(pageB, '/team');
    await pageB.getByRole('button', { name: 'Leave team' }).click();
    await expect(pageB.getByRole('alert').filter({ hasText: 'have not reached the team yet' })).toBeVisible();
    await b.setOffline(false);
  } finally {
    await a.close();
    await b.close();
    relay.stop();
  }
});
