// The follow-through that keeps partners referring: duties from a referral, a thank-you sent
// from Today, the disclosure log, and the appreciation cap.
import { test, expect, TEST_STAFF } from './fixtures.mjs';
import { addContact, addPartner, addReferral, expectAccessible, expectTouchTargets, open } from './helpers.mjs';

/** The composer signs with the name of the staff member who unlocked the tablet (issue 11):
 * the suite's, see `unlock.mjs`; it no longer asks "Who is sending this?". */
async function signAs(page, name) {
  expect(name).toBe(TEST_STAFF.name);
  await expect(page.getByRole('group', { name: 'Who is sending this?' })).toHaveCount(0);
}

test('a referral creates its duties, and a thank-you sent from Today completes one and resets the clock', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await addPartner(page, { name: 'Mercy General Hospital' });
  const partnerPath = new URL(page.url()).pathname;
  await addContact(page, { name: 'Dana Lee' });
  await addReferral(page, 'J.R.');

  const followUps = page.getByRole('list', { name: 'Follow-ups' });
  await expect(followUps).toContainText('Thank-you to the referrer');
  await expect(followUps).toContainText(/Due \w+ \d+, \d{4}/);
  await expectAccessible(page, 'referral page with follow-through');

  // Today lists the never-contacted partner as due today and the thank-you (due in two days)
  // under this week.
  await open(page, '/');
  await expect(page.getByRole('list', { name: 'This week' })).toContainText('Thank-you to the referrer');
  await expect(page.getByRole('list', { name: 'Due today' })).toContainText('Mercy General Hospital');
  await expect(page.getByRole('list', { name: 'Due today' })).toContainText('Check-in');
  await expectAccessible(page, 'today');
  await expectTouchTargets(page, 'today');

  // One tap to the draft; sent some other way (read out on the phone), then logged as sent.
  await page.getByRole('link', { name: /Thank them: Mercy General Hospital/ }).click();
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(/Dear Dana Lee,[\s\S]*we will reach out to J\.R\. within one business day/);
  // Signed by the staff member who unlocked the tablet, never with the tablet's name.
  await expect(page.getByLabel('Message', { exact: true })).not.toHaveValue(/This tablet/);
  await signAs(page, 'Maria Lopez');
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(/With thanks,\nMaria Lopez$/);
  await expectAccessible(page, 'message composer');
  await expectTouchTargets(page, 'message composer');
  await page.getByLabel('Sent by').selectOption({ label: 'Mail' });
  await page.getByRole('button', { name: 'Log as sent (mail)' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral of J.R.' })).toBeVisible();
  await expect(followUps.getByRole('listitem').filter({ hasText: 'Thank-you to the referrer' })).toContainText('Done');
  await expect(page.getByRole('list', { name: 'Disclosures' })).toContainText('Thank-you to Dana Lee');

  // The thank-you counted as a touch: the partner's clock was reset.
  await page.goto(partnerPath);
  await expect(page.locator('.standing')).toContainText('today');
  await open(page, '/');
  await expect(page.getByText('Thank-you to the referrer')).toHaveCount(0);
});

test('a drafted progress update is recorded in the disclosure log with what it shared', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await addPartner(page, { name: 'Eastside Medical Center' });
  await addContact(page, { name: 'Sam Ortiz' });
  await addReferral(page, 'M.K.');
  await page.getByLabel('New status').selectOption({ label: 'Services started' });
  await page.getByRole('button', { name: 'Save status' }).click();
  await expect(page.getByRole('list', { name: 'Follow-ups' })).toContainText('Progress update');

  const referralPath = new URL(page.url()).pathname;
  await page.goto(`/compose?referral=${referralPath.split('/')[2]}&purpose=progress-update`);
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(/M\.K\.[\s\S]*services started/);
  await expect(page.getByLabel('Message', { exact: true })).not.toHaveValue(/personal care/);
  await signAs(page, 'Maria Lopez');
  await page.getByRole('button', { name: 'Copy message' }).click();
  await page.goto(referralPath);
  const log = page.getByRole('list', { name: 'Disclosures' });
  await expect(log).toContainText('Progress update to Sam Ortiz');
  await expect(log).toContainText("shared participant's name or initials, referral status");
});

test('a contact who prefers the phone gets a call script and a tel: link, and the call is logged as a call', async ({ page }) => {
  await addPartner(page, { name: 'Lakeside Clinic' });
  const partnerPath = new URL(page.url()).pathname;
  await page.getByRole('link', { name: 'Add contact' }).click();
  await page.getByLabel(/^Name/).fill('Ruth Okafor');
  await page.getByLabel('Phone').fill('(555) 201-4477');
  await page.getByLabel('Email').fill('ruth@lakeside.example');
  await page.getByLabel('Prefers to hear from us by').selectOption({ label: 'Phone call' });
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Ruth Okafor');
  await page.getByRole('link', { name: 'Add contact' }).click();
  await page.getByLabel(/^Name/).fill('Lee Park');
  await page.getByLabel('Email').fill('lee@lakeside.example');
  await page.getByLabel('Prefers to hear from us by').selectOption({ label: 'Email' });
  await page.getByRole('button', { name: 'Save contact' }).click();
  await expect(page.getByRole('list', { name: 'Contacts' })).toContainText('Lee Park');
  await addReferral(page, 'T.B.');

  await page.goto(`/compose?referral=${new URL(page.url()).pathname.split('/')[2]}&purpose=thank-you`);
  await signAs(page, 'Maria Lopez');
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Ruth Okafor' });
  await expect(page.getByRole('heading', { name: 'Ruth Okafor prefers a phone call' })).toBeVisible();
  const script = page.getByRole('list', { name: 'Call script' });
  await expect(script.getByRole('listitem').first()).toHaveText('Ask for Ruth Okafor; say you are Maria Lopez, calling from our agency.');
  await expect(script).toContainText('we will reach out to T.B. within one business day');
  // The letter's greeting and signature are not read out.
  await expect(script).not.toContainText('Dear Ruth Okafor');
  await expect(page.getByRole('link', { name: 'Call Ruth Okafor' })).toHaveAttribute('href', 'tel:5552014477');
  await expectAccessible(page, 'composer with a call script');
  await expectTouchTargets(page, 'composer with a call script');
  // Someone who prefers email gets the written message only; back to Ruth for the call.
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Lee Park' });
  await expect(page.getByRole('heading', { name: /prefers a phone call/ })).toHaveCount(0);
  await expect(page.getByLabel('Message', { exact: true })).toHaveValue(/^Dear Lee Park,/);
  await page.getByLabel('To', { exact: true }).selectOption({ label: 'Ruth Okafor' });

  await page.getByRole('button', { name: 'Log the call' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Referral of T.B.' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Follow-ups' }).getByRole('listitem').filter({ hasText: 'Thank-you to the referrer' })).toContainText('Done');
  await page.goto(partnerPath);
  await expect(page.locator('.timeline')).toContainText('Called: Thank you for your referral');
  await expect(page.locator('.timeline')).toContainText('Maria Lopez');
});

test('appreciation over the yearly cap warns before it is saved', async ({ page }) => {
  await addPartner(page, { name: 'Oak Hollow Family Medicine', kind: 'Physician practice' });
  await addContact(page, { name: 'Dr. Priya Patel', role: 'Physician' });
  // Opened directly (a reload), the page must still offer the partner's people.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Oak Hollow Family Medicine' })).toBeVisible();
  await page.getByRole('button', { name: 'Add appreciation' }).click();
  await page.getByLabel('For').selectOption({ label: 'Dr. Priya Patel' });
  await page.getByLabel(/^Value in dollars/).fill('$50 gift card');
  await page.getByLabel(/^Description/).fill('Visa gift card');
  await page.getByRole('button', { name: 'Save appreciation' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'cash or a cash equivalent' })).toBeVisible();

  await page.getByLabel(/^Description/).fill('Lunch for the practice team');
  await page.getByLabel(/^Value in dollars/).fill('600');
  await page.getByRole('button', { name: 'Save appreciation' }).click();
  const warning = page.getByRole('alert').filter({ hasText: 'over the $535.00 cap' });
  await expect(warning).toContainText('Dr. Priya Patel to $600.00 this year');
  await expectAccessible(page, 'partner page with appreciation warning');
  await page.getByRole('button', { name: 'Save anyway' }).click();
  await expect(page.getByRole('list', { name: "This year's totals" })).toContainText('Dr. Priya Patel: $600.00 of $535.00 this year (over the cap)');
  await expect(page.getByRole('list', { name: 'Appreciation given' })).toContainText('Lunch for the practice team');
  await page.reload();
  await expect(page.getByRole('list', { name: 'Appreciation given' })).toContainText('Dr. Priya Patel · Lunch for the practice team');
  // Appreciation is a touch: the never-contacted partner is now on track.
  await expect(page.locator('.standing')).toContainText('today');
});

test('reviews, recognition and the policy screen are usable and accessible', async ({ page }) => {
  await addPartner(page, { name: 'Riverton General Hospital', tier: 'Key partner' });
  await addContact(page, { name: 'Dana Lee' });
  // A key partner added today has nothing to review yet: the first is due a period later.
  await expect(page.locator('#review')).toContainText('Next review due');
  await expect(page.locator('#review')).not.toContainText('A review is due');
  await page.getByRole('button', { name: 'Record a review' }).click();
  await page.getByLabel(/^Who answered/).selectOption({ label: 'Dana Lee' });
  await page.getByRole('group', { name: 'How easy is it to refer to us? (1–5)' }).getByText('4', { exact: true }).click();
  await page.getByRole('group', { name: 'How well do we keep you informed? (1–5)' }).getByText('3', { exact: true }).click();
  await expectTouchTargets(page, 'review form');
  await page.getByLabel('Anything we can do to make referring smoother?').fill('Call back the same day');
  await expectAccessible(page, 'review form');
  await page.getByRole('button', { name: 'Save review' }).click();
  await expect(page.getByRole('list', { name: 'Review history' })).toContainText('average score 3.5 of 5');
  await expect(page.locator('#review')).toContainText('Next review due');

  await open(page, '/recognition');
  await expectAccessible(page, 'recognition');
  await open(page, '/settings');
  await page.getByRole('link', { name: /^Team policy/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Team policy' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Follow-through deadlines' })).toBeVisible();
  await page.getByLabel('Yearly appreciation cap per person, in dollars').fill('400');
  await page.getByRole('button', { name: 'Save policy' }).click();
  await expect(page.getByText('Saved for the whole team.')).toBeVisible();
  await expectAccessible(page, 'settings with policy');
  await page.reload();
  await expect(page.getByLabel('Yearly appreciation cap per person, in dollars')).toHaveValue('400.00');
  // A misspelt placeholder is pointed out before it reaches a referrer.
  await open(page, '/settings/templates');
  await page.locator('#template-thank-you-body').fill('Dear {contcat}, thank you.');
  await expect(page.getByRole('status').filter({ hasText: 'Not a placeholder Rapport knows' })).toContainText('{contcat}');
});
