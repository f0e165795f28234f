#!/usr/bin/env bash
# memory.sh -- peak memory, wall and CPU time of the default build (search on) of a generated
# site of N advisories x LANGS, one or more binaries alternating (issue 22: peak <= 2 GiB at
# 10,000 x 3).
#
# RUN (from anywhere):
#   bash benches/memory.sh                          # N=10000, en,fr,zh-Hans, release binary
#   N=1000 RUNS=3 bash benches/memory.sh
#   BINARIES="/tmp/redflag-old target/release/redflag" N=1000 RUNS=3 bash benches/memory.sh
#   TRACE=1 bash benches/memory.sh                   # also RSS every 100 ms into WORK/rss-*.txt
#
# ENV
#   N         advisories, default 10000
#   LANGS     languages, default en,fr,zh-Hans
#   RUNS      rounds, default 1 (each round runs every binary once, in turn)
#   BINARIES  the binaries to compare, default: this repository's, built with `cargo build --release --locked`
#   WORK      scratch, default /tmp/redflag-memory (the site in WORK/site-N-LANGS, outputs in OUT)
#   OUT       where outputs go, default /dev/shm/redflag-memory (tmpfs: the disk left out)
#
# Each run builds into a new folder that is deleted after the run; one line per run:
#   peak MiB (ru_maxrss), wall s, CPU s (user + system), from benches/rss.py. A benchmark, never a test.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
N=${N:-10000}
LANGS=${LANGS:-en,fr,zh-Hans}
RUNS=${RUNS:-1}
WORK=${WORK:-/tmp/redflag-memory}
OUT=${OUT:-/dev/shm/redflag-memory}
if [[ -z ${BINARIES:-} ]]; then
  (cd "$REPO" && cargo build --release --locked --quiet)
  BINARIES=${CARGO_TARGET_DIR:-$REPO/target}/release/redflag
fi

site=$WORK/site-$N-$LANGS
if [[ ! -f $site/site.toml ]]; then
  mkdir -p "$WORK"
  python3 "$HERE/gen_site.py" --n "$N" --langs "$LANGS" --out "$site" >/dev/null
fi
mkdir -p "$OUT"
echo "# $(date -u +%FT%TZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), N=$N, LANGS=$LANGS"
for round in $(seq 1 "$RUNS"); do
  k=0
  for binary in $BINARIES; do
    k=$((k + 1))
    out=$OUT/out-$k
    rm -rf "$out"
    trace=()
    [[ -n ${TRACE:-} ]] && trace=(--trace "$WORK/rss-$k-$round.txt")
    line=$(python3 "$HERE/rss.py" "${trace[@]}" -- "$binary" build --root "$site" --out "$out" 2>&1 >/dev/null | tail -1)
    echo "round $round, $binary: $line"
    rm -rf "$out"
  done
done
