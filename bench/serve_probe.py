#!/usr/bin/env python3
"""Times `dilmanc serve` from a file write to the new version being served and to the
reload event being sent. Python 3, standard library only; bench/serve.sh starts the server
on a copy of the corpus and runs this.

  serve_probe.py --site SITE --port P --pid PID --log LOG [--repeat N]

SITE is the served site folder, which this script edits (never point it at a shared
corpus); PID the server's process, whose resident memory is read from /proc; LOG the
server's standard output, from which the server's own build times are read. The script
waits for the first build (200 on /), prints the server's memory, opens the event stream
/__dilmanc/events?since=V, then makes rounds of three edits, each on a page of its own:

  body      a paragraph with a unique marker appended to one press release
  title     a unique marker put at the start of another release's title
  template  an HTML comment with a unique marker in the theme's page template

For each edit it records the instant after the write, the instant the reload event with
a newer build number arrives, and the instant a GET of the affected page (polled every
5 ms on one keep-alive connection) first returns the marker. Between edits it waits until
the server has been quiet for a second. Prints one line per edit and a table: median and
range in ms of write -> reload event and write -> served, and the server's build times.
"""

import argparse
import http.client
import os
import re
import socket
import statistics
import sys
import threading
import time

POLL = 0.005
TIMEOUT = 300.0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, help="the served site folder (edited)")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True, help="the server's process id")
    parser.add_argument("--log", required=True, help="the server's standard output")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of edits (default 3)")
    args = parser.parse_args()
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


class Client:
    """One keep-alive HTTP connection to the server, reopened when it closes."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, path):
        """(status, body text) of GET path; (None, '') when the server cannot be reached."""
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                body = response.read().decode("utf-8", "replace")
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, body
            except (OSError, http.client.HTTPException):
                self.close()
        return None, ""

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


class Events(threading.Thread):
    """Reads the server-sent event stream and notes when each reload event arrives."""

    def __init__(self, port, since):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        request = (
            f"GET /__dilmanc/events?since={since} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        self.cond = threading.Condition()
        self.reloads = []  # (arrival instant, build number)
        self.error = None

    def run(self):
        buffer = b""
        try:
            while True:
                chunk = self.sock.recv(4096)
                now = time.monotonic()
                if not chunk:
                    raise ConnectionError("the event stream closed")
                buffer += chunk
                while b"\n\n" in buffer:
                    event, buffer = buffer.split(b"\n\n", 1)
                    lines = event.decode("utf-8", "replace").splitlines()
                    if "event: reload" in lines:
                        data = [l[6:] for l in lines if l.startswith("data: ")]
                        with self.cond:
                            self.reloads.append((now, int(data[0]) if data else -1))
                            self.cond.notify_all()
        except (OSError, ValueError) as e:
            with self.cond:
                self.error = e
                self.cond.notify_all()

    def wait_newer(self, version, deadline):
        """The arrival instant of the first reload event with a build number above version."""
        with self.cond:
            while True:
                for at, number in self.reloads:
                    if number > version:
                        return at, number
                if self.error is not None:
                    raise SystemExit(f"serve_probe: {self.error}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SystemExit("serve_probe: no reload event within %.0f s" % TIMEOUT)
                self.cond.wait(left)


def rss_mib(pid):
    """(resident, peak resident) memory of a process in MiB, from /proc."""
    values = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0]) / 1024
    return values.get("VmRSS", 0.0), values.get("VmHWM", 0.0)


def build_times(log_path, offset):
    """The server's "built N files in S s" figures after byte offset, and the new offset."""
    with open(log_path, "rb") as log:
        log.seek(offset)
        text = log.read()
    times = [float(s) for s in re.findall(rb"built \d+ files in ([0-9.]+) s", text)]
    return times, offset + len(text)


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def builds_reported(log_path):
    """How many builds the server has reported as built in its output."""
    with open(log_path, "rb") as log:
        return len(re.findall(rb"built \d+ files in ", log.read()))


def wait_quiet(client, log_path, seconds=1.0):
    """Waits until the build number has not changed for `seconds` and the server has
    reported that build as finished (its pages are published before its feeds and search
    index, under the same number); returns the number."""
    version, since = None, time.monotonic()
    deadline = since + TIMEOUT
    while time.monotonic() < deadline:
        status, body = client.get("/__dilmanc/version")
        current = body.strip() if status == 200 else None
        if current != version:
            version, since = current, time.monotonic()
        elif (version is not None and time.monotonic() - since >= seconds
              and builds_reported(log_path) >= int(version)):
            return int(version)
        time.sleep(0.05)
    raise SystemExit("serve_probe: the server did not settle")


def pick_releases(site):
    """Three press releases of the default language (no .en/.ru suffix), spread out."""
    press = os.path.join(site, "content", "press")
    names = sorted(
        n for n in os.listdir(press)
        if n.endswith(".md") and not n.startswith("_") and n.count(".") == 1
    )
    if len(names) < 3:
        raise SystemExit("serve_probe: the site needs at least 3 press releases")
    return [os.path.join(press, names[i * len(names) // 3]) for i in range(3)]


class Edit:
    """One kind of edit: the file it writes and the page that must show the marker."""

    def __init__(self, kind, path, page, make):
        self.kind, self.path, self.page, self.make = kind, path, page, make
        with open(path, encoding="utf-8") as f:
            self.original = f.read()


def body_edit(original, marker):
    return original.rstrip("\n") + f"\n\nBench paragraph {marker}.\n"


def title_edit(original, marker):
    edited, count = re.subn(r'^title = "', f'title = "{marker} ', original, count=1, flags=re.M)
    if count != 1:
        raise SystemExit("serve_probe: no title line in the release")
    return edited


def template_edit(original, marker):
    anchor = "{% block content %}"
    if anchor not in original:
        raise SystemExit(f"serve_probe: no {anchor} in the page template")
    return original.replace(anchor, f"{anchor}<!-- {marker} -->", 1)


def main():
    args = parse_args()
    client = Client(args.port)
    deadline = time.monotonic() + TIMEOUT
    start = time.monotonic()
    while True:
        status, _ = client.get("/")
        if status == 200:
            break
        if not os.path.exists(f"/proc/{args.pid}"):
            raise SystemExit("serve_probe: the server has stopped (see its output above)")
        if time.monotonic() > deadline:
            raise SystemExit(f"serve_probe: / did not answer 200 within {TIMEOUT:.0f} s")
        time.sleep(0.1)
    first = time.monotonic() - start
    version = wait_quiet(client, args.log)
    rss, hwm = rss_mib(args.pid)
    times, offset = build_times(args.log, 0)
    print(f"first build: {times[0] if times else float('nan'):.2f} s (server), "
          f"200 on / after {first:.1f} s of waiting; "
          f"server RSS {rss:.0f} MiB, peak {hwm:.0f} MiB")

    body_path, title_path, other_path = pick_releases(args.site)
    template = os.path.join(args.site, "themes", "default", "templates", "page.html")
    stem = lambda p: os.path.basename(p)[: -len(".md")]
    edits = [
        Edit("body", body_path, f"/press/{stem(body_path)}/", body_edit),
        Edit("title", title_path, f"/press/{stem(title_path)}/", title_edit),
        Edit("template", template, f"/press/{stem(other_path)}/", template_edit),
    ]
    for edit in edits:
        status, _ = client.get(edit.page)
        if status != 200:
            raise SystemExit(f"serve_probe: {edit.page} answers {status}, not 200")

    events = Events(args.port, version)
    events.start()
    results = {edit.kind: [] for edit in edits}
    for round_ in range(1, args.repeat + 1):
        for edit in edits:
            marker = f"benchmark{edit.kind}{round_}x{os.getpid()}"
            text = edit.make(edit.original, marker)
            version = wait_quiet(client, args.log)
            _, offset = build_times(args.log, offset)
            write(edit.path, text)
            written = time.monotonic()
            deadline = written + TIMEOUT
            while True:
                status, body = client.get(edit.page)
                if status == 200 and marker in body:
                    served = time.monotonic()
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"serve_probe: {edit.page} never showed the {edit.kind} edit")
                time.sleep(POLL)
            reloaded, number = events.wait_newer(version, deadline)
            wait_quiet(client, args.log)
            times, offset = build_times(args.log, offset)
            event_ms, served_ms = (reloaded - written) * 1000, (served - written) * 1000
            results[edit.kind].append((event_ms, served_ms, times))
            print(f"round {round_} {edit.kind:<8} reload event {event_ms:8.0f} ms  "
                  f"served {served_ms:8.0f} ms  build #{number}, server build "
                  + (", ".join(f"{t:.2f} s" for t in times) or "none reported"),
                  flush=True)

    def cell(values):
        if len(values) == 1:
            return f"{values[0]:.0f}"
        return f"{statistics.median(values):.0f} ({min(values):.0f}-{max(values):.0f})"

    print()
    print(f"{'edit':<9} | {'write -> reload event, ms':<26} | {'write -> served, ms':<26} | server builds, s")
    print(f"{'-' * 9}-|-{'-' * 26}-|-{'-' * 26}-|-{'-' * 16}")
    for edit in edits:
        rows = results[edit.kind]
        builds = [t for _, _, times in rows for t in times]
        print(f"{edit.kind:<9} | {cell([r[0] for r in rows]):<26} | "
              f"{cell([r[1] for r in rows]):<26} | "
              + (f"{statistics.median(builds):.2f} ({min(builds):.2f}-{max(builds):.2f})"
                 if builds else "-"))
    print(f"median (min-max) of {args.repeat} edits each; the server's builds include "
          "every build it reported meanwhile.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(130)
