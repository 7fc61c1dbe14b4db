#!/usr/bin/env bash
# Builds the tablet app into dist/: release WASM split into the first screen's module and lazy
# chunks, JS glue, optimized with wasm-opt, every asset named by its content hash, and a
# service worker whose version changes with any of them.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/tools.sh
source "$(dirname "$0")/lib/tools.sh"
ensure_build_tools
cd "$ROOT"

say "Compiling the app to WebAssembly"
# --emit-relocs keeps the relocations wasm-split-cli needs to move functions into chunks.
cargo build -p app --target wasm32-unknown-unknown --profile wasm-release \
  --config 'target.wasm32-unknown-unknown.rustflags=["-Clink-args=--emit-relocs"]'

say "Splitting the lazy screens out of the first screen's module"
split="$TARGET/wasm-split"
rm -rf "$split" && mkdir -p "$split"
"$WASM_SPLIT" --out-name app "$TARGET/wasm32-unknown-unknown/wasm-release/app.wasm" "$split"
out="$TARGET/wasm-bindgen"
rm -rf "$out" && mkdir -p "$out/lazy"
# --keep-lld-exports: the chunks use the main module's memory, function table and stack pointer.
wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$out" --out-name app "$split/app.wasm"

say "Optimizing the WebAssembly for size"
wasm_opt() { # IN OUT: wasm-opt -Oz, its output shown only when it fails (the chunks' name
  # sections make it warn about every file)
  "$ROOT/scripts/node_modules/.bin/wasm-opt" -Oz "$1" -o "$2" 2>"$out/wasm-opt.log" || { cat "$out/wasm-opt.log" >&2; return 1; }
}
wasm_opt "$out/app_bg.wasm" "$out/app_bg.opt.wasm"
for chunk in "$split"/*.wasm; do
  name=$(basename "$chunk" .wasm)
  [ "$name" != app ] || continue
  wasm_opt "$chunk" "$out/lazy/$name.wasm"
done

dist="$ROOT/dist"
rm -rf "$dist" && mkdir -p "$dist/assets"
cp -r "$ROOT/public/icons" "$ROOT/public/manifest.webmanifest" "$dist/"
hashed() { # source, base name, extension -> prints the hashed file name
  local h; h=$(sha256sum "$1" | cut -c1-12)
  cp "$1" "$dist/assets/$2-$h.$3"
  echo "$2-$h.$3"
}
wasm=$(hashed "$out/app_bg.opt.wasm" app wasm)
# Lazy chunks are named lazy-*, which is how the benchmark tells them from the first download.
loader="$out/chunks.js"
cp "$split/__wasm_split.js" "$loader"
for chunk in "$out"/lazy/*.wasm; do
  name=$(basename "$chunk" .wasm)
  file=$(hashed "$chunk" "lazy-$name" wasm)
  sed -i "s|\"./$name.wasm\"|\"./$file\"|" "$loader"
done
# The glue and the chunk loader import each other, so one hash over both names both.
glue=$(cat "$out/app.js" "$loader" | sha256sum | cut -c1-12)
js="app-$glue.js" chunks="chunks-$glue.js"
sed "s|from \"./__wasm_split.js\"|from \"./$chunks\"|" "$out/app.js" > "$dist/assets/$js"
sed "s|from \"./app.js\"|from \"./$js\"|" "$loader" > "$dist/assets/$chunks"
css=$(hashed "$ROOT/public/styles.css" styles css)
# The boot script is a file, not inline, so the Content-Security-Policy can forbid inline scripts.
sed -e "s/{{JS}}/$js/g" -e "s/{{WASM}}/$wasm/g" "$ROOT/public/boot.js" > "$out/boot.js"
boot=$(hashed "$out/boot.js" boot js)
sed -e "s/{{JS}}/$js/g" -e "s/{{CHUNKS}}/$chunks/g" -e "s/{{WASM}}/$wasm/g" -e "s/{{CSS}}/$css/g" \
  -e "s/{{BOOT}}/$boot/g" "$ROOT/public/index.html" > "$dist/index.html"

# Every asset is precached, lazy chunks included: each screen then opens offline.
version=$(cat "$dist/index.html" "$dist/manifest.webmanifest" "$ROOT/public/sw.js" | sha256sum | cut -c1-12)
precache=$(cd "$dist" && { echo /index.html; echo /manifest.webmanifest; find assets icons -type f ! -name "*.gz" ! -name "*.br" | sort | sed 's|^|/|'; } \
  | sed 's/.*/"&"/' | paste -sd, -)
sed -e "s/__VERSION__/$version/" -e "s|__PRECACHE__|[$precache]|" "$ROOT/public/sw.js" > "$dist/sw.js"

node "$ROOT/scripts/precompress.mjs" "$dist/assets"

say "Built dist/ (version $version)"
node "$ROOT/scripts/asset-sizes.mjs" "$dist/assets"
