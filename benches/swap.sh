#!/usr/bin/env bash
# swap.sh -- what a rebuild into an existing output costs the kernel and the CPU (issue 22,
# "make the swap cheap"): for one redflag binary and one site, a fresh build, a second build
# (after which a recycling binary has a spare), then a rebuild with nothing changed and one with
# one advisory's English body edited, each once under /usr/bin/time (CPU user + system) and once
# under `strace -c -f` (system calls, counted). The edit is undone at the end. A benchmark,
# never a test.
#
#   bash benches/swap.sh BINARY SITE OUT      # OUT: an output folder (removed first)
set -euo pipefail
BIN=$(realpath "$1") SITE=$(realpath "$2") OUT=$3
rm -rf "$OUT" "$(dirname "$OUT")/.$(basename "$OUT").redflag-"*
ADVISORY=$(find "$SITE/content/advisories" -mindepth 1 -maxdepth 1 -type d | sort | sed -n 43p)/index.md
cp "$ADVISORY" "$OUT.orig.md"
trap 'cp "$OUT.orig.md" "$ADVISORY"; rm -f "$OUT.orig.md"' EXIT
build() { "$BIN" build --root "$SITE" --out "$OUT" >/dev/null 2>&1; }
timed() {
  /usr/bin/time -f "%U %S %e" -o "$OUT.time" "$BIN" build --root "$SITE" --out "$OUT" >/dev/null 2>&1
  read -r user sys wall <"$OUT.time"
  printf '%-22s CPU %5.2f s (user %s + sys %s), wall %s s\n' "$1" "$(echo "$user + $sys" | bc)" "$user" "$sys" "$wall"
}
traced() {
  strace -c -f -o "$OUT.strace" "$BIN" build --root "$SITE" --out "$OUT" >/dev/null 2>&1
  awk -v label="$1" '
    $NF ~ /^(linkat|mkdirat|mkdir|unlinkat|unlink|rmdir|openat|renameat2|rename|statx|newfstatat|write)$/ { n[$NF] = $4 }
    $NF == "total" { total = $4 }
    END { printf "%-22s calls %s:", label, total; for (k in n) printf " %s %s", k, n[k]; print "" }' "$OUT.strace"
}
edit() { printf '\n%s\n' "$1" >>"$ADVISORY"; }
build
timed "second build"
timed "nothing changed"
traced "nothing changed"
edit "Call your bank at once if you paid with a gift card."
timed "one body edited"
edit "Then report it to the police."
traced "one body edited"
rm -f "$OUT.time" "$OUT.strace"
