// Device protection (issue 11): a staff profile set up before anything is stored, the lock
// screen, nothing readable in IndexedDB, wrong tries counted down to a wipe, the idle lock,
// and encrypting an earlier version's plaintext rows in place, resumably. Plain Playwright,
// not the suite's auto-unlocking fixtures: these tests type at the lock themselves.
import { test, expect } from '@playwright/test';
import { expectAccessible, expectTouchTargets } from './helpers.mjs';
import { startRelay } from './relay.mjs';
import { sparePort } from '../playwright.config.mjs';

const PIN = '480215';

async function setUp(page, { name = 'Maria Lopez', pin = PIN } = {}) {
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Rapport on this tablet' })).toBeVisible();
  await page.getByLabel(/^Your name/).fill(name);
  await page.getByLabel(/^PIN or passphrase/).fill(pin);
  await page.getByLabel(/^Type it again/).fill(pin);
  await page.getByRole('button', { name: 'Set up this tablet' }).click();
}

async function unlock(page, pin = PIN) {
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible();
  await page.getByLabel('PIN or passphrase').fill(pin);
  await page.getByRole('button', { name: 'Unlock' }).click();
}

/** Opens a screen the way a staff member does after a reload: through the lock screen. */
async function visit(page, path) {
  await page.goto(path);
  await unlock(page);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 20_000 });
}

/** Every value of every store of Rapport's database, as text: strings as they are, bytes
 * decoded both as latin1 and as UTF-8, objects field by field. */
async function dumpIndexedDb(page) {
  return page.evaluate(async () => {
    const db = await new Promise((ok, fail) => {
      const req = indexedDB.open('rapport');
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    const text = (v) => {
      if (v == null) return '';
      if (typeof v === 'string') return v;
      if (v instanceof ArrayBuffer) v = new Uint8Array(v);
      if (ArrayBuffer.isView(v)) {
        const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
        return new TextDecoder('latin1').decode(bytes) + '\n' + new TextDecoder('utf-8').decode(bytes);
      }
      if (typeof v === 'object') return Object.entries(v).map(([k, x]) => `${k}=${text(x)}`).join('\n');
      return String(v);
    };
    const out = {};
    for (const name of db.objectStoreNames) {
      const values = await new Promise((ok, fail) => {
        const req = db.transaction(name).objectStore(name).getAll();
        req.onsuccess = () => ok(req.result);
        req.onerror = () => fail(req.error);
      });
      out[name] = values.map(text).join('\n');
    }
    db.close();
    return out;
  });
}

test('a locked tablet shows and stores no record of the sample agency', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page, 'first set-up');
  await expectTouchTargets(page, 'first set-up');
  await page.getByLabel(/^Your name/).fill('Maria Lopez');
  await page.getByLabel(/^PIN or passphrase/).fill('123456');
  await page.getByLabel(/^Type it again/).fill('123456');
  await page.getByRole('button', { name: 'Set up this tablet' }).click();
  await expect(page.getByText('counts up or down').first()).toBeVisible();
  await page.getByLabel(/^PIN or passphrase/).fill(PIN);
  await page.getByLabel(/^Type it again/).fill('480216');
  await page.getByRole('button', { name: 'Set up this tablet' }).click();
  await expect(page.getByText('the two entries are not the same').first()).toBeVisible();
  await page.getByLabel(/^Type it again/).fill(PIN);
  await page.getByRole('button', { name: 'Set up this tablet' }).click();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();

  await visit(page, '/settings/data');
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await expect(page.getByRole('note').filter({ hasText: 'made-up sample agency' })).toBeVisible({ timeout: 30_000 });
  await visit(page, '/partners');
  // The directory fills in once the unlocked documents are read: wait for its rows.
  const rows = page.getByRole('list', { name: 'Partners' }).locator('.row-title');
  await expect(rows.nth(3)).toBeVisible();
  const partners = await rows.allTextContents();
  await page.getByRole('list', { name: 'Partners' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1, name: partners[0] })).toBeVisible();
  const contacts = (await page.getByRole('list', { name: 'Contacts' }).getByRole('listitem').allTextContents())
    .map((c) => c.split(/[·,\n]/)[0].trim()).filter((c) => c.length > 3);
  await visit(page, '/referrals');
  // Referrals load month by month after the unlock: wait for the log to show some.
  const log = page.getByRole('list', { name: 'Referrals' }).locator('.row-title');
  await expect(log.nth(3)).toBeVisible();
  const participants = (await log.allTextContents())
    .map((r) => r.split(' · ')[0].trim());
  expect(participants.length).toBeGreaterThan(3);
  const names = [...new Set([...partners, ...contacts, ...participants])];

  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible();
  const shown = await page.locator('body').innerText();
  const html = await page.content();
  for (const name of names) {
    expect(shown, `the lock screen shows ${name}`).not.toContain(name);
    expect(html, `the locked page holds ${name}`).not.toContain(name);
  }
  await expectAccessible(page, 'lock screen');
  await expectTouchTargets(page, 'lock screen');

  const dump = await dumpIndexedDb(page);
  expect(Object.keys(dump)).toEqual(expect.arrayContaining(['chunks', 'meta', 'outbox', 'quarantine', 'vault']));
  expect(dump.chunks.length, 'the sample agency was stored').toBeGreaterThan(10_000);
  const everything = Object.values(dump).join('\n');
  for (const name of names) expect(everything, `IndexedDB holds ${name} readably`).not.toContain(name);
  expect(dump.vault, 'the profile is there for the lock screen').toContain('Maria Lopez');
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  for (const name of names) expect(local).not.toContain(name);
  expect(local).not.toContain('Maria Lopez');

  await unlock(page);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partners' }).click();
  await expect(page.getByRole('list', { name: 'Partners' })).toContainText(partners[0]);
});

test('a tablet in a team keeps its team key unreadable at rest', async ({ browser }) => {
  const relay = await startRelay(sparePort(13));
  const context = await browser.newContext({ baseURL: relay.base });
  try {
    const page = await context.newPage();
    await page.goto(relay.setup);
    await setUp(page);
    await page.getByLabel(/^Tablet name/).fill('Outreach tablet 1');
    await page.getByRole('button', { name: 'Create team' }).click();
    await expect(page.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 30_000 });
    // The invite link carries the team key: the one place a test can learn it.
    await page.getByRole('button', { name: 'Create an invite' }).click();
    const link = await page.getByLabel('Invite link', { exact: true }).inputValue();
    const hex = link.match(/key=([0-9a-f]{64})$/)?.[1];
    expect(hex, 'the invite carries the team key').toBeTruthy();
    const raw = String.fromCharCode(...hex.match(/../g).map((b) => parseInt(b, 16)));
    const base64 = Buffer.from(hex, 'hex').toString('base64');

    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible();
    const dump = await dumpIndexedDb(page);
    expect(dump.meta.length, 'the membership was stored').toBeGreaterThan(100);
    const everything = Object.values(dump).join('\n');
    for (const [form, text] of [['hex', hex], ['HEX', hex.toUpperCase()], ['raw bytes', raw], ['base64', base64]]) {
      expect(everything.includes(text), `IndexedDB holds the team key as ${form}`).toBe(false);
    }
    const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
    expect(local.includes(hex) || local.includes(base64), 'localStorage holds the team key').toBe(false);
    // Still a member once unlocked: the sealed membership opens again.
    await unlock(page);
    await expect(page.locator('header [data-sync]')).toHaveText(/^Synced at/, { timeout: 30_000 });
  } finally {
    await context.close();
    relay.stop();
  }
});

test('wrong PINs are counted down, warned about, and the tenth erases the tablet', async ({ page }) => {
  await page.goto('/');
  await setUp(page);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await unlock(page, '999999');
  await expect(page.getByRole('alert').filter({ hasText: 'Not right; 9 tries left.' })).toBeVisible();
  await expect(page.getByText('this tablet erases')).toHaveCount(0);
  for (let left = 8; left >= 1; left -= 1) {
    await page.getByLabel('PIN or passphrase').fill(`99999${left}`);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert').filter({ hasText: `Not right; ${left} ${left === 1 ? 'try' : 'tries'} left.` })).toBeVisible();
    if (left <= 3) await expect(page.getByText('this tablet erases Rapport\'s data')).toBeVisible();
  }
  // A reload does not reset the count.
  await page.reload();
  await page.getByLabel('PIN or passphrase').fill('999990');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Rapport on this tablet' })).toBeVisible();
  const dump = await dumpIndexedDb(page);
  expect(Object.values(dump).join('')).toBe('');
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('rapport')))).toEqual([]);
});

test('the tablet locks itself after the idle time', async ({ page }) => {
  await page.goto('/');
  await setUp(page);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  // The idle time is the team's policy (default 5 minutes); a hidden device setting overrides it.
  await page.evaluate(() => {
    const settings = JSON.parse(localStorage.getItem('rapport.device') || '{}');
    localStorage.setItem('rapport.device', JSON.stringify({ ...settings, idle_lock_seconds: 3 }));
  });
  await page.reload();
  await unlock(page);
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Rapport is locked' })).toBeVisible({ timeout: 15_000 });
});

test('the idle lock is the team\'s policy: shown, checked, saved for everyone', async ({ page }) => {
  await page.goto('/settings/policy');
  await setUp(page);
  const field = page.getByLabel(/^Lock this app after this many minutes without use/);
  await expect(field).toHaveValue('5');
  await field.fill('0');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('must be a whole number from 1 to 60').first()).toBeVisible();
  await field.fill('12');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved for the whole team.' })).toBeVisible();
  await visit(page, '/settings/policy');
  await expect(page.getByLabel(/^Lock this app after this many minutes without use/)).toHaveValue('12');
});

test('another staff member unlocks with their own PIN; the last one cannot be removed', async ({ page }) => {
  await page.goto('/settings/tablet');
  await setUp(page);
  await expect(page.getByRole('heading', { level: 1, name: 'This tablet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove Maria Lopez' })).toHaveCount(0);
  await page.getByLabel(/^Their name/).fill('Alex Kim');
  await page.getByLabel(/^Their PIN or passphrase \(/).fill('731904');
  await page.getByLabel(/^Their PIN or passphrase again/).fill('731904');
  await page.getByRole('button', { name: 'Add staff member' }).click();
  await expect(page.getByRole('list', { name: 'Staff on this tablet' })).toContainText('Alex Kim');
  await expectAccessible(page, 'this tablet with two staff');
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByLabel('Who is unlocking')).toBeVisible();
  await expectAccessible(page, 'lock screen with two staff');
  await expectTouchTargets(page, 'lock screen with two staff');
  await page.getByLabel('Who is unlocking').selectOption({ label: 'Alex Kim' });
  await unlock(page, '731904');
  await expect(page.getByLabel(/^Your name/)).toHaveValue('Alex Kim');
  await page.getByRole('button', { name: 'Remove Maria Lopez' }).click();
  await expect(page.getByRole('list', { name: 'Staff on this tablet' })).not.toContainText('Maria Lopez');
  await expect(page.getByRole('button', { name: 'Remove Alex Kim' })).toHaveCount(0);
});

test('an earlier version\'s plaintext rows are encrypted in place, resuming after a reload half-way', async ({ page }) => {
  const ROWS = 1500;
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Set up Rapport on this tablet' })).toBeVisible();
  // What the previous version stored: quarantined chunks and meta rows, in the clear.
  await page.evaluate(async (rows) => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); });
    const tx = db.transaction(['quarantine', 'meta'], 'readwrite');
    for (let i = 0; i < rows; i += 1) {
      tx.objectStore('quarantine').add({
        doc: 'contacts', chunk: `old-${i}`, message: `Plain row ${i}`,
        bytes: new TextEncoder().encode(`Participant Zelda Quincy ${i}`),
      });
    }
    tx.objectStore('meta').put('{"note":"Partner Quillfeather Clinic"}', 'old-note');
    await new Promise((ok) => { tx.oncomplete = ok; });
    db.close();
  }, ROWS);
  await setUp(page);
  // Closed half-way: as soon as some rows are sealed, before the last.
  const seen = await page.waitForFunction(() => {
    const m = document.body.innerText.match(/Protecting your data… (\d+) of (\d+)/);
    return m && Number(m[1]) > 0 && m[1];
  }, null, { polling: 10 });
  const done = Number(await seen.jsonValue());
  await page.reload();
  expect(done, 'the reload came before the end').toBeLessThan(ROWS);

  const half = await dumpIndexedDb(page);
  expect(half.quarantine, 'some rows were still in the clear').toContain('Zelda Quincy');
  await unlock(page);
  // The Lock button shows once the data is open, after the migration has finished.
  await expect(page.getByRole('button', { name: 'Lock', exact: true })).toBeVisible({ timeout: 60_000 });
  const after = await dumpIndexedDb(page);
  expect(Object.values(after).join('\n')).not.toContain('Zelda Quincy');
  expect(Object.values(after).join('\n')).not.toContain('Quillfeather');
  const count = await page.evaluate(async () => {
    const db = await new Promise((ok) => { const r = indexedDB.open('rapport'); r.onsuccess = () => ok(r.result); });
    const n = await new Promise((ok) => { const r = db.transaction('quarantine').objectStore('quarantine').count(); r.onsuccess = () => ok(r.result); });
    db.close();
    return n;
  });
  expect(count, 'no row lost or doubled').toBe(ROWS);
  // Still readable through the app: Settings > Data lists every set-aside row.
  await visit(page, '/settings/data');
  await expect(page.getByRole('button', { name: 'Download', exact: true })).toHaveCount(ROWS, { timeout: 30_000 });
  await expect(page.getByText('Plain row 1199')).toBeVisible();
});
