#!/usr/bin/env bash
# rebuild_rounds.sh -- the rebuild cases of issue 22 in rounds, with medians: per round a full
# build into a fresh output, a rebuild with nothing changed, one with one advisory's English body
# edited, one with its French translation also edited (the search index of the other languages
# reused). CPU seconds (user + system) and the share of the full build. A benchmark, never a test.
#
# RUN (after `bash benches/rebuild.sh`, which generates the site):
#   bash benches/rebuild_rounds.sh
#   OUT=/dev/shm/redflag-rounds ROUNDS=5 bash benches/rebuild_rounds.sh   # tmpfs: no disk noise
#
# ENV
#   SITE     default /tmp/redflag-bench/sites/n1000/redflag-search (rebuild.sh's, N=1000)
#   OUT      output folder, default /tmp/redflag-bench/rounds (removed at each round's start)
#   ROUNDS   default 3
#   REDFLAG  the binary, default <repository>/target/release/redflag
set -euo pipefail
unset CI # with CI set, the build prints no summary
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SITE=${SITE:-/tmp/redflag-bench/sites/n1000/redflag-search}
OUT=${OUT:-/tmp/redflag-bench/rounds}
ROUNDS=${ROUNDS:-3}
REDFLAG=$(realpath "${REDFLAG:-$HERE/../target/release/redflag}")
advisories=("$SITE"/content/advisories/*/)
ADVISORY=${advisories[0]%/}
SCRATCH=$(mktemp -d)
cp "$ADVISORY/index.md" "$ADVISORY/index.fr.md" "$SCRATCH"/
restore() { cp "$SCRATCH/index.md" "$SCRATCH/index.fr.md" "$ADVISORY"/; rm -rf "$SCRATCH"; }
trap restore EXIT

# run CASE: one build of SITE into OUT; appends "CASE cpu" to the figures.
run() {
  /usr/bin/time -f "%U %S" -o "$SCRATCH/time" "$REDFLAG" build --root "$SITE" --out "$OUT" \
    >/dev/null 2>"$SCRATCH/err" || { cat "$SCRATCH/err" >&2; return 1; }
  awk -v c="$1" '{ printf "%s %.2f\n", c, $1 + $2 }' "$SCRATCH/time" >>"$SCRATCH/figures"
}

echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $REDFLAG, $SITE -> $OUT"
for round in $(seq "$ROUNDS"); do
  rm -rf "$OUT"
  run full
  run nothing-changed
  printf '\nCall your bank at once (round %s).\n' "$round" >>"$ADVISORY/index.md"
  run english-edited
  printf '\nAppelez votre banque (tour %s).\n' "$round" >>"$ADVISORY/index.fr.md"
  run french-edited
  cp "$SCRATCH/index.md" "$SCRATCH/index.fr.md" "$ADVISORY"/
done
rm -rf "$OUT"
# Medians per case, and their share of the full build's median.
for case in full nothing-changed english-edited french-edited; do
  awk -v c="$case" '$1 == c { print $2 }' "$SCRATCH/figures" | sort -n |
    awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }' |
    sed "s/^/$case /"
done | awk '$1 == "full" { full = $2 } { printf "%-16s %6.2f CPU s  %4.0f%% of the full build\n", $1, $2, 100 * $2 / full }'
