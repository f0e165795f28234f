#!/usr/bin/env bash
# bench.sh -- build-time benchmark of redflag against Hugo and Zola on the same advisories.
#
# RUN (from anywhere):
#   bash benches/bench.sh                          # N = 1000 and 10000 advisories x en,fr,zh
#   SIZES="1000" RUNS=3 bash benches/bench.sh      # the quick one
#
# ENV
#   SIZES   advisory counts, default "1000 10000"
#   RUNS    counted rounds per size after one warm-up round, default 3
#   LANGS   gen_content.py languages, first is the default, default en,fr,zh (zh -> zh-Hans)
#   WORK    scratch directory, default /tmp/redflag-bench (sites/, out/, results/)
#   OUT     where the tools write (emptied), default WORK/out; e.g. OUT=/dev/shm/rb to take the
#           disk out of the measurement (tmpfs), the default measures the real disk
#   REDFLAG_PEER_TOOLS  directory of gen_content.py, default <repository>/../shared/tools
#   HUGO    hugo binary, default hugo (installed from Debian's package `hugo` when missing, as root)
#   ZOLA    zola binary, default zola; left out of the table when not found
#   PAGEFIND  Pagefind CLI (extended) binary for the row hugo+pf; default: the npm package pagefind
#           of the version redflag links (Cargo.lock), installed under WORK/tools; the row is left
#           out when npm is missing
#
# WHAT IT DOES
#   1. builds redflag in release mode once (cargo build --release --locked);
#   2. per N, generates the site once: gen_content.py writes the Hugo and Zola trees
#      (WORK/sites/nN/{hugo,zola}), benches/redflag_tree.py converts the Hugo tree into a redflag
#      site with the same advisories (WORK/sites/nN/redflag), and `redflag check` validates it;
#      both are kept and reused while the manifest matches N and LANGS;
#      The redflag site has `search = false`, as the peers (Zola: build_search_index = false; Hugo
#      has no search); the same site with search on (WORK/sites/nN/redflag-search) is the row
#      `rf+search`, which shows what the Pagefind index costs; its peer is `hugo+pf`, Hugo
#      followed by the Pagefind CLI on Hugo's output, the usual way to give a Hugo site search;
#   3. benches/measure.py runs one warm-up round, then RUNS rounds alternating
#      hugo, redflag, rf+search, zola, floor (floor = `cp -r` of redflag's output tree), each run into a fresh
#      directory removed outside the timing (then `sync`); wall time from the monotonic clock, peak RSS from
#      wait4's ru_maxrss;
#   4. prints per N a table (tool, N, html pages, files, output MiB, median/min/max wall s,
#      pages/s, peak MiB, wall time relative to redflag, median CPU s = user + system and CPU
#      time relative to redflag) and the ratios Hugo/redflag, Zola/redflag, redflag/floor
#      (wall and CPU) and redflag peak / Hugo peak, checked against the targets.
#   Tables also go to WORK/results/summary.txt, rows as JSON to WORK/results/nN.json.
#   This is a benchmark, not a timed test: nothing fails on slow figures.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
TOOLS=${REDFLAG_PEER_TOOLS:-$REPO/../shared/tools}
WORK=${WORK:-/tmp/redflag-bench}
SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-3}
LANGS=${LANGS:-en,fr,zh}
HUGO=${HUGO:-hugo}
ZOLA=${ZOLA:-zola}
OUT=${OUT:-$WORK/out}
RESULTS=$WORK/results
SUMMARY=$RESULTS/summary.txt

log() { printf 'bench: %s\n' "$*" >&2; }

# site_matches DIR N: DIR/manifest.json describes N advisories in LANGS (the site can be reused).
site_matches() {
  [[ -f $1/manifest.json ]] && python3 - "$1/manifest.json" "$2" "$LANGS" <<'PY'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
sys.exit(0 if m["n_advisories"] == int(sys.argv[2]) and m["langs"] == sys.argv[3].split(",") else 1)
PY
}

if [[ ! -f $TOOLS/gen_content.py ]]; then
  log "$TOOLS/gen_content.py not found: set REDFLAG_PEER_TOOLS"
  exit 2
fi

if ! command -v "$HUGO" >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    log "hugo is missing and this is not root: install Debian's package hugo yourself"
    exit 2
  fi
  log "installing Debian's package hugo"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends hugo >/dev/null
fi
zola_args=()
if command -v "$ZOLA" >/dev/null 2>&1; then
  zola_args=(--zola "$(command -v "$ZOLA")")
else
  log "no zola on the PATH: Zola is left out"
fi

# pagefind_binary: the Pagefind CLI of the version in Cargo.lock, installed with npm when needed.
pagefind_binary() {
  local version dir
  version=$(awk '/^name = "pagefind"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$REPO/Cargo.lock")
  dir=$WORK/tools/pagefind-$version
  if ! compgen -G "$dir/node_modules/@pagefind/*/bin/pagefind_extended" >/dev/null; then
    command -v npm >/dev/null 2>&1 || return 1
    log "installing the npm package pagefind@$version in $dir"
    npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "pagefind@$version" >&2 || return 1
  fi
  compgen -G "$dir/node_modules/@pagefind/*/bin/pagefind_extended" | head -n1
}
pagefind_args=()
if [[ -n ${PAGEFIND:-} ]] || PAGEFIND=$(pagefind_binary); then
  pagefind_args=(--pagefind "$PAGEFIND")
else
  log "no Pagefind CLI (npm missing): the row hugo+pf is left out"
fi

log "building redflag (release)"
(cd "$REPO" && cargo build --release --locked --quiet)
REDFLAG=${CARGO_TARGET_DIR:-$REPO/target}/release/redflag

mkdir -p "$WORK/sites" "$RESULTS"
{
  echo "# redflag benchmark $(date -u +%FT%TZ), $(nproc) cores, $(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# outputs in $OUT ($(mkdir -p "$OUT" && df --output=fstype "$OUT" | tail -n1))"
  echo "# redflag $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $("$HUGO" version | head -n1 | cut -d' ' -f1-2)${pagefind_args:+, Pagefind $("$PAGEFIND" --version | head -n1)}${zola_args:+, $("$ZOLA" --version | head -n1)}; LANGS=$LANGS RUNS=$RUNS"
} | tee "$SUMMARY"

for N in $SIZES; do
  S=$WORK/sites/n$N
  if ! site_matches "$S" "$N" || [[ ! -f $S/redflag/site.toml ]]; then
    log "generating N=$N x $LANGS in $S"
    rm -rf "$S"
    python3 "$TOOLS/gen_content.py" --n "$N" --langs "$LANGS" --out "$S" --force >/dev/null
  fi
  # Rewritten every time (a few seconds): the converter's output follows the repository.
  python3 "$HERE/redflag_tree.py" --src "$S/hugo" --out "$S/redflag" --tools "$TOOLS" --force >&2
  python3 "$HERE/redflag_tree.py" --src "$S/hugo" --out "$S/redflag-search" --tools "$TOOLS" --force --search >&2
  "$REDFLAG" check --root "$S/redflag" >/dev/null
  log "free space for outputs: $(df -h --output=avail "$WORK" | tail -n1 | tr -d ' ')"
  log "N=$N: warm-up round, then $RUNS rounds"
  echo | tee -a "$SUMMARY"
  python3 "$HERE/measure.py" --site "$S" --n "$N" --runs "$RUNS" --redflag "$REDFLAG" --hugo "$(command -v "$HUGO")" \
    "${zola_args[@]}" "${pagefind_args[@]}" --scratch "$OUT" --json "$RESULTS/n$N.json" | tee -a "$SUMMARY"
done
log "summary in $SUMMARY"
