#!/usr/bin/env python3
"""Times Hugo, redflag, Zola and the copy floor on one generated site, alternating, and prints a table.

Usage (benches/bench.sh calls it; see there for the whole recipe):
    python3 benches/measure.py --site SITES/n1000 --n 1000 --redflag target/release/redflag \
        --scratch /tmp/redflag-bench/out [--runs 3] [--hugo hugo] [--zola zola] [--json FILE]

SITE holds hugo/ and zola/ (written by gen_content.py) and redflag/ (written by
redflag_tree.py), the same advisories for each tool; redflag/ has search off, as the peers, and
redflag-search/, when present, is the same site with the Pagefind index (row `rf+search`); its
peer is `hugo+pf`, Hugo followed by the Pagefind CLI on Hugo's output (the usual way to give a
Hugo site search), when --pagefind is given. One warm-up round runs every tool once (not
counted): it fills the page cache, checks that every tool succeeds and keeps one output per tool
to count its pages. Then RUNS rounds run the tools in turn (hugo, redflag, zola, floor, hugo,
redflag, ...), so a slow phase of a noisy machine hits all of them alike. The floor copies
redflag's output tree of the warm-up (`cp -r`): the same files and bytes that redflag writes.

Each run writes into a fresh, non-existing directory; after the run, outside the timing, `sync`
flushes it, so that no run pays for the write-back of an earlier one. Outputs are deleted only
after the last round: on a file system mounted with `discard` (as here), deleting a tree sends
the disk trim requests that slowed the next runs down several times over, at random.
Wall time is measured with the monotonic clock around the process, peak memory is the process's
ru_maxrss from wait4 (each tool is executed directly, not through a shell; a row of two steps
sums their wall and CPU times and reports the larger peak). Stdlib only.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time


def run_once(steps, log):
    """Runs the commands of `steps` one after the other; returns (wall s, peak RSS MiB, CPU s user +
    system), wall and CPU summed over the steps, peak the largest. Exits with stderr on failure."""
    wall = peak = cpu = 0.0
    for argv in steps:
        with open(log, "wb") as err:
            start = time.monotonic()
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall += time.monotonic() - start
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            with open(log, encoding="utf-8", errors="replace") as f:
                sys.exit(f"measure: `{' '.join(argv)}` exited with {code}:\n{f.read()[-4000:]}")
        peak = max(peak, usage.ru_maxrss / 1024.0)
        cpu += usage.ru_utime + usage.ru_stime
    return wall, peak, cpu


def tree_size(root):
    """(html pages, files, bytes) of an output tree."""
    html = files = size = 0
    for folder, _, names in os.walk(root):
        for name in names:
            files += 1
            html += name.endswith(".html")
            size += os.path.getsize(os.path.join(folder, name))
    return html, files, size


def commands(a, out, floor_src):
    """The steps (command lines run one after the other) of each tool, writing into `out`, in the
    order of a round."""
    hugo = [a.hugo, "--quiet", "-s", os.path.join(a.site, "hugo"), "-d", out]
    cmds = {"hugo": [hugo],
            "redflag": [[a.redflag, "build", "--root", os.path.join(a.site, "redflag"), "--out", out]]}
    if os.path.isdir(os.path.join(a.site, "redflag-search")):
        cmds["rf+search"] = [[a.redflag, "build", "--root", os.path.join(a.site, "redflag-search"), "--out", out]]
    if a.pagefind:
        cmds["hugo+pf"] = [hugo, [a.pagefind, "--site", out, "--quiet"]]
    if a.zola:
        cmds["zola"] = [[a.zola, "--root", os.path.join(a.site, "zola"), "build", "--output-dir", out, "--force"]]
    if floor_src:
        cmds["floor"] = [["cp", "-r", floor_src, out]]
    return cmds


def fresh(scratch, tool, k):
    path = os.path.join(scratch, f"{tool}.{k}")
    shutil.rmtree(path, ignore_errors=True)
    return path


def settle():
    """Flushes the file system, so that no run pays for the write-back of an earlier one."""
    os.sync()


def warm_up(a):
    """Runs each tool once, keeps its output, returns {tool: (html, files, bytes)} and the floor source."""
    sizes, keep = {}, {}
    for tool in commands(a, "", None):
        out = fresh(a.scratch, tool, "ref")
        run_once(commands(a, out, None)[tool], os.path.join(a.scratch, f"{tool}.log"))
        sizes[tool] = tree_size(out)
        keep[tool] = out
    floor_src = keep["redflag"]
    out = fresh(a.scratch, "floor", "ref")
    run_once([["cp", "-r", floor_src, out]], os.path.join(a.scratch, "floor.log"))
    sizes["floor"] = tree_size(out)
    settle()
    return sizes, floor_src


def rounds(a, floor_src):
    """RUNS alternating rounds; returns {tool: [(wall, peak MiB, cpu), ...]}."""
    results = {}
    for k in range(a.runs):
        for tool in commands(a, "", floor_src):
            out = fresh(a.scratch, tool, k)
            steps = commands(a, out, floor_src)[tool]
            results.setdefault(tool, []).append(run_once(steps, os.path.join(a.scratch, f"{tool}.log")))
            settle()
            wall, peak, cpu = results[tool][-1]
            print(f"  round {k + 1}/{a.runs} {tool:8} {wall:8.3f} s {peak:8.1f} MiB {cpu:8.3f} s CPU",
                  file=sys.stderr, flush=True)
    return results


def summarize(results, sizes):
    rows = {}
    for tool, runs in results.items():
        walls = [w for w, _, _ in runs]
        rows[tool] = {"wall_median": statistics.median(walls), "wall_min": min(walls), "wall_max": max(walls),
                      "cpu_median": statistics.median(c for _, _, c in runs),
                      "peak_mib": max(m for _, m, _ in runs), "html": sizes[tool][0], "files": sizes[tool][1],
                      "bytes": sizes[tool][2]}
    return rows


def ratio(rows, a, b, key="wall_median"):
    return rows[a][key] / rows[b][key] if a in rows and b in rows else None


def times(x):
    """A ratio as `1.23x`, or `n/a` when a tool did not run."""
    return "n/a" if x is None else f"{x:.2f}x"


def print_table(n, rows):
    print(f"{'tool':9} {'N':>6} {'html':>7} {'files':>7} {'out MiB':>8} {'median s':>9} {'min s':>8} "
          f"{'max s':>8} {'pages/s':>8} {'peak MiB':>9} {'vs redflag':>10} {'CPU s':>8} {'CPU vs rf':>9}")
    for tool, r in rows.items():
        print(f"{tool:9} {n:>6} {r['html']:>7} {r['files']:>7} {r['bytes'] / 2**20:>8.1f} "
              f"{r['wall_median']:>9.3f} {r['wall_min']:>8.3f} {r['wall_max']:>8.3f} "
              f"{r['html'] / r['wall_median']:>8.0f} {r['peak_mib']:>9.1f} "
              f"{times(ratio(rows, tool, 'redflag')):>10} {r['cpu_median']:>8.3f} "
              f"{times(ratio(rows, tool, 'redflag', 'cpu_median')):>9}")
    hugo, zola, floor = ratio(rows, "hugo", "redflag"), ratio(rows, "zola", "redflag"), ratio(rows, "redflag", "floor")
    mem = ratio(rows, "redflag", "hugo", "peak_mib")
    print(f"N={n}: wall time: Hugo/redflag {times(hugo)}, Zola/redflag {times(zola)}, "
          f"redflag/floor {times(floor)}; redflag peak / Hugo peak {mem:.2f}")
    print(f"N={n}: CPU time:  Hugo/redflag {times(ratio(rows, 'hugo', 'redflag', 'cpu_median'))}, "
          f"Zola/redflag {times(ratio(rows, 'zola', 'redflag', 'cpu_median'))}, "
          f"redflag/floor {times(ratio(rows, 'redflag', 'floor', 'cpu_median'))}")
    faster_peer = min(x for x in (hugo, zola) if x is not None)
    print(f"N={n}: targets: >= 2x faster than the faster peer: {'met' if faster_peer >= 2 else 'NOT met'} "
          f"({faster_peer:.2f}x); within 2x of the floor: {'met' if floor <= 2 else 'NOT met'} ({floor:.2f}x); "
          f"peak <= half of Hugo's: {'met' if mem <= 0.5 else 'NOT met'} ({mem:.2f})")
    if "rf+search" in rows:
        print(f"N={n}: with the search index (rf+search): Hugo/rf+search "
              f"{times(ratio(rows, 'hugo', 'rf+search'))}, rf+search/redflag "
              f"{times(ratio(rows, 'rf+search', 'redflag'))}, rf+search peak / Hugo peak "
              f"{ratio(rows, 'rf+search', 'hugo', 'peak_mib'):.2f}")
    if "rf+search" in rows and "hugo+pf" in rows:
        print(f"N={n}: both with a search index: (Hugo + Pagefind CLI)/rf+search "
              f"{times(ratio(rows, 'hugo+pf', 'rf+search'))}, CPU "
              f"{times(ratio(rows, 'hugo+pf', 'rf+search', 'cpu_median'))}; rf+search peak / hugo+pf peak "
              f"{ratio(rows, 'rf+search', 'hugo+pf', 'peak_mib'):.2f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True, help="directory with hugo/, zola/ and redflag/ sites")
    ap.add_argument("--n", type=int, required=True, help="number of advisories (for the table)")
    ap.add_argument("--redflag", required=True, help="the release binary")
    ap.add_argument("--scratch", required=True, help="where outputs go (emptied)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--hugo", default="hugo")
    ap.add_argument("--zola", default=None, help="zola binary (left out when not given)")
    ap.add_argument("--pagefind", default=None,
                    help="Pagefind CLI binary: adds the row hugo+pf, Hugo then Pagefind on its output")
    ap.add_argument("--json", help="also write the rows as JSON to this file")
    a = ap.parse_args()
    shutil.rmtree(a.scratch, ignore_errors=True)
    os.makedirs(a.scratch)
    sizes, floor_src = warm_up(a)
    rows = summarize(rounds(a, floor_src), sizes)
    print_table(a.n, rows)
    sys.stdout.flush()
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump({"n": a.n, "runs": a.runs, "rows": rows}, f, indent=2)
    shutil.rmtree(a.scratch)


if __name__ == "__main__":
    main()
