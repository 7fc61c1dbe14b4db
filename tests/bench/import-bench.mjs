// Browser benchmark: imports 2,500 partners with 2,500 contacts through the import screen in
// headless Chromium and prints the app's own `rapport-import` measure (the write, from the
// Import button to the records shown) and the click-to-done time. Prints figures; asserts
// nothing. Target (issue 14): under 10 s.
//
//   node bench/import-bench.mjs   (from tests/, after scripts/build-app.sh and a release server build)
//   RAPPORT_SHOTS=/tmp/shots also saves a screenshot of the progress bar.

import { withRelayAndTablet } from './harness.mjs';

const port = Number(process.env.RAPPORT_BENCH_PORT || 47192);
const rows = Number(process.env.RAPPORT_BENCH_ROWS || 2500);

const lines = ['Organization,Type,Tier,Contact name,Role,Email,Phone'];
for (let i = 0; i < rows; i++) {
  const n = String(i).padStart(4, '0');
  lines.push(`Partner ${n} Home Care,Other,Regular,Person ${n} Example,Case manager,person${n}@example.org,555-3${n.slice(0, 2)}-${n}`);
}
const csv = lines.join('\r\n');

await withRelayAndTablet('import', port, async ({ page, base }) => {
  await page.goto(`${base}/settings/import`);
  await page.getByLabel('CSV file').setInputFiles({ name: 'bench.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }, { timeout: 60_000 });
  const button = page.getByRole('button', { name: `Import ${rows} partners and ${rows} contacts` });
  const planStart = Date.now();
  await button.waitFor({ timeout: 120_000 });
  const planMs = Date.now() - planStart;
  const start = Date.now();
  await button.click();
  if (process.env.RAPPORT_SHOTS) {
    await page.locator('.import-progress').waitFor({ timeout: 10_000 }).catch(() => {});
    await page.screenshot({ path: `${process.env.RAPPORT_SHOTS}/progress-820x1180.png`, fullPage: true }).catch(() => {});
  }
  await page.getByText(/^Imported /).waitFor({ timeout: 300_000 });
  const clickMs = Date.now() - start;
  const measured = await page.evaluate(() => performance.getEntriesByName('rapport-import').at(-1)?.duration ?? NaN);
  if (process.env.RAPPORT_BENCH_STAGES) {
    const stages = await page.evaluate(() => {
      const sum = {};
      for (const e of performance.getEntriesByType('measure')) {
        sum[e.name] = sum[e.name] || { n: 0, ms: 0 };
        sum[e.name].n++; sum[e.name].ms += Math.round(e.duration);
      }
      return sum;
    });
    console.log(JSON.stringify(stages));
  }
  console.log(`import of ${rows} partners + ${rows} contacts: rapport-import ${measured.toFixed(0)} ms, click to done ${clickMs} ms (file read and plan shown: ${planMs} ms after choosing the file)`);
});
