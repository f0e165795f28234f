#!/usr/bin/env bash
# Poster figures for a 200-advisory site (issue 19): how many posters a build makes and how fast,
# with every poster the site could make and with `[posters]` restrictions.
#
#   bash benches/posters.sh                      # the release binary (cargo build --release)
#   REDFLAG=target/debug/redflag bash benches/posters.sh   # the debug binary (much slower)
#
# The site: benches/gen_site.py, N advisories (default 200) in en, fr, zh-Hans and ar, posters on
# Letter and A4, one institution (English + Simplified Chinese) for every advisory's region.
# "all" makes every poster; "restricted" adds `languages = ["en"]` and `scam_types =
# ["phishing", "romance"]` under [posters]. Each is a fresh `redflag build` (no previous
# posters), timed by /usr/bin/time (user + system CPU seconds and wall seconds). posters/s is
# posters per CPU second. It prints figures and never fails on slow ones. SKIP_ALL=1 skips the
# unrestricted build (its poster count is then the restricted build's made + not made).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
redflag="${REDFLAG:-$repo/target/release/redflag}"
n="${N:-200}"
work="${WORK:-/tmp/redflag-bench-posters}"
site="$work/site-$n"
mkdir -p "$work"
python3 "$repo/benches/gen_site.py" --n "$n" --langs en,fr,zh-Hans,ar --out "$site" >/dev/null
cp "$site/site.toml" "$work/site.toml.base"
run() {
  local name="$1" restrict="$2"
  {
    cat "$work/site.toml.base"
    printf '\n[posters]\nsizes = ["letter", "a4"]\n%b\n' "$restrict"
    printf '\n[[institutions]]\nid = "sample-college"\nname = "Sample College"\n'
    printf 'regions = ["canada"]\nlanguages = ["en", "zh-Hans"]\ncontacts = ["emergency", "police"]\n'
  } >"$site/site.toml"
  rm -rf "$work/out-$name"
  (cd "$site" && env -u CI /usr/bin/time -f "TIME %U %S %e" "$redflag" build --out "$work/out-$name") \
    >"$work/$name.log" 2>&1 || true
  local line made cpu wall left
  line="$(grep -E '^Built ' "$work/$name.log" || true)"
  made="$(sed -nE 's/.* and ([0-9]+) posters .*/\1/p' <<<"$line")"
  cpu="$(awk '/^TIME/ {print $2 + $3}' "$work/$name.log")"
  wall="$(awk '/^TIME/ {print $4}' "$work/$name.log")"
  left="$(grep -E 'posters not made as the site asks' "$work/$name.log" || echo "none left out")"
  if [ -z "$made" ]; then
    echo "$name: the build failed, see $work/$name.log"
    return
  fi
  echo "$name: $made posters, ${cpu} s CPU (${wall} s wall, whole build), $(awk -v p="$made" -v c="$cpu" 'BEGIN {printf "%.2f", p / c}') posters/s of CPU; $left"
}
echo "redflag: $redflag; $n advisories x 4 languages"
[ "${SKIP_ALL:-0}" = 1 ] || run all ""
run restricted 'languages = ["en"]\nscam_types = ["phishing", "romance"]'
