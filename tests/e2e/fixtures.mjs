// The suite's `test`: every browser context it opens sets up a staff profile on first run and
// unlocks at every load, with a fixed test PIN, so specs about other screens pass through the
// lock screen as a staff member would. `lock.spec.mjs` uses plain Playwright to see the lock.
import { test as base, expect } from '@playwright/test';

export { expect };

/** The staff member and PIN the suite sets up on every fresh tablet. */
export const TEST_STAFF = { name: 'Sam Rivera', pin: '258036' };

/** Runs in every page: fills the set-up or lock form as soon as it appears, once per page. */
function autoUnlock({ name, pin }) {
  if (window.__rapportAutoUnlock) return;
  window.__rapportAutoUnlock = true;
  const fill = (id, value) => {
    const el = document.getElementById(id);
    if (!el) return;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const submit = (id) => {
    const el = document.getElementById(id);
    if (!el || el.dataset.autoUnlock) return;
    el.dataset.autoUnlock = '1';
    queueMicrotask(() => {
      if (id === 'setup-secret') {
        if (!document.getElementById('setup-name').value) fill('setup-name', name);
        fill('setup-secret', pin);
        fill('setup-again', pin);
      } else {
        fill('lock-secret', pin);
      }
      el.form?.querySelector('button[type=submit]')?.click();
    });
  };
  new MutationObserver(() => {
    submit('setup-secret');
    submit('lock-secret');
  }).observe(document, { childList: true, subtree: true });
}

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
