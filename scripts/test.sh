#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what the tests need (Debian packages,
# pinned npm packages), then formatting, lints, Rust unit and integration tests, a build of the
# example site, and the browser quality gates on every generated page.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Each step is stamped with the seconds since the start, so a log shows what each one took.
step() { printf '\n== [%4d s] %s\n' "$SECONDS" "$*"; }

# A fresh clone needs about 5 GB: 3 GB of build output, the rest crates, packages and browser.
step "$(nproc) cores; free disk space here: $(df -h --output=avail . | tail -n1 | tr -d ' ')"

# The test dependencies (mostly downloads) install while formatting and lints run: only the
# tests need them. Their log is printed when they are waited for.
step "installing test dependencies (in the background, during fmt and clippy)"
deps_log=$(mktemp)
bash scripts/install-test-deps.sh >"$deps_log" 2>&1 &
deps_pid=$!
wait_for_deps() {
  local status=0
  wait "$deps_pid" || status=$?
  cat "$deps_log"
  rm -f "$deps_log"
  if ((status != 0)); then
    echo "installing the test dependencies failed (exit $status)" >&2
    exit "$status"
  fi
}

step "cargo fmt --check"
cargo fmt --check || { wait_for_deps; exit 1; }

step "cargo clippy --all-targets --locked -- -D warnings"
cargo clippy --all-targets --locked -- -D warnings || { wait_for_deps; exit 1; }

step "waiting for the test dependencies"
wait_for_deps

# "Today" for expiry is the last commit's day (SOURCE_DATE_EPOCH, the reproducible-builds
# convention), so the suite's result does not change with the day it runs on; a commit made
# after the example's review period (docs/content-review.md) still fails the example's check.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

# The integration tests include `redflag check --deny-warnings` on the example site, run inside
# its folder (check::the_example_site_has_no_errors_and_no_warnings).
step "cargo test --locked"
cargo test --locked

# The binary `cargo test` built for the integration tests. `cargo run` would compile much of the
# dependency graph again: the tests' dev-dependencies change the features of shared crates.
REDFLAG="${CARGO_TARGET_DIR:-target}/debug/redflag"

step "building the example site into public/"
"$REDFLAG" build

step "browser quality gates (HTML validity, WCAG 2.2 AA, no outside requests, no-JS, language, weight, pagination, search, preview, script injection), JSON Feed read by feedsmith, and the content manager (Sveltia CMS) writing an advisory through its form"
node --test --test-concurrency=1 tests/browser/selftest.mjs tests/browser/quality.mjs tests/browser/pagination.mjs tests/browser/search.mjs tests/browser/serve.mjs tests/browser/injection.mjs tests/browser/share.mjs tests/browser/feeds.mjs tests/browser/cms.mjs

step "done: the whole suite passed"
