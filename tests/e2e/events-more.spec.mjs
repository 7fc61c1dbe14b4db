// Events, continued (issue 13): attendance shows in Top referral sources' context; a meal at
// the appreciation lunch goes into each attendee's ledger once, with the cap warning first;
// "Add the next 90 days to your calendar" gives one RFC 5545 file of what is scheduled.
import { test, expect } from './fixtures.mjs';
import { readFileSync } from 'node:fs';
import { icsUtc, parseIcs } from './ics.mjs';
import { addContact, addPartner, addReferral, expectAccessible, expectTouchTargets, open, shootTablet } from './helpers.mjs';

const shots = process.env.RAPPORT_SHOTS || 'e2e/test-results/events';
test.use({ timezoneId: 'America/Chicago' });

const shoot = (page, name) => shootTablet(page, shots, name);

/** The tablet's date `days` from today, as the date field takes it. */
const dayFromToday = (page, days) => page.evaluate((n) => {
  const d = new Date();
  d.setDate(d.getDate() + n);
  return d.toLocaleDateString('en-CA');
}, days);

async function planEvent(page, { kind, title, date, starts, ends }) {
  await open(page, '/events/new');
  await page.getByLabel('Kind').selectOption({ label: kind });
  await page.getByLabel(/^Title/).fill(title);
  await page.getByLabel(/^Date/).fill(date);
  await page.getByLabel(/^Starts/).fill(starts);
  await page.getByLabel(/^Ends/).fill(ends);
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

test('the appreciation lunch: attendance in Top referral sources, one meal per attendee against the cap', async ({ page }) => {
  await addPartner(page, { name: 'Mercy Hospital' });
  await addContact(page, { name: 'Dana Planner' });
  await addContact(page, { name: 'Dr Lee', role: 'Physician', phone: '555-201-3002' });
  await addReferral(page, 'Rosa Diaz');
  // Dr Lee already had a $520 dinner this year: the cap is $535.
  await open(page, '/partners');
  await page.getByRole('link', { name: /Mercy Hospital/ }).first().click();
  await page.getByRole('button', { name: 'Add appreciation' }).click();
  await page.getByLabel('For', { exact: true }).selectOption({ label: 'Dr Lee' });
  await page.getByLabel(/^Value in dollars/).fill('520');
  await page.getByLabel(/^Description/).fill('Conference dinner');
  await page.getByRole('button', { name: 'Save appreciation' }).click();
  await expect(page.getByRole('list', { name: 'Appreciation given' })).toContainText('Conference dinner');

  const today = await dayFromToday(page, 0);
  const title = 'Referral Partner Appreciation Lunch';
  await planEvent(page, { kind: 'Appreciation event', title, date: today, starts: '00:05', ends: '00:10' });
  await page.getByRole('button', { name: 'Choose invitees' }).click();
  await page.getByLabel('Key partner', { exact: true }).check();
  await page.getByRole('button', { name: 'Invite 2 contacts' }).click();
  for (const name of ['Dana Planner', 'Dr Lee']) {
    await page.getByRole('group', { name: `${name}: invitation` }).getByRole('button', { name: 'Attended' }).click();
    await expect(page.getByRole('group', { name: `${name}: invitation` }).getByRole('button', { name: 'Attended' })).toHaveAttribute('aria-pressed', 'true');
  }

  // Not held yet: the meal says what to do first.
  const meal = page.getByRole('region', { name: 'Meal for the attendees' });
  await meal.getByLabel(/^Value per attendee/).fill('45');
  await meal.getByRole('button', { name: 'Record the meal' }).click();
  await expect(meal.getByRole('alert')).toContainText('Mark the event held before recording the meal.');
  await page.getByRole('group', { name: 'Status' }).getByRole('button', { name: 'Held' }).click();

  // Held: the warning names who the meal would take over the cap, before anything is saved.
  await meal.getByRole('button', { name: 'Record the meal' }).click();
  await expect(meal.getByRole('alert')).toContainText('This meal would take Dr Lee ($565.00) over the $535.00 yearly cap');
  await expect(meal).not.toContainText('Recorded:');
  await expectAccessible(page, 'event page with the meal warning');
  await shoot(page, 'event-meal-warning');
  await meal.getByRole('button', { name: 'Save anyway' }).click();
  await expect(meal.getByRole('status')).toContainText('Meal recorded');
  await expect(meal).toContainText('Recorded: $45.00 per attendee for 2 people.');

  // Recorded again at $40: replaced, never counted twice.
  await meal.getByLabel(/^Value per attendee/).fill('40');
  await meal.getByRole('button', { name: 'Record the meal again' }).click();
  await expect(meal.getByRole('alert')).toContainText('Dr Lee ($560.00)');
  await meal.getByRole('button', { name: 'Save anyway' }).click();
  await expect(meal).toContainText('Recorded: $40.00 per attendee for 2 people.');
  await shoot(page, 'event-meal');

  await open(page, '/partners');
  await page.getByRole('link', { name: /Mercy Hospital/ }).first().click();
  const totals = page.getByRole('list', { name: "This year's totals" });
  await expect(totals).toContainText('Dr Lee: $560.00 of $535.00 this year (over the cap)');
  await expect(totals).toContainText('Dana Planner: $40.00 of $535.00 this year');
  const ledger = page.getByRole('list', { name: 'Appreciation given' });
  await expect(ledger.getByText(`Meal at ${title}`)).toHaveCount(2);
  await expect(ledger.getByRole('link', { name: 'See the event' })).toHaveCount(2);
  await expectAccessible(page, 'partner page with the meal in the ledger');
  await shoot(page, 'partner-ledger');

  // Top referral sources: Mercy's referral, and the one event its people attended.
  await open(page, '/recognition');
  const mercy = page.getByRole('row', { name: /Mercy Hospital/ });
  await expect(page.getByRole('columnheader', { name: 'Events in the period' })).toBeVisible();
  await expect(mercy.getByRole('cell').nth(2)).toHaveText('1 attended');
  await expectAccessible(page, 'top referral sources with events');
  await shoot(page, 'recognition');
});

test('the next 90 days as one calendar file: planned events at their UTC instants, nothing later', async ({ page }) => {
  const soon = await dayFromToday(page, 10);
  const late = await dayFromToday(page, 120);
  await planEvent(page, { kind: 'Workshop', title: 'Transitioning Home After Hospitalization', date: soon, starts: '14:00', ends: '15:30' });
  await planEvent(page, { kind: 'Webinar', title: 'Spring webinar', date: late, starts: '12:00', ends: '13:00' });
  const startIso = await page.evaluate((d) => new Date(`${d}T14:00`).toISOString(), soon);

  await open(page, '/events');
  await expectAccessible(page, 'events list with the 90-day export');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Add the next 90 days to your calendar' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('rapport-next-90-days.ics');
  const events = parseIcs(readFileSync(await download.path(), 'utf8'));
  expect(events.map((e) => e.SUMMARY)).toEqual(['Transitioning Home After Hospitalization']);
  expect(events[0].DTSTART).toBe(icsUtc(startIso));
  await expect(page.getByRole('status').filter({ hasText: 'The file holds 1 entry' })).toBeVisible();
  await shoot(page, 'events-list');
});

test('capture mode in portrait: the note box is not hidden under Save and next', async ({ page }) => {
  const today = await dayFromToday(page, 0);
  await planEvent(page, { kind: 'Health fair', title: 'County health fair', date: today, starts: '09:00', ends: '23:00' });
  await page.getByRole('link', { name: 'Start capture' }).click();
  const save = page.getByRole('button', { name: 'Save and next' });
  await expect(save).toBeVisible();
  for (const [w, h] of [[820, 1180], [1180, 820]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${shots}/capture-${w}x${h}.png` });
    const note = page.getByLabel('Short note');
    const [n0, s0] = [await note.boundingBox(), await save.boundingBox()];
    expect(n0.y + n0.height, `the note box is above the save button before any scrolling at ${w}x${h}`).toBeLessThanOrEqual(s0.y);
    await note.focus();
    const [n, s] = [await note.boundingBox(), await save.boundingBox()];
    expect(n.y + n.height, `the focused note box clears the save button at ${w}x${h}`).toBeLessThanOrEqual(s.y);
    await page.screenshot({ path: `${shots}/capture-note-${w}x${h}.png` });
    await expectTouchTargets(page, `capture at ${w}x${h}`);
  }
});
