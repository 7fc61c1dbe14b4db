// The suite's `test`: every browser context it opens sets up a staff profile on first run and
// unlocks at every load, with a fixed test PIN, so specs about other screens pass through the
// lock screen as a staff member would. `lock.spec.mjs` uses plain Playwright to see the lock.
import { test as base, expect } from '@playwright/test';
import { TEST_STAFF, autoUnlock } from './unlock.mjs';

export { expect, TEST_STAFF };

async function unlocking(context) {
  await context.addInitScript(autoUnlock, TEST_STAFF);
  return context;
}

export const test = base.extend({
  context: async ({ context }, use) => {
    await use(await unlocking(context));
  },
  // Specs that open their own contexts (two tablets syncing) get the same.
  browser: [async ({ browser }, use) => {
    const newContext = browser.newContext.bind(browser);
    browser.newContext = async (...args) => unlocking(await newContext(...args));
    await use(browser);
    browser.newContext = newContext;
  }, { scope: 'worker' }],
});
