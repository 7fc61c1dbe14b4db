// How long unlocking takes in headless Chromium (issue 11): the Argon2id derivation alone,
// and from pressing Unlock to the first screen, on a tablet with the demo sample agency.
// Prints figures; asserts nothing.
//
//   node bench/unlock-bench.mjs        (from tests/, after scripts/build-app.sh and a release server build)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium as playwright } from '@playwright/test';
import { chromium, targetDir } from '../playwright.config.mjs';
import { TEST_STAFF, autoUnlock } from '../e2e/unlock.mjs';

const root = new URL('../..', import.meta.url).pathname;
const port = Number(process.env.RAPPORT_BENCH_PORT || 47191);
const base = `http://127.0.0.1:${port}`;
const unlocks = Number(process.env.RAPPORT_BENCH_UNLOCKS || 7);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

const server = spawn(join(targetDir, 'release/rapport-server'), ['--port', String(port), '--dist', join(root, 'dist')], { stdio: 'ignore' });
try {
  await new Promise((r) => setTimeout(r, 500));
  const browser = await playwright.launch(chromium);
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  await context.addInitScript(autoUnlock, TEST_STAFF);
  const page = await context.newPage();
  await page.goto(`${base}/settings/data`);
  await page.getByRole('button', { name: 'Load the sample agency' }).click();
  await page.getByRole('note').filter({ hasText: 'made-up sample agency' }).waitFor({ timeout: 60_000 });
  const kdf = []; const toReady = [];
  for (let i = 0; i < unlocks; i++) {
    await page.goto(`${base}/`);
    await page.waitForFunction(() => performance.getEntriesByName('rapport-ready').length > 0, null, { timeout: 60_000 });
    const t = await page.evaluate(() => ({
      kdf: performance.getEntriesByName('rapport-kdf')[0].duration,
      start: performance.getEntriesByName('rapport-kdf-start')[0].startTime,
      ready: performance.getEntriesByName('rapport-ready')[0].startTime,
    }));
    kdf.push(t.kdf); toReady.push(t.ready - t.start);
  }
  await browser.close();
  console.log(`Argon2id unlock (64 MiB, 2 passes), ${unlocks} unlocks: median ${median(kdf).toFixed(0)} ms, min ${Math.min(...kdf).toFixed(0)}, max ${Math.max(...kdf).toFixed(0)}`);
  console.log(`unlock → interactive (demo sample): median ${median(toReady).toFixed(0)} ms, max ${Math.max(...toReady).toFixed(0)}`);
} finally {
  server.kill();
}
