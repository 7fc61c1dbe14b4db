// Sizes of the built assets, raw and as sent (gzip, brotli), split into what the first screen
// downloads and the lazy chunks (`lazy-*`) the service worker fetches after it. Used by
// scripts/build-app.sh and the browser benchmark, so both count the same way.
//
//   node scripts/asset-sizes.mjs dist/assets
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each asset's sizes, and totals for the first screen and for everything. */
export function assetSizes(dir) {
  const files = readdirSync(dir).filter((f) => /\.(js|wasm|css)$/.test(f)).sort();
  const sum = () => ({ raw: 0, gz: 0, br: 0 });
  const first = sum();
  const total = sum();
  const rows = files.map((name) => {
    const size = (f) => statSync(join(dir, f)).size;
    const row = { name, lazy: name.startsWith('lazy-'), raw: size(name), gz: size(`${name}.gz`), br: size(`${name}.br`) };
    for (const t of row.lazy ? [total] : [first, total]) {
      t.raw += row.raw; t.gz += row.gz; t.br += row.br;
    }
    return row;
  });
  return { rows, first, total };
}

const kb = (v) => `${(v / 1024).toFixed(0)} KB`;

/** Lines for a report: the first screen's files, its total, then the lazy chunks' total. */
export function formatSizes({ rows, first, total }) {
  const line = (name, s) => `  ${name.padEnd(36)} ${kb(s.raw).padStart(8)} raw ${kb(s.gz).padStart(7)} gzip ${kb(s.br).padStart(7)} brotli`;
  const lazy = rows.filter((r) => r.lazy);
  return [
    ...rows.filter((r) => !r.lazy).map((r) => line(r.name, r)),
    `${line('first screen', first)}   target < 500 KB gzip`,
    line(`lazy chunks (${lazy.length} files)`, { raw: total.raw - first.raw, gz: total.gz - first.gz, br: total.br - first.br }),
    line('total', total),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  formatSizes(assetSizes(process.argv[2])).forEach((l) => console.log(l));
}
