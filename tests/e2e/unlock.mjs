// Passing through Rapport's first set-up and lock screen with a fixed test staff member, for
// the e2e suite (`fixtures.mjs`) and the benchmark: `context.addInitScript(autoUnlock, TEST_STAFF)`.

/** The staff member and PIN the suite sets up on every fresh tablet. */
export const TEST_STAFF = { name: 'Maria Lopez', pin: '258036' };

/** Runs in every page: fills the set-up or lock form as soon as it appears, once per page. */
export function autoUnlock({ name, pin }) {
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
