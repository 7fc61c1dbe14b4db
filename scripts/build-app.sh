#!/usr/bin/env bash
# Builds the tablet app into dist/: release WASM, JS glue, optimized with wasm-opt, every asset
# named by its content hash, and a service worker whose version changes with any of them.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$(dirname "$0")/lib/tools.sh"
ensure_build_tools
cd "$ROOT"

say "Compiling the app to WebAssembly"
cargo build -p app --target wasm32-unknown-unknown --profile wasm-release
out="$ROOT/target/wasm-bindgen"
rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name app \
  "$ROOT/target/wasm32-unknown-unknown/wasm-release/app.wasm"

say "Optimizing the WebAssembly for size"
"$ROOT/scripts/node_modules/.bin/wasm-opt" -Oz "$out/app_bg.wasm" -o "$out/app_bg.opt.wasm"

dist="$ROOT/dist"
rm -rf "$dist" && mkdir -p "$dist/assets"
cp -r "$ROOT/public/icons" "$ROOT/public/manifest.webmanifest" "$dist/"
hashed() { # source, base name, extension -> prints the hashed file name
  local h; h=$(sha256sum "$1" | cut -c1-12)
  cp "$1" "$dist/assets/$2-$h.$3"
  echo "$2-$h.$3"
}
js=$(hashed "$out/app.js" app js)
wasm=$(hashed "$out/app_bg.opt.wasm" app wasm)
css=$(hashed "$ROOT/public/styles.css" styles css)
# The boot script is a file, not inline, so the Content-Security-Policy can forbid inline scripts.
sed -e "s/{{JS}}/$js/g" -e "s/{{WASM}}/$wasm/g" "$ROOT/public/boot.js" > "$out/boot.js"
boot=$(hashed "$out/boot.js" boot js)
sed -e "s/{{JS}}/$js/g" -e "s/{{WASM}}/$wasm/g" -e "s/{{CSS}}/$css/g" -e "s/{{BOOT}}/$boot/g" \
  "$ROOT/public/index.html" > "$dist/index.html"

version=$(cat "$dist/index.html" "$dist/manifest.webmanifest" "$ROOT/public/sw.js" | sha256sum | cut -c1-12)
precache=$(cd "$dist" && { echo /index.html; echo /manifest.webmanifest; find assets icons -type f ! -name "*.gz" ! -name "*.br" | sort | sed 's|^|/|'; } \
  | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s/__VERSION__/$version/" -e "s|__PRECACHE__|[$precache]|" "$ROOT/public/sw.js" > "$dist/sw.js"

node "$ROOT/scripts/precompress.mjs" "$dist/assets"

say "Built dist/ (version $version)"
(cd "$dist/assets" && for f in *.js *.wasm *.css; do
  printf '  %-28s %9d bytes  %8d gzip  %8d brotli\n' "$f" "$(stat -c %s "$f")" "$(stat -c %s "$f.gz")" "$(stat -c %s "$f.br")"
done)
