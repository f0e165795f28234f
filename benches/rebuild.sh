#!/usr/bin/env bash
# rebuild.sh -- CPU seconds (user + system) and peak memory of the everyday cases of issue 22:
# a default build (search on), the same per language, rebuilds into the existing output (nothing
# changed; one advisory's English body edited; one French translation edited: the unchanged
# languages' search indexes reused), and `check` with and without posters, cold and after a build.
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
# Each line is /usr/bin/time's: CPU user+system, peak RSS (KB), wall; a rebuild's line is
# followed by its search summary and its share of the full build. A benchmark, never a test.
set -euo pipefail
unset CI # with CI set, the build prints no summary (its search line is read here)
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

# timed LABEL COMMAND...: one run, its figures on one line; its CPU seconds (user + system) and
# wall seconds are left in CPU and WALL.
timed() {
  local label=$1
  shift
  /usr/bin/time -f "%U %S %M %e" -o "$OUT/time.raw" "$@" >/dev/null 2>"$OUT/time.err" || {
    cat "$OUT/time.err" >&2
    return 1
  }
  local user sys peak
  read -r user sys peak WALL <"$OUT/time.raw"
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  echo "$label: CPU ${user}+${sys} s, peak $peak KB, wall $WALL s"
  grep -h "search index:" "$OUT/time.err" | sed 's/^ */    /' || true
}

# ratio: this run's CPU and wall as a share of the full build's (FULL_CPU, FULL_WALL).
ratio() {
  awk -v c="$CPU" -v w="$WALL" -v fc="$FULL_CPU" -v fw="$FULL_WALL" \
    'BEGIN { printf "    = %.0f%% of the full build'"'"'s CPU, %.0f%% of its wall\n", 100 * c / fc, 100 * w / fw }'
}

# edit FILE TEXT: appends a paragraph to FILE (an advisory's Markdown), keeping the original in
# FILE.orig to restore with `restore FILE`.
edit() {
  cp "$1" "$1.orig"
  printf '\n%s\n' "$2" >>"$1"
}
restore() { mv "$1.orig" "$1"; }

rm -rf "$OUT"
mkdir -p "$OUT"
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $REDFLAG, N=$N"
three=$(site en,fr,zh "n$N")
one=$(site en "n$N-en")
timed "build, search on, 3 languages, fresh output" "$REDFLAG" build --root "$three" --out "$OUT/three"
FULL_CPU=$CPU FULL_WALL=$WALL
timed "build, search on, 1 language (peak per language)" "$REDFLAG" build --root "$one" --out "$OUT/one"
sync
timed "rebuild into the existing output, nothing changed" "$REDFLAG" build --root "$three" --out "$OUT/three"
ratio
sync
timed "rebuild into the existing output, again" "$REDFLAG" build --root "$three" --out "$OUT/three"
ratio
# One advisory edited: its English body, then also its French translation (each rebuild indexes
# the one language changed since the previous build); both restored afterwards.
advisories=("$three"/content/advisories/*/)
advisory=${advisories[0]%/}
edit "$advisory/index.md" "Call your bank at once if you paid with a gift card."
sync
timed "rebuild, one advisory's English body edited" "$REDFLAG" build --root "$three" --out "$OUT/three"
ratio
edit "$advisory/index.fr.md" "Appelez votre banque si vous avez payé."
sync
timed "rebuild, one advisory's French translation edited" "$REDFLAG" build --root "$three" --out "$OUT/three"
ratio
restore "$advisory/index.md"
restore "$advisory/index.fr.md"
# The floor: the same site without search, built fresh and rebuilt with nothing changed.
off=$WORK/sites/n$N/redflag
[[ -f $off/site.toml ]] || python3 "$HERE/redflag_tree.py" --src "$WORK/sites/n$N/hugo" --out "$off" --tools "$TOOLS" --force >&2
timed "build, search off, 3 languages, fresh output" "$REDFLAG" build --root "$off" --out "$OUT/off"
ratio
sync
timed "rebuild, search off, nothing changed" "$REDFLAG" build --root "$off" --out "$OUT/off"
ratio
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
