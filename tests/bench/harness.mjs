// What the browser benchmarks share: a release relay on its own port and data folder, headless
// Chromium at tablet size with the test staff profile unlocked at every open, and percentiles.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium as playwright } from '@playwright/test';
import { chromium, targetDir } from '../playwright.config.mjs';
import { TEST_STAFF, autoUnlock } from '../e2e/unlock.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** The value below which `p` percent of `values` fall (nearest rank). */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Runs `bench({ page, base })` against a fresh relay on `port`, then stops both. */
export async function withRelayAndTablet(name, port, bench) {
  const base = `http://127.0.0.1:${port}`;
  const data = mkdtempSync(join(tmpdir(), `rapport-${name}-bench-`));
  const args = ['--port', String(port), '--dist', join(root, 'dist'), '--data', data];
  const server = spawn(join(targetDir, 'release/rapport-server'), args, { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 500));
    const browser = await playwright.launch(chromium);
    try {
      const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
      await context.addInitScript(autoUnlock, TEST_STAFF);
      await bench({ page: await context.newPage(), base });
    } finally {
      await browser.close();
    }
  } finally {
    server.kill();
  }
}
