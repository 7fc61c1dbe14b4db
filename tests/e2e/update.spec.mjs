// A new build reaches an installed app: the new service worker takes over and the old
// version's cache is deleted.
import { test, expect } from './fixtures.mjs';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { targetDir, sparePort } from '../playwright.config.mjs';

const root = new URL('../..', import.meta.url).pathname;

test('a new build replaces the cached app shell cleanly', async ({ page }) => {
  const dist = mkdtempSync(join(tmpdir(), 'rapport-dist-'));
  cpSync(join(root, 'dist'), dist, { recursive: true });
  const port = sparePort(2);
  const data = mkdtempSync(join(tmpdir(), 'rapport-data-'));
  const server = spawn(join(targetDir, 'release/rapport-server'), ['--port', String(port), '--dist', dist, '--data', data], { stdio: 'ignore' });
  try {
    const base = `http://127.0.0.1:${port}`;
    await expect.poll(async () => (await fetch(base).catch(() => null))?.status).toBe(200);
    await page.goto(base);
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    const before = await page.evaluate(() => caches.keys());
    expect(before).toHaveLength(1);

    // Ship a "new build": the worker's version changes.
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    writeFileSync(join(dist, 'sw.js'), sw.replace(/const VERSION = '[^']+'/, "const VERSION = 'next-build'"));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    await expect.poll(() => page.evaluate(() => caches.keys())).toEqual(['rapport-shell-next-build']);

    // The app still opens, now from the new cache.
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
  } finally {
    server.kill();
    rmSync(dist, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  }
});
