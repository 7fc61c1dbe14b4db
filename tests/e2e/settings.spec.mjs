// Settings in five sections (issues 12 and 14): this tablet, the team's policy, message
// templates with a live preview, data, and backup; the welcome of an empty Rapport; and the
// quiet install offer.
import { test, expect } from './fixtures.mjs';
import { addPartner, expectAccessible, expectTouchTargets, open } from './helpers.mjs';

const SECTIONS = [
  ['This tablet', '/settings/tablet'],
  ['Team policy', '/settings/policy'],
  ['Message templates', '/settings/templates'],
  ['Data', '/settings/data'],
  ['Backup', '/settings/backup'],
];

/** A stand-in for Chromium's install prompt; records whether Rapport opened it. */
async function offerInstall(page) {
  await page.evaluate(() => {
    const event = new Event('beforeinstallprompt', { cancelable: true });
    event.prompt = () => { window.installPrompted = true; return Promise.resolve(); };
    event.userChoice = Promise.resolve({ outcome: 'accepted', platform: 'web' });
    window.dispatchEvent(event);
  });
}

test('settings is a short index of five sections, each its own accessible screen', async ({ page }) => {
  await open(page, '/settings');
  const index = page.getByRole('navigation', { name: 'Settings sections' });
  await expect(index.getByRole('link')).toHaveCount(SECTIONS.length);
  await expectAccessible(page, 'settings index');
  await expectTouchTargets(page, 'settings index');
  for (const [name, path] of SECTIONS) {
    await index.getByRole('link', { name: new RegExp(`^${name}`) }).click();
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    expect(new URL(page.url()).pathname).toBe(path);
    await expectAccessible(page, `settings: ${name}`);
    await expectTouchTargets(page, `settings: ${name}`);
    await page.getByRole('link', { name: 'Settings', exact: true }).last().click();
    await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  }
  // The team's policy no longer shares a page with this tablet's name.
  await open(page, '/settings/tablet');
  await expect(page.getByLabel(/^Tablet name/)).toBeVisible();
  await expect(page.getByLabel('Yearly appreciation cap per person, in dollars')).toHaveCount(0);
});

test('the large benchmark sample shows only with ?dev=1', async ({ page }) => {
  await open(page, '/settings/data');
  await expect(page.getByRole('button', { name: 'Load the sample agency' })).toBeVisible();
  await expect(page.getByRole('button', { name: /large 5-year sample/ })).toHaveCount(0);
  await open(page, '/settings/data?dev=1');
  await expect(page.getByRole('button', { name: /large 5-year sample/ })).toBeVisible();
});

test('each template previews live, filled as a referrer would read it', async ({ page }) => {
  await open(page, '/settings/tablet');
  await page.getByLabel(/^Your name/).fill('Maria Lopez');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved on this tablet.')).toBeVisible();

  await open(page, '/settings/templates');
  const preview = page.getByRole('region', { name: 'Preview: Thank-you' });
  await expect(preview).toContainText('Thank you for your referral');
  await expect(preview).toContainText('Dear Dana Lee,');
  await expect(preview).toContainText('we will reach out to J.R.');
  await expect(preview).toContainText('Maria Lopez');
  await expect(preview).not.toContainText('{');

  await page.locator('#template-thank-you-body').fill('Hello {contact}, {participant} starts {services} soon.\n\n{staff}');
  await expect(preview).toContainText('Hello Dana Lee, J.R. starts respite soon.');
  await page.locator('#template-thank-you-subject').fill('About {participant}');
  await expect(preview).toContainText('About J.R.');
  await page.getByRole('button', { name: 'Save templates' }).click();
  await expect(page.getByText('Saved for the whole team.')).toBeVisible();
  await page.reload();
  await expect(page.locator('#template-thank-you-subject')).toHaveValue('About {participant}');
});

test('the event invitation is the team\'s template: previewed live, then drafted for a real webinar', async ({ page }) => {
  await open(page, '/settings/templates');
  const preview = page.getByRole('region', { name: 'Preview: Event invitation' });
  await expect(preview).toContainText('Invitation: How Medicaid Waiver Services Can Improve Patient Outcomes');
  await expect(preview).toContainText('Join online: https://meet.example.org/waivers');
  await expect(preview, 'a webinar has no place, so its line is left out').not.toContainText('Where:');
  await expect(preview).not.toContainText('{');
  await expect(page.getByRole('region', { name: 'Preview: Event thank-you' })).toContainText('waivers-slides.pdf');

  await page.locator('#template-event-invitation-body').fill('Dear colleague,\nJoin us for {event}, {when}.\nWhere: {place}\nLink: {link}\n{staf}');
  await expect(page.getByText('Not a placeholder Rapport knows, so it would be sent as typed: {staf}')).toBeVisible();
  await page.locator('#template-event-invitation-body').fill('Dear colleague,\nJoin us for {event}, {when}.\nWhere: {place}\nLink: {link}\n{staff}');
  await expect(preview).toContainText('Join us for How Medicaid Waiver Services Can Improve Patient Outcomes, Apr 15, 2027');
  await expect(preview).not.toContainText('Where:');
  await expectAccessible(page, 'message templates with event messages');
  await page.getByRole('button', { name: 'Save templates' }).click();
  await expect(page.getByText('Saved for the whole team.')).toBeVisible();

  // A workshop in a library: its invitation is drafted from the edited template, place included.
  await open(page, '/events/new');
  await page.getByLabel('Kind').selectOption({ label: 'Workshop' });
  await page.getByLabel(/^Title/).fill('Transitioning Home After Hospitalization');
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  await page.getByLabel(/^Date/).fill(today);
  await page.getByLabel(/^Starts/).fill('10:00');
  await page.getByLabel(/^Ends/).fill('11:00');
  await page.getByLabel('Place', { exact: true }).fill('Riverside Library');
  await page.getByRole('button', { name: 'Save event' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Transitioning Home After Hospitalization' })).toBeVisible();
  await page.getByText('Invitation email').click();
  const body = await page.locator('#invite-body').inputValue();
  expect(body).toMatch(/^Dear colleague,\nJoin us for Transitioning Home After Hospitalization, .+10:00.*\.\nWhere: Riverside Library\n/);
  expect(body, 'no meeting link, so no Link line').not.toContain('Link:');
  await expect(page.locator('#invite-subject')).toHaveValue('Invitation: Transitioning Home After Hospitalization');
});

test('an empty Rapport welcomes: your name, the sample agency, the first partner, the team', async ({ page }) => {
  await open(page, '/');
  const welcome = page.getByRole('region', { name: 'Welcome to Rapport' });
  await expect(welcome).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add your first partner' })).toHaveAttribute('href', '/partners/new');
  await expect(page.getByRole('link', { name: 'Join your team' })).toHaveAttribute('href', '/join');
  await expect(page.getByText('made-up data to try Rapport')).toBeVisible();
  await expectAccessible(page, 'welcome');
  await expectTouchTargets(page, 'welcome');

  // The name given at set-up (issue 11) is offered; it can be changed here.
  await expect(welcome.getByLabel(/^Your name/)).toHaveValue('Maria Lopez');
  await welcome.getByLabel(/^Your name/).fill('');
  await welcome.getByRole('button', { name: 'Save name' }).click();
  await expect(welcome.getByText('Your name is required').first()).toBeVisible();
  await welcome.getByLabel(/^Your name/).fill('Maria Lopez');
  await welcome.getByRole('button', { name: 'Save name' }).click();
  await expect(welcome.getByRole('status')).toContainText('Thanks, Maria Lopez');
  await open(page, '/settings/tablet');
  await expect(page.getByLabel(/^Your name/)).toHaveValue('Maria Lopez');

  await open(page, '/');
  // Today itself fills with the sample agency's work, marked as made up.
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await expect(page.getByRole('note').filter({ hasText: 'made-up sample agency' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('region', { name: 'Welcome to Rapport' })).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  await open(page, '/partners');
  await expect(page.getByRole('main').getByRole('link').filter({ hasText: /\w/ }).nth(5)).toBeVisible();
});

test('a tablet with real partners is not offered the sample on Today', async ({ page }) => {
  await addPartner(page, { name: 'Mercy General Hospital' });
  await open(page, '/');
  await expect(page.getByRole('button', { name: 'Load the sample agency' })).toHaveCount(0);
});

test('when the browser offers installation, a quiet action opens its prompt', async ({ page }) => {
  await open(page, '/');
  await expect(page.getByRole('button', { name: 'Install Rapport on this tablet' })).toHaveCount(0);
  await offerInstall(page);
  const install = page.getByRole('button', { name: 'Install Rapport on this tablet' });
  await expect(install).toBeVisible();
  await expectAccessible(page, 'welcome with the install offer');
  await expectTouchTargets(page, 'welcome with the install offer');
  // Settings shows the same offer from the prompt captured earlier.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
  await expect(install).toBeVisible();
  await install.click();
  expect(await page.evaluate(() => window.installPrompted)).toBe(true);
  // A prompt is good for one use; once answered, the offer goes.
  await expect(install).toHaveCount(0);
  // Installed later from the browser's menu: no offer either.
  await offerInstall(page);
  await expect(install).toBeVisible();
  await page.evaluate(() => window.dispatchEvent(new Event('appinstalled')));
  await expect(install).toHaveCount(0);
});

test.describe('on an iPad', () => {
  test.use({
    userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  });

  test('Safari gets the Add to Home Screen how-to', async ({ page }) => {
    // iPadOS calls itself a Mac; its touch screen gives it away.
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'maxTouchPoints', { get: () => 5 }));
    await open(page, '/settings/tablet');
    const howTo = page.getByRole('group', { name: 'Install Rapport' });
    await expect(howTo).toContainText('tap Share in Safari\'s toolbar, then Add to Home Screen');
    await expect(page.getByRole('button', { name: 'Install Rapport on this tablet' })).toHaveCount(0);
  });
});
