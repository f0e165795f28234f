#!/usr/bin/env bash
# rebuild.sh -- CPU seconds (user + system) and peak memory of the everyday cases of issue 22:
# a default build (search on), the same per language, a rebuild into the existing output, and
# `check` with and without posters, cold and after a build.
#
# RUN (from anywhere; after `bash benches/bench.sh` has generated the sites, or it generates them):
#   bash benches/rebuild.sh                     # N=1000, release binary
#   N=10000 bash benches/rebuild.sh
#   REDFLAG=target/debug/redflag bash benches/rebuild.sh   # relative figures without a release build
#
# ENV
#   N        advisories, default 1000 (languages en,fr,zh as bench.sh; en alone for the per-language row)
#   WORK     scratch, default /tmp/redflag-bench (sites in WORK/sites, outputs in WORK/rebuild)
#   REDFLAG  the binary, default: built with `cargo build --release --locked`
#   REDFLAG_PEER_TOOLS  directory of gen_content.py, default <repository>/../shared/tools
#
# Each line is /usr/bin/time's: CPU user+system, peak RSS (KB), wall. A benchmark, never a test.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
TOOLS=${REDFLAG_PEER_TOOLS:-$REPO/../shared/tools}
WORK=${WORK:-/tmp/redflag-bench}
N=${N:-1000}
OUT=$WORK/rebuild
if [[ -z ${REDFLAG:-} ]]; then
  (cd "$REPO" && cargo build --release --locked --quiet)
  REDFLAG=${CARGO_TARGET_DIR:-$REPO/target}/release/redflag
fi
REDFLAG=$(realpath "$REDFLAG")

# site LANGS NAME: a redflag site with search on, N advisories in LANGS, at WORK/sites/NAME.
site() {
  local dir=$WORK/sites/$2
  if [[ ! -f $dir/redflag-search/site.toml ]]; then
    python3 "$TOOLS/gen_content.py" --n "$N" --langs "$1" --out "$dir" --force >/dev/null
    python3 "$HERE/redflag_tree.py" --src "$dir/hugo" --out "$dir/redflag-search" --tools "$TOOLS" --force --search >&2
  fi
  echo "$dir/redflag-search"
}

# timed LABEL COMMAND...: one run, its figures on one line.
timed() {
  local label=$1
  shift
  /usr/bin/time -f "$label: CPU %U+%S s, peak %M KB, wall %e s" "$@" >/dev/null 2>"$OUT/time.err" || {
    cat "$OUT/time.err" >&2
    return 1
  }
  tail -n1 "$OUT/time.err"
}

rm -rf "$OUT"
mkdir -p "$OUT"
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $REDFLAG, N=$N"
three=$(site en,fr,zh "n$N")
one=$(site en "n$N-en")
timed "build, search on, 3 languages, fresh output" "$REDFLAG" build --root "$three" --out "$OUT/three"
timed "build, search on, 1 language (peak per language)" "$REDFLAG" build --root "$one" --out "$OUT/one"
sync
timed "rebuild into the existing output, nothing changed" "$REDFLAG" build --root "$three" --out "$OUT/three"
sync
timed "rebuild into the existing output, again" "$REDFLAG" build --root "$three" --out "$OUT/three"
timed "check, no previous build" "$REDFLAG" check --root "$three" --out "$OUT/none"

# The example site (posters): check cold, after a build (the poster cache warm), and without posters.
example=$OUT/example
mkdir -p "$example"
(cd "$REPO" && cp -r site.toml content themes translations "$example"/)
cd "$example"
timed "example: check, posters typeset" "$REDFLAG" check
timed "example: check --no-posters" "$REDFLAG" check --no-posters
timed "example: build" "$REDFLAG" build
timed "example: check after the build (posters reused)" "$REDFLAG" check
