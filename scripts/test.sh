#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need (Debian packages,
# pinned npm packages), then formatting, lints, Rust unit and integration tests, a build of the
# example site, and the browser quality gates on every generated page.
#
# Steps that do not depend on each other run side by side (CI has two cores, and much of the
# time goes to downloads and to waiting on other processes): the test dependencies install while
# cargo compiles (clippy linting as it compiles), and the browser gates run beside the Rust
# tests. A background step's log is printed when it ends.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Each step is stamped with the seconds since the start, so a log shows what each one took.
step() { printf '\n== [%4d s] %s\n' "$SECONDS" "$*"; }

# A fresh clone needs about 6 GB: 4 GB of build output, the rest crates, packages and browser.
step "$(nproc) cores; free disk space here: $(df -h --output=avail . | tail -n1 | tr -d ' ')"

# CI compiles everything once from a fresh clone: incremental compilation's bookkeeping only
# costs time there.
if [[ "${CI:-}" == "true" ]]; then
  export CARGO_INCREMENTAL=0
fi

# "Today" for expiry is the last commit's day (SOURCE_DATE_EPOCH, the reproducible-builds
# convention), so the suite's result does not change with the day it runs on; a commit made
# after the example's review period (docs/content-review.md) still fails the example's check.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

# The tests' temporary sites and outputs go to memory (tmpfs) when the machine has room: they
# write and delete tens of thousands of small files. On a disk (ext4 mounted with `discard`) the
# integration tests took 119 s wall, 48 s of it system time; in memory 104 s and 29 s. Like
# /tmp, the folder is open to every user (sticky): the unreadable-file tests run as `nobody`.
if [[ -d /dev/shm && $(df -k --output=avail /dev/shm | tail -n1) -gt 8000000 ]]; then
  TMPDIR=$(mktemp -d /dev/shm/redflag-tests.XXXXXX)
  chmod 1777 "$TMPDIR"
  export TMPDIR
  step "temporary files in memory: $TMPDIR"
  trap 'rm -rf "$logs" "$TMPDIR"' EXIT
fi
declare -A pids

# background NAME COMMAND...: runs COMMAND with its output in NAME's log.
background() {
  local name=$1
  shift
  "$@" >"$logs/$name" 2>&1 &
  pids[$name]=$!
}

# finish NAME: waits for NAME, prints its log and returns its exit status.
finish() {
  local status=0
  wait "${pids[$1]}" || status=$?
  step "$1 ended (exit $status); its log:"
  cat "$logs/$1"
  return "$status"
}

step "installing the test dependencies (in the background)"
background "installing the test dependencies" bash scripts/install-test-deps.sh

step "cargo fmt --check"
cargo fmt --check

# Lints: clippy lints our code while the tests compile it, the way `cargo clippy` itself works
# (cargo runs clippy-driver as the workspace's compiler wrapper, with clippy's flags in
# CLIPPY_ARGS). The dependencies then compile once, for the tests, instead of a second time in
# check mode for a separate `cargo clippy --all-targets` (about 400 CPU seconds on a fresh clone).
# `cargo test` builds every target `--all-targets` lints here: the library, its unit tests, the
# binary and the integration tests. A lint is an error (`-D warnings`), so the compile fails.
export RUSTC_WORKSPACE_WRAPPER="$(rustc --print sysroot)/bin/clippy-driver"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

# The lint gate checks itself: clippy-driver with these flags must refuse a file with a lint
# (`&Vec` as a parameter). If a toolchain stopped reading CLIPPY_ARGS, this fails instead of
# lints silently passing.
step "the lint gate refuses a file with a clippy lint"
canary=$(mktemp -d)
printf 'pub fn count(items: &Vec<u8>) -> usize {\n    items.len()\n}\n' >"$canary/lib.rs"
if "$RUSTC_WORKSPACE_WRAPPER" rustc --edition 2024 --crate-type lib --emit metadata \
  --out-dir "$canary" "$canary/lib.rs" >"$canary/log" 2>&1; then
  step "FAILED: clippy-driver accepted a file with a lint; its output:"
  cat "$canary/log"
  exit 1
fi
grep -q "clippy::ptr_arg" "$canary/log" || { cat "$canary/log"; exit 1; }
rm -rf "$canary"

step "compiling and linting the tests (cargo test --locked --no-run, with clippy -D warnings)"
cargo test --locked --no-run

finish "installing the test dependencies"

# The binary `cargo test` built for the integration tests. `cargo run` would compile much of the
# dependency graph again: the tests' dev-dependencies change the features of shared crates.
REDFLAG="${CARGO_TARGET_DIR:-target}/debug/redflag"

step "building the example site into public/"
"$REDFLAG" build

# The gates read public/; every Rust test builds into a temporary folder of its own.
step "browser quality gates in the background (HTML validity, WCAG 2.2 AA, no outside requests, no-JS, language, weight, pagination, search, preview, script injection), JSON Feed read by feedsmith, and the content manager (Sveltia CMS) writing an advisory through its form"
background "browser quality gates" node --test --test-concurrency=1 \
  tests/browser/selftest.mjs tests/browser/quality.mjs tests/browser/pagination.mjs \
  tests/browser/search.mjs tests/browser/serve.mjs tests/browser/injection.mjs \
  tests/browser/share.mjs tests/browser/feeds.mjs tests/browser/cms.mjs

# The integration tests include `redflag check --deny-warnings` on the example site, run inside
# its folder (check::the_example_site_has_no_errors_and_no_warnings).
step "cargo test --locked (unit and integration tests)"
failed=()
cargo test --locked || failed+=("cargo test")

for name in "browser quality gates"; do
  finish "$name" || failed+=("$name")
done

if ((${#failed[@]} > 0)); then
  step "FAILED: ${failed[*]}"
  exit 1
fi
step "done: the whole suite passed"
