// Browser benchmark: health-fair capture (issue 13). Captures people one after another in
// capture mode and prints the app's own `rapport-capture` measure (Save and next tapped to the
// lead stored durably, sealed, and the form cleared), p50 and p95. Target: p95 < 50 ms.
// Prints figures; asserts nothing.
//
//   node bench/capture-bench.mjs   (from tests/, after scripts/build-app.sh and a release server build)
//   RAPPORT_BENCH_CAPTURES=60      how many people (default 40)
//   RAPPORT_BENCH_LARGE=1          with the 5-year sample loaded first (minutes), not the demo agency

import { percentile, withRelayAndTablet } from './harness.mjs';

const port = Number(process.env.RAPPORT_BENCH_PORT || 47194);
const captures = Number(process.env.RAPPORT_BENCH_CAPTURES || 40);
const large = process.env.RAPPORT_BENCH_LARGE === '1';

await withRelayAndTablet('capture', port, async ({ page, base }) => {
  await page.goto(`${base}/settings/data${large ? '?dev=1' : ''}`);
  await page.getByRole('button', { name: large ? /large 5-year sample/ : 'Load the sample agency' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/settings'), { timeout: 900_000 });

  await page.goto(`${base}/events/new`);
  const today = await page.evaluate(() => new Date().toLocaleDateString('en-CA'));
  await page.getByLabel('Kind').selectOption({ label: 'Health fair' });
  await page.getByLabel(/^Title/).fill('Benchmark Health Fair');
  await page.getByLabel(/^Date/).fill(today);
  await page.getByLabel(/^Starts/).fill('09:00');
  await page.getByLabel(/^Ends/).fill('13:00');
  await page.getByRole('button', { name: 'Save event' }).click();
  await page.getByRole('link', { name: 'Start capture' }).click();
  await page.locator('.capture-count').waitFor();

  for (let i = 1; i <= captures; i++) {
    await page.getByLabel(/^Name/).fill(`Visitor ${i} Example`);
    await page.getByLabel('Organization').fill(`Community Center ${i % 7}`);
    await page.getByRole('switch', { name: 'Agrees to be contacted' }).check();
    await page.getByLabel('Phone').fill(`555-410-${String(1000 + i)}`);
    await page.getByRole('button', { name: 'Wants information' }).click();
    await page.getByRole('button', { name: 'Save and next' }).click();
    await page.locator('.capture-count').filter({ hasText: `${i} ${i === 1 ? 'person' : 'people'} captured` }).waitFor();
  }
  const saved = await page.evaluate(() => performance.getEntriesByName('rapport-capture').map((e) => e.duration));
  console.log(`health-fair capture (${large ? '5-year sample' : 'demo agency'}), ${saved.length} people`);
  console.log(`capture to saved     p50 ${percentile(saved, 50).toFixed(0)} ms   p95 ${percentile(saved, 95).toFixed(0)} ms   target p95 < 50 ms`);
});
