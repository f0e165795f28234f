#!/usr/bin/env python3
"""Runs one command and prints its peak memory, wall and CPU time, and its RSS over time.

Usage (benches/memory.sh calls it):
    python3 benches/rss.py [--every 0.1] [--trace FILE] -- COMMAND ARGS...

The command is executed directly (no shell). Its resident set (VmRSS of /proc/PID/status) is
sampled every `--every` seconds; `--trace FILE` writes the samples as `seconds MiB` lines, for
plotting or for reading against the phases of a build (its first line gives the Unix time
of the start). The summary line gives the process's
ru_maxrss and user + system time from wait4, the wall time (monotonic clock), and the highest
sample. The command's own output passes through. Stdlib only; a benchmark, never a test.
"""

import argparse
import os
import subprocess
import sys
import time


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=float, default=0.1, help="seconds between samples")
    parser.add_argument("--trace", help="write `seconds MiB` samples to this file")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    a = parser.parse_args()
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        parser.error("no command")
    epoch, started = time.time(), time.monotonic()
    process = subprocess.Popen(command)
    samples = []
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        kib = rss_kib(process.pid)
        if kib is not None:
            samples.append((time.monotonic() - started, kib))
        time.sleep(a.every)
    wall = time.monotonic() - started
    if a.trace:
        with open(a.trace, "w") as trace:
            trace.write(f"# started at {epoch:.3f} (Unix time)\n")
            trace.writelines(f"{t:.2f} {kib / 1024:.0f}\n" for t, kib in samples)
    sampled = max((kib for _, kib in samples), default=0)
    code = os.waitstatus_to_exitcode(status)
    print(
        f"peak {usage.ru_maxrss / 1024:.0f} MiB (sampled {sampled / 1024:.0f}), "
        f"wall {wall:.2f} s, CPU {usage.ru_utime + usage.ru_stime:.2f} s "
        f"({usage.ru_utime:.2f} user + {usage.ru_stime:.2f} sys), exit {code}",
        file=sys.stderr,
    )
    sys.exit(code)


if __name__ == "__main__":
    main()
