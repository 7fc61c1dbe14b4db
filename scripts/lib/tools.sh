# shellcheck shell=bash
# Installs what Rapport's build and tests need, skipping whatever is already present.
# Sourced by scripts/run, scripts/test, scripts/bench and scripts/build-app.sh. Everything comes
# from package registries (rustup, crates.io, Debian, npm); nothing downloads binaries from
# elsewhere.
#
# Two rules, both from issue 8 (a fresh machine stopped right after "Adding the wasm32 target"
# with status 127 and no message):
# - Ask whether a tool exists (`command -v`, or a path test) before asking it anything. Under
#   `set -euo pipefail`, `v=$(missing-tool --version 2>/dev/null | awk …)` ends the script
#   silently.
# - Every install runs through `step`, and every prerequisite we do not install through `need`,
#   so a failure names the step and says what to do.
# tests/setup/fresh-machine.sh runs these functions with each tool absent in turn.
#
# CHROMIUM and CHROMEDRIVER override where Chromium and chromedriver are expected (the same
# variables tests/playwright.config.mjs and wasm-bindgen-test-runner read).

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Where cargo builds: CARGO_TARGET_DIR when someone shares one target dir between checkouts
# (made absolute, as cargo reads a relative one from the current directory), else target/.
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
[[ "$TARGET" == /* ]] || TARGET="$PWD/$TARGET"
export CARGO_TARGET_DIR="$TARGET"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The script to re-run after fixing a failed step: the one the user started (scripts/run calls
# scripts/build-app.sh, but "re-run scripts/run" is what they want to read).
RAPPORT_RERUN="${RAPPORT_RERUN:-${0#"$ROOT"/}}"
export RAPPORT_RERUN

say() { printf '\n==> %s\n' "$*"; }

# fail WHAT HINT: stops the script, saying what went wrong and what to do about it.
fail() {
  printf '\nSetting up: %s\n%s Then re-run %s.\n' "$1" "$2" "$RAPPORT_RERUN" >&2
  exit 1
}

# step WHAT HINT -- COMMAND...: runs one set-up step; if it fails, says which and what to do.
step() {
  local what="$1" hint="$2"
  shift 3
  say "${what^}"
  if ! "$@"; then
    fail "$what failed." "$hint"
  fi
}

# need COMMAND HOW: stops with HOW when a prerequisite we do not install ourselves is missing.
need() {
  command -v "$1" >/dev/null ||
    fail "$1 is not installed, and these scripts do not install it." "$2"
}

RUST_HOW="Install Rust with rustup (Debian: \`apt-get install rustup\` then \`rustup default stable\`; elsewhere see https://rustup.rs) and make sure ~/.cargo/bin is on PATH."
NODE_HOW="Install Node.js and npm (Debian: \`apt-get install nodejs npm\`)."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# apt_install WHAT PACKAGE...: installs Debian packages as root, directly or through sudo.
apt_install() {
  local what="$1"
  shift
  need apt-get "Install $what with your system's package manager (Debian packages: $*)."
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    fail "installing $what needs root, and sudo is not installed." \
      "Run \`apt-get install -y $*\` as root."
  fi
  if [ -z "${APT_UPDATED:-}" ]; then
    step "updating Debian's package lists" \
      "Check that the Debian mirror is reachable and that \`apt-get update\` works as root." \
      -- as_root apt-get update -qq
    APT_UPDATED=1
  fi
  # env, not a DEBIAN_FRONTEND=… prefix: sudo drops the caller's environment.
  step "installing $what from Debian" "Run \`apt-get install -y $*\` as root by hand." \
    -- as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

ensure_wasm_target() {
  need rustc "$RUST_HOW"
  # Looking in the sysroot needs no pipe and also sees a distribution's wasm32 standard library.
  if [ ! -d "$(rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
    need rustup "The wasm32-unknown-unknown target is missing and rustup adds it. $RUST_HOW"
    step "adding the wasm32 target" \
      "Check that static.rust-lang.org is reachable and run \`rustup target add wasm32-unknown-unknown\` by hand." \
      -- rustup target add wasm32-unknown-unknown
  fi
}

# The version of the wasm-bindgen on PATH ("0.2.130"), or nothing when there is none.
wasm_bindgen_version() {
  local out
  command -v wasm-bindgen >/dev/null || return 0
  out=$(wasm-bindgen --version 2>/dev/null) || return 0
  echo "${out##* }"
}

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$ROOT/Cargo.lock") || true
  [ -n "$want" ] || fail "reading the wasm-bindgen version from Cargo.lock failed." \
    "Cargo.lock must list the wasm-bindgen crate: run \`cargo generate-lockfile\` in $ROOT."
  have=$(wasm_bindgen_version)
  [ "$have" != "$want" ] || return 0
  need cargo "$RUST_HOW"
  say "wasm-bindgen $want is needed (on PATH: ${have:-none}); building it takes a few minutes once"
  # Without --locked: its lock pins a webpki-roots release the registry mirror lacks.
  step "installing wasm-bindgen-cli $want" \
    "Check that crates.io is reachable and run \`cargo install wasm-bindgen-cli --version $want\` by hand." \
    -- cargo install wasm-bindgen-cli --version "$want"
  # cargo installs into ~/.cargo/bin; another wasm-bindgen earlier on PATH would still win.
  have=$(wasm_bindgen_version)
  if [ "$have" != "$want" ]; then
    fail "cargo installed wasm-bindgen-cli $want, but $(describe_on_path wasm-bindgen "$have")." \
      "Put ${CARGO_HOME:-$HOME/.cargo}/bin first on PATH."
  fi
}

# wasm-split-cli splits the app's WebAssembly at its lazy routes (crates.io's
# wasm_split_cli_support, the splitter cargo-leptos uses). Pinned, and installed into a directory
# named by its version, so the path itself says which version is there (the tool has no
# --version) and a pin change installs the new one.
WASM_SPLIT_VERSION=0.2.4
WASM_SPLIT_ROOT="$ROOT/target/tools/wasm-split-cli-$WASM_SPLIT_VERSION"
WASM_SPLIT="$WASM_SPLIT_ROOT/bin/wasm-split-cli"
ensure_wasm_split() {
  [ ! -x "$WASM_SPLIT" ] || return 0
  need cargo "$RUST_HOW"
  say "wasm-split-cli $WASM_SPLIT_VERSION is needed; building it takes a few minutes once"
  step "installing wasm-split-cli $WASM_SPLIT_VERSION" \
    "Check that crates.io is reachable and run \`cargo install --locked wasm_split_cli_support --version $WASM_SPLIT_VERSION --features build-binary --root $WASM_SPLIT_ROOT\` by hand." \
    -- cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_VERSION" \
    --features build-binary --root "$WASM_SPLIT_ROOT"
  [ -x "$WASM_SPLIT" ] || fail "installing wasm-split-cli did not provide $WASM_SPLIT." \
    "Check the output of cargo install above."
}

describe_on_path() { # COMMAND VERSION
  if command -v "$1" >/dev/null; then
    echo "the $1 first on PATH ($(command -v "$1")) is version ${2:-unknown}"
  else
    echo "$1 is not on PATH"
  fi
}

npm_ci() { # $1: directory to install in
  (cd "$1" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
}

# ensure_node_modules DIR [COMMAND...]: installs DIR's package-lock.json when node_modules is
# missing or older than the lock, or lacks one of the commands the scripts run from its .bin.
ensure_node_modules() {
  local dir="$1" rel="${1#"$ROOT"/}" bin stale=""
  shift
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    stale=1
  fi
  for bin in "$@"; do [ -x "$dir/node_modules/.bin/$bin" ] || stale=1; done
  [ -n "$stale" ] || return 0
  need npm "$NODE_HOW"
  step "installing npm packages in $rel" \
    "Check that the npm registry is reachable and run \`npm ci\` in $rel by hand." \
    -- npm_ci "$dir"
  for bin in "$@"; do
    [ -x "$dir/node_modules/.bin/$bin" ] || fail "installing npm packages in $rel did not provide $bin." \
      "$rel/package.json must list the package that provides $bin."
  done
}

ensure_chromium() {
  local chromium="${CHROMIUM:-/usr/bin/chromium}" driver="${CHROMEDRIVER:-/usr/bin/chromedriver}" f
  if [ -x "$chromium" ] && [ -x "$driver" ]; then return 0; fi
  apt_install "Chromium and chromedriver" chromium chromium-driver
  for f in "$chromium" "$driver"; do
    [ -x "$f" ] || fail "installing Chromium from Debian did not provide $f." \
      "Set CHROMIUM and CHROMEDRIVER to where Chromium and chromedriver are."
  done
}

ensure_shellcheck() {
  if command -v shellcheck >/dev/null; then return 0; fi
  apt_install shellcheck shellcheck
  command -v shellcheck >/dev/null ||
    fail "installing shellcheck from Debian did not put shellcheck on PATH." "Check \`dpkg -L shellcheck\`."
}

# What scripts/build-app.sh needs (scripts/run builds through it).
ensure_build_tools() {
  # Prerequisites first, so a missing one stops us before minutes of installing the rest.
  need cargo "$RUST_HOW"
  need node "$NODE_HOW"
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_node_modules "$ROOT/scripts" wasm-opt
}

# What scripts/test and scripts/bench need on top: the browser and Playwright.
ensure_test_tools() {
  need npm "$NODE_HOW"
  ensure_build_tools
  ensure_chromium
  ensure_node_modules "$ROOT/tests" playwright
}
