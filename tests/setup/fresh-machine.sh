#!/usr/bin/env bash
# The set-up steps of scripts/lib/tools.sh on a simulated machine, with each tool absent in
# turn, all absent, and all present.
#
# Regression test for issue 8: on a fresh machine scripts/test stopped right after "Adding the
# wasm32 target" with status 127 and no message, because tools.sh asked a wasm-bindgen that was
# not installed for its version under `set -euo pipefail`. Set-up logic must be tested with the
# tool absent from PATH, not only on a machine that already has it.
#
# Each case builds a world in a temp dir: a copy of tools.sh, Cargo.lock and the package files
# (so ROOT is the copy), and a PATH of basic utilities plus stubs. The installers (rustup, cargo,
# npm, apt-get, sudo) are stubs that append their call to a log and create what they install;
# rustc, node, wasm-bindgen and shellcheck are stubs that are merely there, or not. Then it runs
# what scripts/test runs, in a fresh bash with `set -euo pipefail`, and checks the log and the
# exit status. Nothing touches the real machine: no real installer is on that PATH.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
want=$(grep -A1 '^name = "wasm-bindgen"$' "$repo/Cargo.lock" | sed -n 's/^version = "\(.*\)"$/\1/p')
[ -n "$want" ] || { echo "FAIL: no wasm-bindgen version in $repo/Cargo.lock" >&2; exit 1; }
split_version=$(sed -n 's/^WASM_SPLIT_VERSION=//p' "$repo/scripts/lib/tools.sh")
[ -n "$split_version" ] || { echo "FAIL: no WASM_SPLIT_VERSION in scripts/lib/tools.sh" >&2; exit 1; }
split_rel="target/tools/wasm-split-cli-$split_version"

# Basic utilities only; in particular none of /usr/bin's or ~/.cargo/bin's real tools.
sys="$tmp/sys"
mkdir -p "$sys"
for tool in awk basename cat chmod cp dirname env grep mkdir rm sed touch; do
  ln -s "$(command -v "$tool")" "$sys/$tool"
done

# --- Stubs. Each knows its world from $WORLD; $FAIL names one stub that fails instead. ---------
stubs="$tmp/stubs"
mkdir -p "$stubs"
stub() { # NAME BODY [DIR]: writes an executable stub into DIR (default: the set every world gets)
  local file="${3:-$stubs}/$1"
  { printf '#!%s\nset -eu\nname=%s\n' "$BASH" "$1"
    # shellcheck disable=SC2016 # expanded by the stub, not here
    printf '%s\n' 'if [ "${FAIL:-}" = "$name" ]; then echo "$name: simulated failure" >&2; exit 100; fi'
    printf '%s\n' "$2"
  } >"$file"
  chmod +x "$file"
}
# shellcheck disable=SC2016 # the bodies are expanded by the stubs when they run
{
  stub id 'echo "$STUB_UID"'
  stub rustc '[ "$*" = "--print sysroot" ] && echo "$WORLD/sysroot"'
  stub node ':'
  stub shellcheck ':'
  stub rustup 'echo "rustup $*" >>"$WORLD/log"
    [ "$*" = "target add wasm32-unknown-unknown" ] && mkdir -p "$WORLD/sysroot/lib/rustlib/wasm32-unknown-unknown/lib"'
  stub cargo 'echo "cargo $*" >>"$WORLD/log"
    if [ "$1 $2 $3" = "install wasm-bindgen-cli --version" ]; then
      printf "#!/bin/sh\necho wasm-bindgen %s\n" "$4" >"$WORLD/cargo-bin/wasm-bindgen"
      chmod +x "$WORLD/cargo-bin/wasm-bindgen"
    fi
    if [ "$1 $2 $3" = "install --locked wasm_split_cli_support" ]; then
      mkdir -p "$9/bin" && touch "$9/bin/wasm-split-cli" && chmod +x "$9/bin/wasm-split-cli"
    fi'
  stub npm 'echo "npm $* (in ${PWD#"$WORLD/root/"}, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=${PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD:-})" >>"$WORLD/log"
    mkdir -p node_modules/.bin && touch node_modules/.package-lock.json
    if grep -q binaryen package.json; then touch node_modules/.bin/wasm-opt; chmod +x node_modules/.bin/wasm-opt; fi
    if grep -q @playwright/test package.json; then touch node_modules/.bin/playwright; chmod +x node_modules/.bin/playwright; fi'
  stub apt-get 'echo "apt-get $* (DEBIAN_FRONTEND=${DEBIAN_FRONTEND:-})" >>"$WORLD/log"
    for p in "$@"; do case $p in
      chromium) touch "$CHROMIUM"; chmod +x "$CHROMIUM" ;;
      chromium-driver) touch "$CHROMEDRIVER"; chmod +x "$CHROMEDRIVER" ;;
      shellcheck) cp "$STUBS/node" "$WORLD/bin/shellcheck" ;;
    esac; done'
  # Like sudo's env_reset, drops the caller's DEBIAN_FRONTEND.
  stub sudo 'echo "sudo $*" >>"$WORLD/log"; unset DEBIAN_FRONTEND; exec "$@"'
}

# --- Worlds -----------------------------------------------------------------------------------
world="" n=0
new_world() { # a machine with everything present; cases then take things away
  n=$((n + 1))
  world="$tmp/world$n"
  mkdir -p "$world"/{bin,cargo-bin,early,home,usr/bin,sysroot/lib/rustlib/wasm32-unknown-unknown/lib}
  mkdir -p "$world/root"/{scripts/lib,tests,"$split_rel/bin"}
  cp "$repo/scripts/lib/tools.sh" "$world/root/scripts/lib/"
  cp "$repo/Cargo.lock" "$world/root/"
  for dir in scripts tests; do
    cp "$repo/$dir/package.json" "$repo/$dir/package-lock.json" "$world/root/$dir/"
    touch -d 2020-01-01 "$world/root/$dir/package-lock.json"
  done
  cp "$stubs"/* "$world/bin/"
  mkdir -p "$world/root/scripts/node_modules/.bin" "$world/root/tests/node_modules/.bin"
  touch "$world/root/scripts/node_modules/.package-lock.json" "$world/root/tests/node_modules/.package-lock.json"
  make_exe "$world/root/scripts/node_modules/.bin/wasm-opt" "$world/root/tests/node_modules/.bin/playwright" \
    "$world/root/$split_rel/bin/wasm-split-cli" \
    "$world/usr/bin/chromium" "$world/usr/bin/chromedriver"
  fake_wasm_bindgen "$world/cargo-bin" "$want"
  : >"$world/log"
}
make_exe() { touch "$@" && chmod +x "$@"; }
fake_wasm_bindgen() { # DIR VERSION
  printf '#!/bin/sh\necho wasm-bindgen %s\n' "$2" >"$1/wasm-bindgen"
  chmod +x "$1/wasm-bindgen"
}

absent() { # THING...: takes tools or installers away from the current world
  local thing
  for thing in "$@"; do
    case $thing in
      wasm32-target) rm -r "$world/sysroot/lib/rustlib/wasm32-unknown-unknown" ;;
      wasm-bindgen) rm "$world/cargo-bin/wasm-bindgen" ;;
      scripts/node_modules | tests/node_modules) rm -r "$world/root/$thing" ;;
      wasm-opt) rm "$world/root/scripts/node_modules/.bin/wasm-opt" ;;
      wasm-split-cli) rm "$world/root/$split_rel/bin/wasm-split-cli" ;;
      chromium | chromedriver) rm "$world/usr/bin/$thing" ;;
      *) rm "$world/bin/$thing" ;;
    esac
  done
}

status=0 out=""
run_setup() { # [VAR=VALUE...]: what scripts/test runs before its tests, as a fresh machine would
  status=0
  out=$(cd "$world/root" && env -i PATH="$world/early:$world/cargo-bin:$world/bin:$sys" \
    HOME="$world/home" WORLD="$world" STUBS="$stubs" STUB_UID=1000 \
    CHROMIUM="$world/usr/bin/chromium" CHROMEDRIVER="$world/usr/bin/chromedriver" "$@" \
    "$BASH" -c 'set -euo pipefail; source scripts/lib/tools.sh; ensure_shellcheck; ensure_test_tools' \
    scripts/test 2>&1) || status=$?
}

# --- Checks -----------------------------------------------------------------------------------
passed=0 failed=0 problems=()
problem() { problems+=("$*"); }
expect_ok() { [ "$status" = 0 ] || problem "exit status $status, expected 0"; }
expect_failure() { # MESSAGE...: fails with status 1 (not 127 or a stub's 100) and these words
  local m
  [ "$status" = 1 ] || problem "exit status $status, expected 1 from a named set-up step"
  for m in "$@"; do [[ $out == *"$m"* ]] || problem "output lacks: $m"; done
}
expect_calls() { # LINE...: the installer calls, exactly and in order
  local expected actual
  expected=$(printf '      %s\n' "$@")
  actual=$(sed 's/^/      /' "$world/log")
  [ "$expected" = "$actual" ] || problem "installer calls differ; expected:
$expected
    actual:
$actual"
}
expect_no_calls() {
  [ ! -s "$world/log" ] || problem "expected no installer calls, got: $(cat "$world/log")"
}
check() { # NAME: reports the case just run
  if [ ${#problems[@]} = 0 ]; then
    passed=$((passed + 1))
    echo "PASS: $1"
  else
    failed=$((failed + 1))
    echo "FAIL: $1"
    printf '  - %s\n' "${problems[@]}"
    printf '  output:\n    | %s\n' "${out//$'\n'/$'\n'    | }"
  fi
  problems=()
}

# The installer calls each missing tool should cause.
target_add="rustup target add wasm32-unknown-unknown"
bindgen_install="cargo install wasm-bindgen-cli --version $want"
split_install() { # the call depends on the world: the tool goes into the project's target/
  echo "cargo install --locked wasm_split_cli_support --version $split_version --features build-binary --root $world/root/$split_rel"
}
npm_scripts="npm ci --no-audit --no-fund (in scripts, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)"
npm_tests="npm ci --no-audit --no-fund (in tests, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1)"
apt_update=("sudo apt-get update -qq" "apt-get update -qq (DEBIAN_FRONTEND=)")
apt_chromium=("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver"
  "apt-get install -y -qq chromium chromium-driver (DEBIAN_FRONTEND=noninteractive)")
apt_shellcheck=("sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck"
  "apt-get install -y -qq shellcheck (DEBIAN_FRONTEND=noninteractive)")

# --- Cases: one tool absent, the rest present ---------------------------------------------------
new_world; run_setup; expect_ok; expect_no_calls; check "all present: every step skipped"

new_world; absent wasm32-target; run_setup; expect_ok; expect_calls "$target_add"
check "wasm32 target absent: rustup adds it, nothing else installed"

new_world; absent wasm-bindgen; run_setup; expect_ok; expect_calls "$bindgen_install"
check "wasm-bindgen absent (issue 8): cargo installs $want from Cargo.lock, no silent exit 127"

new_world; fake_wasm_bindgen "$world/cargo-bin" 0.2.1; run_setup; expect_ok; expect_calls "$bindgen_install"
check "wasm-bindgen 0.2.1 present, Cargo.lock wants $want: cargo installs $want"

new_world; absent wasm-bindgen; fake_wasm_bindgen "$world/early" 0.2.1; run_setup
expect_failure "the wasm-bindgen first on PATH ($world/early/wasm-bindgen) is version 0.2.1." \
  "Put $world/home/.cargo/bin first on PATH."
expect_calls "$bindgen_install"
check "an older wasm-bindgen earlier on PATH than cargo's: stops and says to fix PATH"

new_world; absent wasm-bindgen
# shellcheck disable=SC2016 # expanded by the stub
stub cargo 'echo "cargo $*" >>"$WORLD/log"' "$world/bin" # installs somewhere not on PATH
run_setup
expect_failure "cargo installed wasm-bindgen-cli $want, but wasm-bindgen is not on PATH." "first on PATH"
expect_calls "$bindgen_install"
check "cargo installs wasm-bindgen where PATH does not look: stops and says to fix PATH"

new_world; absent wasm-split-cli; run_setup; expect_ok; expect_calls "$(split_install)"
check "wasm-split-cli absent: cargo installs the pinned $split_version into target/tools"

new_world; absent scripts/node_modules; run_setup; expect_ok; expect_calls "$npm_scripts"
check "scripts/node_modules absent: npm ci there"

new_world; absent wasm-opt; run_setup; expect_ok; expect_calls "$npm_scripts"
check "wasm-opt (npm binaryen) missing from scripts/node_modules: npm ci there"

new_world; touch "$world/root/scripts/package-lock.json"; touch -d 2019-01-01 "$world/root/scripts/node_modules/.package-lock.json"
run_setup; expect_ok; expect_calls "$npm_scripts"
check "scripts/package-lock.json newer than its node_modules: npm ci there"

new_world; absent tests/node_modules; run_setup; expect_ok; expect_calls "$npm_tests"
check "tests/node_modules absent: npm ci there"

new_world; absent chromium; run_setup; expect_ok; expect_calls "${apt_update[@]}" "${apt_chromium[@]}"
check "chromium absent: apt-get installs chromium and chromium-driver through sudo"

new_world; absent chromedriver; run_setup; expect_ok; expect_calls "${apt_update[@]}" "${apt_chromium[@]}"
check "chromedriver absent: apt-get installs chromium and chromium-driver through sudo"

new_world; absent shellcheck; run_setup; expect_ok; expect_calls "${apt_update[@]}" "${apt_shellcheck[@]}"
check "shellcheck absent: apt-get installs it"

# --- All absent -------------------------------------------------------------------------------
all_tools=(shellcheck wasm32-target wasm-bindgen wasm-split-cli scripts/node_modules tests/node_modules chromium chromedriver)
new_world; absent "${all_tools[@]}"; run_setup; expect_ok
expect_calls "${apt_update[@]}" "${apt_shellcheck[@]}" "$target_add" "$bindgen_install" "$(split_install)" \
  "$npm_scripts" "${apt_chromium[@]}" "$npm_tests"
check "all absent (a fresh machine): each installed once, in order, apt lists updated once"

new_world; absent "${all_tools[@]}"; run_setup STUB_UID=0; expect_ok
expect_calls "apt-get update -qq (DEBIAN_FRONTEND=)" "apt-get install -y -qq shellcheck (DEBIAN_FRONTEND=noninteractive)" \
  "$target_add" "$bindgen_install" "$(split_install)" "$npm_scripts" \
  "apt-get install -y -qq chromium chromium-driver (DEBIAN_FRONTEND=noninteractive)" "$npm_tests"
check "all absent, running as root: apt-get without sudo"

new_world; absent "${all_tools[@]}"; run_setup; run_setup; expect_ok
expect_calls "${apt_update[@]}" "${apt_shellcheck[@]}" "$target_add" "$bindgen_install" "$(split_install)" \
  "$npm_scripts" "${apt_chromium[@]}" "$npm_tests"
check "all absent, set-up run twice: the second run installs nothing"

# --- A failing installer stops the script, naming the step ------------------------------------
new_world; absent "${all_tools[@]}"; run_setup FAIL=rustup
expect_failure "Setting up: adding the wasm32 target failed." "rustup target add wasm32-unknown-unknown\` by hand" \
  "re-run scripts/test"
expect_calls "${apt_update[@]}" "${apt_shellcheck[@]}"
check "rustup fails: stops, names the step, installs nothing after it"

new_world; absent "${all_tools[@]}"; run_setup FAIL=cargo
expect_failure "Setting up: installing wasm-bindgen-cli $want failed." "crates.io is reachable" \
  "\`cargo install wasm-bindgen-cli --version $want\` by hand" "re-run scripts/test"
expect_calls "${apt_update[@]}" "${apt_shellcheck[@]}" "$target_add"
check "cargo install fails: stops, names the step and the command to run by hand"

new_world; absent wasm-split-cli; run_setup FAIL=cargo
expect_failure "Setting up: installing wasm-split-cli $split_version failed." "crates.io is reachable" \
  "\`$(split_install)\` by hand" "re-run scripts/test"
expect_no_calls
check "cargo install of wasm-split-cli fails: stops, names the step and the command to run by hand"

new_world; absent wasm-split-cli
# shellcheck disable=SC2016 # expanded by the stub
stub cargo 'echo "cargo $*" >>"$WORLD/log"' "$world/bin" # installs nothing
run_setup
expect_failure "installing wasm-split-cli did not provide $world/root/$split_rel/bin/wasm-split-cli."
expect_calls "$(split_install)"
check "cargo install succeeds without providing wasm-split-cli: stops, says so"

new_world; absent scripts/node_modules; run_setup FAIL=npm
expect_failure "Setting up: installing npm packages in scripts failed." "npm registry is reachable"
check "npm ci fails: stops, names the step"

new_world; absent chromium; run_setup FAIL=apt-get
expect_failure "Setting up: updating Debian's package lists failed."
check "apt-get fails: stops, names the step"

new_world; absent wasm-opt
# shellcheck disable=SC2016 # expanded by the stub
stub npm 'echo "npm $*" >>"$WORLD/log"; mkdir -p node_modules' "$world/bin"
run_setup
expect_failure "installing npm packages in scripts did not provide wasm-opt." "scripts/package.json must list"
check "npm ci succeeds without providing wasm-opt: stops, says so"

# --- Prerequisites we do not install ----------------------------------------------------------
new_world; absent wasm32-target rustup; run_setup
expect_failure "rustup is not installed" "apt-get install rustup" "https://rustup.rs"; expect_no_calls
check "no rustup, wasm32 target absent: says how to install rustup"

new_world; absent rustup; run_setup; expect_ok; expect_no_calls
check "no rustup, wasm32 target present (a distribution's Rust): fine"

new_world; absent wasm-bindgen cargo; run_setup
expect_failure "cargo is not installed" "https://rustup.rs"; expect_no_calls
check "no cargo: says how to install Rust, before any slow install"

new_world; absent wasm-bindgen npm; run_setup
expect_failure "npm is not installed" "apt-get install nodejs npm"; expect_no_calls
check "no npm: says how to install Node.js and npm, before any slow install"

new_world; absent node; run_setup
expect_failure "node is not installed" "apt-get install nodejs npm"; expect_no_calls
check "no node: says how to install Node.js"

new_world; absent chromium apt-get; run_setup
expect_failure "apt-get is not installed" "chromium chromium-driver"; expect_no_calls
check "chromium absent, no apt-get: says to install it with the system's package manager"

new_world; absent chromium sudo; run_setup
expect_failure "installing Chromium and chromedriver needs root, and sudo is not installed." \
  "\`apt-get install -y chromium chromium-driver\` as root"
expect_no_calls
check "chromium absent, not root, no sudo: says to install it as root"

echo
echo "fresh-machine set-up: $passed passed, $failed failed"
[ "$failed" = 0 ]
