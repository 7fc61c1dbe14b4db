// The app runs under its Content-Security-Policy: the headers are sent, and no screen trips it.
import { test, expect } from './fixtures.mjs';
import { open } from './helpers.mjs';

/** Collects every CSP violation the page reports, from the console and from the DOM event. */
function watchViolations(page) {
  const seen = [];
  page.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) seen.push(m.text());
  });
  page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return seen;
}

test('pages carry a Content-Security-Policy, nosniff and no-referrer', async ({ page }) => {
  for (const path of ['/', '/partners', '/relay']) {
    const response = await page.goto(path);
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).not.toContain("script-src 'unsafe-inline'");
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('no-referrer');
  }
});

test('the app loads and moves between screens without a single CSP violation', async ({ page }) => {
  const violations = watchViolations(page);
  for (const path of ['/', '/partners', '/partners/new', '/referrals', '/recognition', '/settings']) {
    await open(page, path);
  }
  await page.goto('/relay');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  expect(violations).toEqual([]);
});
