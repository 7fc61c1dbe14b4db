// End-to-end tests run the real server on loopback and the system Chromium; no browser download.
import { defineConfig } from '@playwright/test';
import { tmpdir } from 'node:os';

const port = Number(process.env.RAPPORT_E2E_PORT || 47181);
/** A port for a spec's own relay, `offset` above the suite's: two checkouts can run the suite
 * at once when each sets RAPPORT_E2E_PORT (leave 20 ports between them). */
export const sparePort = (offset) => port + offset;
const root = new URL('..', import.meta.url).pathname;
/** Where cargo built the server and tools: scripts/lib/tools.sh exports CARGO_TARGET_DIR. */
export const targetDir = process.env.CARGO_TARGET_DIR || `${root}target`;

export const chromium = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './e2e',
  // Every page load unlocks the tablet (issue 11): Argon2id costs ~0.5 s per load, more on a
  // loaded machine, and the longest specs load a screen twenty times.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: './e2e/test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1024, height: 768 },
    hasTouch: true,
    launchOptions: chromium,
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `${targetDir}/release/rapport-server --port ${port} --dist ${root}dist --data ${tmpdir()}/rapport-e2e-${process.pid}`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
  },
});
