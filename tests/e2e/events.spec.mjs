// Events (issue 13): plan a webinar, invite by role, mark attendance and see the partner's
// check-in clock reset; a held event's follow-ups on Today; "Add to calendar" gives an RFC 5545
// file with the right UTC instants. Every new screen passes axe and the touch-target check.
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { icsUtc, parseIcs } from './ics.mjs';
import { addContact, addPartner, expectAccessible, open, shootTablet } from './helpers.mjs';

const shots = 'e2e/test-results/events';
// A zone with daylight saving, so a wrong offset would show in the UTC instants.
test.use({ timezoneId: 'America/Chicago' });

const shoot = (page, name) => shootTablet(page, shots, name);

test('a webinar: invite physicians by role, attendance resets the partner clock, the .ics holds UTC instants', async ({ page }) => {
  await addPartner(page, { name: 'Mercy Hospital' });
  await addContact(page, { name: 'Dana Planner', role: 'Discharge planner' });
  await addContact(page, { name: 'Dr Lee', role: 'Physician', phone: '555-201-3002' });
  await addPartner(page, { name: 'Oak Clinic', kind: 'Physician practice', tier: 'Regular' });
  await addContact(page, { name: 'Dr Oak', role: 'Physician', phone: '555-201-3003' });

  // Never contacted: both partners' check-ins are on Today.
  await open(page, '/');
  await expect(page.locator('main')).toContainText('Mercy Hospital');

  await page.getByRole('link', { name: 'Events', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Events' })).toBeVisible();
  await expectAccessible(page, 'events list');
  await shoot(page, 'list-empty');

  await page.getByRole('link', { name: 'Plan an event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plan an event' })).toBeVisible();
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText('Title is required');
  await expectAccessible(page, 'event form with errors');

  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  const [startIso, endIso] = await page.evaluate((d) => [new Date(`${d}T00:30`).toISOString(), new Date(`${d}T01:30`).toISOString()], today);
  await page.getByLabel('Kind').selectOption({ label: 'Webinar' });
  await page.getByLabel(/^Title/).fill('Medicaid Waiver Services and Patient Outcomes');
  await page.getByLabel(/^Date/).fill(today);
  await page.getByLabel(/^Starts/).fill('00:30');
  await page.getByLabel(/^Ends/).fill('01:30');
  await page.getByLabel('Meeting link').fill('https://meet.example.org/waivers');
  await page.getByLabel('Physician', { exact: true }).check();
  await page.getByLabel('Repeats').selectOption({ label: 'Quarterly' });
  await shoot(page, 'form');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Medicaid Waiver Services and Patient Outcomes' })).toBeVisible();

  // Invite by role: the event is for physicians, so both physicians and not the planner.
  await page.getByRole('button', { name: 'Choose invitees' }).click();
  await expect(page.getByLabel('Physician', { exact: true })).toBeChecked();
  await page.getByRole('button', { name: 'Invite 2 contacts' }).click();
  const invitees = page.getByRole('list', { name: 'Invitees' });
  await expect(invitees.getByRole('listitem')).toHaveCount(2);
  await expect(invitees).toContainText('Dr Lee');
  await expect(invitees).toContainText('Dr Oak');
  await expect(invitees).not.toContainText('Dana Planner');

  // Dr Lee attends: one touch with Mercy, on the event's day.
  const lee = page.getByRole('group', { name: 'Dr Lee: invitation' });
  await lee.getByRole('button', { name: 'Attended' }).click();
  await expect(page.getByRole('group', { name: 'Dr Lee: invitation' }).getByRole('button', { name: 'Attended' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText('2 invited · 0 accepted · 1 attended')).toBeVisible();
  await expectAccessible(page, 'event page');
  await shoot(page, 'event');

  // The calendar file: parses, one event, the UTC instants of 00:30–01:30 in Chicago.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add to calendar' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('medicaid-waiver-services-and-patient-outcomes.ics');
  const events = parseIcs(readFileSync(await download.path(), 'utf8'));
  expect(events).toHaveLength(1);
  expect(events[0].DTSTART).toBe(icsUtc(startIso));
  expect(events[0].DTEND).toBe(icsUtc(endIso));
  expect(events[0].SUMMARY).toBe('Medicaid Waiver Services and Patient Outcomes');
  expect(events[0].UID).toMatch(/^event-[0-9a-f]{32}@rapport$/);

  // Mercy's clock is reset: last contact today, on track; Oak (no-one attended) is not.
  await open(page, '/partners');
  await page.getByRole('link', { name: /Mercy Hospital/ }).first().click();
  await expect(page.locator('.standing')).toContainText('On track');
  await expect(page.locator('main')).toContainText('Attended: Medicaid Waiver Services and Patient Outcomes');
  const partnerEvents = page.getByRole('region', { name: 'Events' });
  await expect(partnerEvents).toContainText('1 attended');
  await expectAccessible(page, 'partner page with events');

  // Marking a second Mercy attendee would not add a second touch: one timeline entry.
  await expect(page.locator('main').getByText('Attended: Medicaid Waiver Services and Patient Outcomes')).toHaveCount(1);

  // Held: the attendees' thank-you is on Today.
  await open(page, '/events');
  await page.getByRole('link', { name: /Medicaid Waiver Services/ }).click();
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Held' }).click();
  await expect(page.getByRole('heading', { name: 'After the event' })).toBeVisible();
  await open(page, '/');
  const todayEvents = page.getByRole('region', { name: /^Events/ });
  await expect(todayEvents).toContainText('Thank the attendees: Medicaid Waiver Services and Patient Outcomes');
  await expect(page.locator('.agenda'), 'Oak Clinic is still never contacted').toContainText('Oak Clinic');
  await expect(page.locator('.agenda'), 'Mercy was touched at the event').not.toContainText('Mercy Hospital');
  await expectAccessible(page, 'today with an event follow-up');
  await shoot(page, 'today');
  await open(page, '/events');
  await shoot(page, 'list');
});
