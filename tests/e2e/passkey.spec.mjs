// Fingerprint or face unlock (issue 11) through Chromium's virtual authenticator: set up in
// Settings › This tablet, offered first on the lock screen, refused without counting as a wrong
// PIN, removed again; an authenticator without PRF is told it cannot. Plain Playwright like
// lock.spec.mjs (these tests type at the lock), opened at `localhost`: WebAuthn refuses an IP
// address as relying party, and the suite's baseURL is 127.0.0.1.
import { test, expect } from '@playwright/test';
import { expectAccessible, expectTouchTargets } from './helpers.mjs';

const PIN = '480215';
const BASE = `http://localhost:${Number(process.env.RAPPORT_E2E_PORT || 47181)}`;
const PASSKEY = 'Unlock with fingerprint or face';

/** A platform authenticator (fingerprint reader) that always recognises its owner. */
async function addAuthenticator(page, { hasPrf }) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, hasPrf, automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function setUp(page) {
  await page.goto(`${BASE}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Rapport on this tablet' })).toBeVisible();
  await page.getByLabel(/^Your name/).fill('Maria Lopez');
  await page.getByLabel(/^PIN or passphrase/).fill(PIN);
  await page.getByLabel(/^Type it again/).fill(PIN);
  await page.getByRole('button', { name: 'Set up this tablet' }).click();
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
}

/** Opens `path` as after a reload: through the lock screen, with the PIN. */
async function visit(page, path) {
  await page.goto(`${BASE}${path}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible();
  await page.getByLabel('PIN or passphrase').fill(PIN);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
}

async function wrongPin(page, left) {
  await page.getByLabel('PIN or passphrase').fill('999999');
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Not right; ${left} tries left.` })).toBeVisible();
}

test('Maria unlocks with her fingerprint; a refused one is not a wrong PIN; removing it leaves the PIN', async ({ page }) => {
  const { cdp, authenticatorId } = await addAuthenticator(page, { hasPrf: true });
  await setUp(page);
  await visit(page, '/partners/new');
  await page.getByLabel(/^Name/).fill('Quillfeather Clinic');
  await page.getByRole('button', { name: 'Save partner' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quillfeather Clinic' })).toBeVisible();

  await visit(page, '/settings/tablet');
  const section = page.getByRole('region', { name: 'Unlock with fingerprint or face on this tablet' });
  await section.getByRole('button', { name: 'Set up fingerprint or face unlock' }).click();
  await expect(section.getByRole('status')).toContainText('the lock screen now offers your fingerprint or face');
  await expect(section.getByRole('button', { name: 'Remove fingerprint or face unlock' })).toBeVisible();
  await expectAccessible(page, 'this tablet with fingerprint unlock');
  await expectTouchTargets(page, 'this tablet with fingerprint unlock');

  // Locked and reloaded: the button comes first, the PIN below it.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await page.goto(`${BASE}/partners`);
  await expect(page.getByRole('button', { name: PASSKEY })).toBeVisible();
  await expect(page.getByLabel('PIN or passphrase')).toBeVisible();
  await expectAccessible(page, 'lock screen with fingerprint unlock');
  await expectTouchTargets(page, 'lock screen with fingerprint unlock');
  await wrongPin(page, 9);
  await page.getByRole('button', { name: PASSKEY }).click();
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Partners' })).toContainText('Quillfeather Clinic');

  // A success started the count again, as a right PIN does.
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await wrongPin(page, 9);
  // The reader does not recognise her: told so, and no try is counted.
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
  await page.getByRole('button', { name: PASSKEY }).click();
  await expect(page.getByRole('alert')).toContainText('use your PIN instead', { ignoreCase: true, timeout: 70_000 });
  await wrongPin(page, 8);
  await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });

  // Removed: the lock screen offers only the PIN, which still opens the data.
  await visit(page, '/settings/tablet');
  await section.getByRole('button', { name: 'Remove fingerprint or face unlock' }).click();
  await expect(section.getByRole('status')).toContainText('unlock with your PIN or passphrase from now on');
  await expect(section.getByRole('button', { name: 'Set up fingerprint or face unlock' })).toBeVisible();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByLabel('PIN or passphrase')).toBeVisible();
  await expect(page.getByRole('button', { name: PASSKEY })).toHaveCount(0);
  await visit(page, '/partners');
  await expect(page.getByRole('list', { name: 'Partners' })).toContainText('Quillfeather Clinic');
});

test('an authenticator without PRF is told it cannot protect the data, and the PIN still works', async ({ page }) => {
  await addAuthenticator(page, { hasPrf: false });
  await setUp(page);
  await visit(page, '/settings/tablet');
  const section = page.getByRole('region', { name: 'Unlock with fingerprint or face on this tablet' });
  await section.getByRole('button', { name: 'Set up fingerprint or face unlock' }).click();
  await expect(section.getByRole('alert')).toContainText('cannot protect Rapport\'s data');
  await expect(section.getByRole('alert')).toContainText('Use your PIN instead');
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('button', { name: PASSKEY })).toHaveCount(0);
  await visit(page, '/settings/tablet');
});

test('a browser without WebAuthn is told to use the PIN or passphrase', async ({ page }) => {
  await setUp(page);
  await visit(page, '/settings');
  await page.evaluate(() => { delete window.PublicKeyCredential; });
  await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: /This tablet/ }).click();
  const section = page.getByRole('region', { name: 'Unlock with fingerprint or face on this tablet' });
  await expect(section).toContainText('This browser cannot unlock with fingerprint or face; use the PIN or passphrase.');
  await expect(section.getByRole('button')).toHaveCount(0);
});
