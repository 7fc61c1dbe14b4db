// Health-fair mode (issue 13): capture five people at the table offline, with a reload and a
// lock mid-way (the count survives), then triage them online: one duplicate linked, one new
// contact, one converted to a referral, one discarded (with Undo). Today then owes the promised
// information. Capture and triage pass axe and the touch-target check at both orientations.
import { test, expect } from './fixtures.mjs';
import { addContact, addPartner, expectAccessible, open, shootTablet } from './helpers.mjs';

const shots = process.env.RAPPORT_SHOTS || 'e2e/test-results/fair';
test.use({ timezoneId: 'America/Chicago' });

const shoot = (page, name) => shootTablet(page, shots, name, { fullPage: false });

/** Fills the capture form for one person and saves; `chips` are interest labels. */
async function capture(page, { name, organization, role, phone, email, consent = true, chips = [], note }, count) {
  await expect(page.getByLabel(/^Name/)).toBeFocused();
  await page.getByLabel(/^Name/).fill(name);
  for (const chip of chips) await page.getByRole('button', { name: chip }).click();
  if (organization) await page.getByLabel('Organization').fill(organization);
  if (role) await page.getByLabel('Role').fill(role);
  if (consent) await page.getByRole('switch', { name: 'Agrees to be contacted' }).check();
  if (phone) await page.getByLabel('Phone').fill(phone);
  if (email) await page.getByLabel('Email').fill(email);
  if (note) await page.getByLabel('Short note').fill(note);
  await page.getByRole('button', { name: 'Save and next' }).click();
  await expect(page.locator('.capture-count')).toContainText(count);
  await expect(page.getByLabel(/^Name/)).toHaveValue('');
}

test('a health fair offline: capture five people, reload and lock mid-way, then triage them', async ({ page, context }) => {
  await addPartner(page, { name: "St. Mary's Hospital" });
  await addContact(page, { name: 'Dana Lee', phone: '555-201-3001' });

  await open(page, '/events/new');
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  await page.getByLabel('Kind').selectOption({ label: 'Health fair' });
  await page.getByLabel(/^Title/).fill('Spring Health Fair');
  await page.getByLabel(/^Date/).fill(today);
  await page.getByLabel(/^Starts/).fill('09:00');
  await page.getByLabel(/^Ends/).fill('13:00');
  await page.getByLabel('Add a co-host partner').selectOption({ label: "St. Mary's Hospital" });
  await page.getByRole('button', { name: 'Add co-host' }).click();
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spring Health Fair' })).toBeVisible();

  await page.getByRole('link', { name: 'Start capture' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Capture: Spring Health Fair' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }), 'no navigation chrome').toBeHidden();
  await expect(page.locator('.capture-count')).toContainText('0 people captured');
  await expectAccessible(page, 'capture mode');
  await shoot(page, 'capture-empty');

  // The service worker must hold the app before the connection goes.
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);

  // Contact details without consent are refused, with the reason next to the field.
  await page.getByLabel(/^Name/).fill('Dana Lee');
  await page.getByLabel('Phone').fill('(555) 201-3001');
  await page.getByRole('button', { name: 'Save and next' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText('agree to be contacted');
  await expectAccessible(page, 'capture mode with an error');
  await page.getByLabel(/^Name/).focus();
  await capture(page, { name: 'Dana Lee', organization: 'Saint Marys Hosp.', phone: '(555) 201-3001', chips: ['Wants information'] }, '1 person captured');
  await capture(page, { name: 'Sam Ortiz', organization: 'Riverside Senior Center', role: 'Charge nurse', email: 'sam@riverside.example', chips: ['Wants a presentation', 'May refer'], note: 'Promised the waiver brochure' }, '2 people captured');

  // A reload offline comes back to capture mode with the same count.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Capture: Spring Health Fair' })).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.capture-count')).toContainText('2 people captured');

  // A potential participant: the form keeps only name, phone, consent and interest.
  await page.getByRole('button', { name: 'Potential participant — call back' }).click();
  await expect(page.getByLabel('Organization')).toBeHidden();
  await expect(page.getByLabel('Email')).toBeHidden();
  await expect(page.locator('.capture-minimal')).toContainText('no health details');
  await shoot(page, 'capture-participant');
  await page.getByRole('button', { name: 'Potential participant — call back' }).click();
  await page.getByLabel(/^Name/).focus();
  await capture(page, { name: 'Ann Park', phone: '555-301-4000', chips: ['Potential participant — call back'] }, '3 people captured');
  await capture(page, { name: 'Pat Kim', organization: 'Kim Consulting', consent: false }, '4 people captured');

  // Locking the tablet (staff step away) and unlocking comes back to the same screen.
  const url = page.url();
  await page.getByRole('button', { name: 'Lock', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Capture: Spring Health Fair' })).toBeVisible({ timeout: 20_000 });
  expect(page.url()).toBe(url);
  await expect(page.locator('.capture-count')).toContainText('4 people captured');
  await capture(page, { name: 'Lee Wong', organization: 'Oak Clinic', email: 'lee@oak.example', chips: ['May refer'] }, '5 people captured');
  await shoot(page, 'capture-five');
  await context.setOffline(false);

  await page.getByRole('link', { name: 'Finish capture' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Spring Health Fair' })).toBeVisible();
  await page.getByRole('link', { name: 'Leads to triage (5 open)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Leads to triage' })).toBeVisible();
  await expectAccessible(page, 'triage');
  await shoot(page, 'triage-open');

  const row = (name) => page.getByRole('list', { name: 'Leads' }).getByRole('listitem').filter({ hasText: name });
  // The duplicate is offered first, by name and partner.
  await row('Dana Lee').getByRole('button', { name: "Link to Dana Lee (St. Mary's Hospital)" }).click();
  await expect(row('Dana Lee')).toContainText('Linked to Dana Lee');
  await row('Sam Ortiz').getByRole('button', { name: 'New contact', exact: true }).click();
  await expect(row('Sam Ortiz')).toContainText('New contact Sam Ortiz and new partner');
  await expect(row('Ann Park').getByLabel('Referred through')).toHaveValue(/./);
  await row('Ann Park').getByRole('button', { name: 'Convert to referral' }).click();
  await expect(row('Ann Park')).toContainText('Converted to a referral');
  await row('Pat Kim').getByRole('button', { name: 'Discard' }).click();
  await expect(row('Pat Kim')).toContainText('Discarded');
  await row('Pat Kim').getByRole('button', { name: 'Undo' }).click();
  await expect(row('Pat Kim').getByRole('button', { name: 'Discard' })).toBeVisible();
  await row('Pat Kim').getByRole('button', { name: 'Discard' }).click();
  await expect(row('Pat Kim')).toContainText('Discarded');
  await expect(page.getByRole('status').filter({ hasText: 'open' })).toContainText('1 open');
  await expectAccessible(page, 'triage done');
  await shoot(page, 'triage-done');

  // Today owes the promised information to both contacts; the referral is in the log.
  await open(page, '/');
  await expect(page.locator('main')).toContainText('Send the information you promised: Dana Lee');
  await expect(page.locator('main')).toContainText('Send the information you promised: Sam Ortiz');
  await open(page, '/referrals');
  await expect(page.locator('main')).toContainText('Ann Park');
  await open(page, "/partners");
  await expect(page.locator('main')).toContainText('Riverside Senior Center');
});
