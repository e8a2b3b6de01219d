#!/usr/bin/env python3
"""Loopback HTTP server with one route per link-check behaviour, for whocard's tests and bench.

Listens on one port on 127.0.0.1 and, with --hosts N, on 127.0.0.2 .. 127.0.0.N as well (Linux
routes all of 127.0.0.0/8 to loopback), so each address is a distinct "host" for per-host limits.
Prints the port on its first line, then serves until killed (or --lifetime seconds pass).

Routes (any host):
  /ok                       200
  /status/NNN               NNN (999 too)
  /head-refused             HEAD 405, GET 200
  /redirect/N               302 to /redirect/N-1; /redirect/0 is 200
  /loop/a, /loop/b          302 to each other
  /to?url=U                 302 to U
  /login-wall               302 to Instagram's login page
  /login-wall-local         302 to /accounts/login/ on the same host (200), for the bench
  /authwall                 302 to LinkedIn's authwall
  /gone-page                302 to /404 (a soft not-found page)
  /linkedin/...             999, as LinkedIn answers non-browser clients
  /slow?ms=N                200 after N ms
  /hold?ms=N                200 after N ms (for concurrency measurement)
  /limited/KEY?n=N&after=S  429 with Retry-After S for the first N requests of KEY, then 200
  /limited-always           429 with Retry-After 1
  /flaky/KEY?n=N            503 for the first N requests of KEY, then 200
  /trickle?bytes=N&ms=M     HEAD 405; GET 200 with an N-byte body sent one byte every M ms
                            (defaults 65536 and 1000)
  /page/NAME                200 with Pages/NAME.html beside this script (404 when there is none)
  /padded/NAME?bytes=N      the same, after an N-byte HTML comment
  /                         200, a home page
  /profiles/...             200, a profile page
  /_stats                   JSON {"peak": {host: most requests in flight}, "hits": {path: count},
                            "retry_gaps": {KEY: [seconds between 429s and the next request]}}
  /_reset                   clears the statistics
Every other path is 404.
"""
import argparse
import json
import os
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

LOCK = threading.Lock()
IN_FLIGHT = {}
PEAK = {}
HITS = {}
KEY_COUNTS = {}
LAST_429 = {}
RETRY_GAPS = {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.handle_any(head=True)

    def do_GET(self):
        self.handle_any(head=False)

    def leave(self):
        """Ends this request's in-flight count, once: just before the response goes out, since
        from then on the client may send its next request, which must not overlap this one."""
        host = getattr(self, "in_flight_host", None)
        if host is not None:
            self.in_flight_host = None
            with LOCK:
                IN_FLIGHT[host] -= 1

    def reply(self, status, headers=None, body=b"", head=False):
        self.leave()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def handle_any(self, head):
        host = self.server.server_address[0]
        parts = urlsplit(self.path)
        path, query = parts.path, parse_qs(parts.query)
        if path == "/_stats":
            with LOCK:
                body = json.dumps({"peak": PEAK, "hits": HITS, "retry_gaps": RETRY_GAPS}).encode()
            return self.reply(200, body=body, head=head)
        if path == "/_reset":
            with LOCK:
                for table in (IN_FLIGHT, PEAK, HITS, KEY_COUNTS, LAST_429, RETRY_GAPS):
                    table.clear()
            return self.reply(200, head=head)
        with LOCK:
            IN_FLIGHT[host] = IN_FLIGHT.get(host, 0) + 1
            PEAK[host] = max(PEAK.get(host, 0), IN_FLIGHT[host])
            HITS[path] = HITS.get(path, 0) + 1
        self.in_flight_host = host
        try:
            self.route(path, query, head)
        finally:
            self.leave()

    def counted(self, key):
        with LOCK:
            KEY_COUNTS[key] = KEY_COUNTS.get(key, 0) + 1
            return KEY_COUNTS[key]

    def route(self, path, query, head):
        def number(name, default):
            try:
                return int(query.get(name, [default])[0])
            except ValueError:
                return default

        if path == "/":
            return self.reply(200, body=b"<title>Home</title>", head=head)
        if path.startswith("/profiles/"):
            return self.reply(200, body=b"<title>A profile</title>", head=head)
        if path.startswith("/page/") or path.startswith("/padded/"):
            name = path.split("/")[2]
            page = os.path.join(os.path.dirname(os.path.abspath(__file__)), "Pages", name + ".html")
            if "/" in name or name.startswith(".") or not os.path.isfile(page):
                return self.reply(404, head=head)
            with open(page, "rb") as f:
                body = f.read()
            if path.startswith("/padded/"):
                body = b"<!-- " + b"x" * number("bytes", 0) + b" -->" + body
            return self.reply(200, body=body, head=head)
        if path == "/ok":
            return self.reply(200, body=b"<title>ok</title>", head=head)
        if path.startswith("/status/"):
            return self.reply(int(path.split("/")[2]), head=head)
        if path == "/head-refused":
            return self.reply(405 if head else 200, {"Allow": "GET"}, head=head)
        if path.startswith("/redirect/"):
            left = int(path.split("/")[2])
            if left <= 0:
                return self.reply(200, head=head)
            return self.reply(302, {"Location": f"/redirect/{left - 1}"}, head=head)
        if path == "/loop/a":
            return self.reply(302, {"Location": "/loop/b"}, head=head)
        if path == "/loop/b":
            return self.reply(301, {"Location": "/loop/a"}, head=head)
        if path == "/to":
            return self.reply(302, {"Location": query.get("url", ["/"])[0]}, head=head)
        if path == "/login-wall":
            return self.reply(302, {"Location": "https://www.instagram.com/accounts/login/?next=%2Falice%2F"}, head=head)
        if path == "/login-wall-local":
            return self.reply(302, {"Location": "/accounts/login/?next=%2Falice%2F"}, head=head)
        if path.startswith("/accounts/login"):
            return self.reply(200, body=b"<title>Log in</title>", head=head)
        if path == "/authwall":
            return self.reply(302, {"Location": "https://www.linkedin.com/authwall?trk=gf&sessionRedirect=x"}, head=head)
        if path == "/gone-page":
            return self.reply(302, {"Location": "/404"}, head=head)
        if path.startswith("/linkedin/"):
            return self.reply(999, head=head)
        if path in ("/slow", "/hold"):
            time.sleep(number("ms", 2000) / 1000)
            return self.reply(200, head=head)
        if path.startswith("/limited/"):
            key = path.split("/")[2]
            now = time.monotonic()
            with LOCK:
                if key in LAST_429:
                    RETRY_GAPS.setdefault(key, []).append(round(now - LAST_429.pop(key), 3))
            if self.counted(path) <= number("n", 1):
                with LOCK:
                    LAST_429[key] = now
                return self.reply(429, {"Retry-After": str(number("after", 1))}, head=head)
            return self.reply(200, head=head)
        if path == "/limited-always":
            return self.reply(429, {"Retry-After": "1"}, head=head)
        if path == "/trickle":
            if head:
                return self.reply(405, head=True)
            size, every = number("bytes", 65536), number("ms", 1000)
            self.leave()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            for _ in range(size):
                try:
                    self.wfile.write(b"x")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(every / 1000)
            return
        if path.startswith("/flaky/"):
            if self.counted(path) <= number("n", 1):
                return self.reply(503, head=head)
            return self.reply(200, head=head)
        return self.reply(404, body=b"<title>Not found</title>", head=head)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--hosts", type=int, default=1, help="listen on 127.0.0.1 .. 127.0.0.N")
    parser.add_argument("--lifetime", type=float, default=600, help="exit after this many seconds")
    args = parser.parse_args()
    servers = [Server(("127.0.0.1", 0), Handler)]
    port = servers[0].server_address[1]
    for n in range(2, args.hosts + 1):
        servers.append(Server((f"127.0.0.{n}", port), Handler))
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print(port, flush=True)
    deadline = time.monotonic() + args.lifetime
    while time.monotonic() < deadline:
        time.sleep(0.5)
        if os.getppid() == 1:  # the test process is gone
            break


if __name__ == "__main__":
    main()
