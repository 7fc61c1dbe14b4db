// Attendance marked by mistake is taken back (issue 13): the partner's attendance touchpoint
// goes with it, so the check-in clock is what it was, and marking again brings it back once.
// The events export then names who came.
import { test, expect } from './fixtures.mjs';
import { addContact, addPartner, downloaded, expectAccessible, open } from './helpers.mjs';

test('attendance taken back removes the partner\'s event touch; marked again, it returns once', async ({ page }) => {
  await addPartner(page, { name: 'Mercy Hospital' });
  await addContact(page, { name: 'Dr Lee', role: 'Physician', phone: '555-201-3002' });
  await addContact(page, { name: 'Dr Park', role: 'Physician', phone: '555-201-3004' });
  const partnerUrl = page.url();

  await open(page, '/events/new');
  await page.getByLabel('Kind').selectOption({ label: 'Webinar' });
  await page.getByLabel(/^Title/).fill('Waiver Services Webinar');
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  await page.getByLabel(/^Date/).fill(today);
  await page.getByLabel(/^Starts/).fill('00:30');
  await page.getByLabel(/^Ends/).fill('01:30');
  await page.getByLabel('Physician', { exact: true }).check();
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Waiver Services Webinar' })).toBeVisible();
  const eventUrl = page.url();
  await page.getByRole('button', { name: 'Choose invitees' }).click();
  await page.getByRole('button', { name: 'Invite 2 contacts' }).click();

  const mark = async (who, status) => {
    const group = page.getByRole('group', { name: `${who}: invitation` });
    await group.getByRole('button', { name: status }).click();
    await expect(group.getByRole('button', { name: status })).toHaveAttribute('aria-pressed', 'true');
  };
  const partnerShows = async (standing, attended) => {
    await page.goto(partnerUrl);
    await expect(page.locator('.standing')).toContainText(standing);
    await expect(page.locator('main').getByText('Attended: Waiver Services Webinar')).toHaveCount(attended);
    await page.goto(eventUrl);
    await expect(page.getByRole('group', { name: 'Dr Lee: invitation' })).toBeVisible();
  };

  await mark('Dr Lee', 'Attended');
  await mark('Dr Park', 'Attended');
  await partnerShows('On track', 1);

  // Dr Lee was marked by mistake: Dr Park still attended, so Mercy keeps its touch.
  await mark('Dr Lee', 'No-show');
  await partnerShows('On track', 1);
  // Dr Park too: nobody from Mercy attended, so the touch goes and the clock is back.
  await mark('Dr Park', 'Accepted');
  await expect(page.getByText('2 invited · 1 accepted · 0 attended')).toBeVisible();
  await partnerShows('Never contacted', 0);
  await expectAccessible(page, 'event page after attendance taken back');

  // Marked again (after a reload, from what is stored): one touch again.
  await page.reload();
  await mark('Dr Park', 'Attended');
  await partnerShows('On track', 1);

  // The events export (issue 14) says who came, as it stands now.
  await open(page, '/settings/data');
  const events = await downloaded(page, page.getByRole('button', { name: 'Download events (CSV)' }));
  expect(events.name).toMatch(/^rapport-events-\d{4}-\d{2}-\d{2}\.csv$/);
  const [header, row] = events.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  const cells = Object.fromEntries(header.split(',').map((h, i) => [h, row.split(',')[i]]));
  expect(cells).toMatchObject({ Title: 'Waiver Services Webinar', Kind: 'Webinar', Invitees: '2', Attended: '1' });
  expect(cells['Attended by']).toBe('Dr Park (Mercy Hospital)');
  expect(cells.Starts).toBe(`${today} 00:30`);
});
