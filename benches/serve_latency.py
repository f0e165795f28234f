#!/usr/bin/env python3
"""Edit-to-reload latency of `redflag serve`: the time from writing a file to the reload event
reaching a connected client (debounce included), p50 and p95 over many edits.

Usage:
    python3 benches/serve_latency.py --site DIR [--bin target/release/redflag] [--edits 50]

DIR is a redflag site (e.g. from benches/gen_site.py or benches/redflag_tree.py); the edits are
made in DIR itself (append a paragraph to one advisory's body, alternating between advisories),
so pass a scratch copy. The server runs on 127.0.0.1 with --port 0; every wait is bounded and the
server is stopped at the end. Stdlib only. Prints one line per size and a JSON summary.
"""

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time


def start_server(binary, site):
    proc = subprocess.Popen([binary, "serve", "--port", "0", "--root", site],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    for line in proc.stderr:
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if match:
            threading.Thread(target=lambda: [None for _ in proc.stderr], daemon=True).start()
            return proc, int(match.group(1)), time.monotonic() - started
    raise SystemExit("the server did not start")


class Events:
    """A Server-Sent Events connection; timestamps every event on arrival."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(b"GET /__redflag/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n\r\n" % port)
        self.file = self.sock.makefile("rb")
        self.arrivals = []
        self.cond = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        event = b""
        for raw in self.file:
            if raw.startswith(b"event:"):
                event = raw[6:].strip()
            elif raw.startswith(b"data:") and event == b"reload":
                with self.cond:
                    self.arrivals.append((time.monotonic(), raw[5:].strip().decode()))
                    self.cond.notify_all()

    def wait_after(self, count, timeout=120):
        with self.cond:
            ok = self.cond.wait_for(lambda: len(self.arrivals) > count, timeout=timeout)
        if not ok:
            raise SystemExit("no reload event within %s s" % timeout)
        return self.arrivals[count]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--site", required=True)
    ap.add_argument("--bin", default="target/release/redflag")
    ap.add_argument("--edits", type=int, default=50)
    args = ap.parse_args()
    site = os.path.abspath(args.site)
    advisories = sorted(os.listdir(os.path.join(site, "content", "advisories")))[:10]
    proc, port, startup = start_server(args.bin, site)
    try:
        events = Events(port)
        time.sleep(0.5)  # let the watcher settle before the first edit (not part of any figure)
        latencies = []
        for i in range(args.edits):
            slug = advisories[i % len(advisories)]
            path = os.path.join(site, "content", "advisories", slug, "index.md")
            seen = len(events.arrivals)
            with open(path, "a", encoding="utf-8") as f:
                written = time.monotonic()
                f.write("\nAnother paragraph, edit %d.\n" % i)
            arrived, data = events.wait_after(seen)
            if slug not in data and data != '["*"]':
                raise SystemExit("event %r does not name the edited advisory %s" % (data, slug))
            latencies.append((arrived - written) * 1000)
        latencies.sort()
        summary = {
            "site": site,
            "advisories": len(os.listdir(os.path.join(site, "content", "advisories"))),
            "edits": len(latencies),
            "startup_s": round(startup, 2),
            "p50_ms": round(statistics.median(latencies), 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "max_ms": round(latencies[-1], 1),
        }
        print("edit -> reload event: p50 %(p50_ms)s ms, p95 %(p95_ms)s ms, max %(max_ms)s ms over %(edits)d edits "
              "(%(advisories)d advisories, startup %(startup_s)s s)" % summary)
        print(json.dumps(summary))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
